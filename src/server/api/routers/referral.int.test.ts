import { beforeAll, describe, expect, it } from "vitest";
import { type Fixture, setUpFixture } from "../../testing/fixture";
import { addMeeting } from "../../testing/meeting-helpers";

const fixture = setUpFixture();
let f: Fixture;
beforeAll(() => {
  f = fixture();
});

// Each new patient has a name of their own, so that only the duplicate tests meet the same-person check.
const newPatient = (mrn: string, givenName = `Gun ${mrn}`) => ({ kind: "new" as const, mrn, familyName: "Nilsson", givenName, birthDate: new Date("1958-02-02T00:00:00Z"), sex: "FEMALE" as const });
const lung = { kind: "new" as const, topographyCode: "C34.1", topographyDisplay: "Upper lobe, lung", morphologyCode: "8140/3", morphologyDisplay: "Adenocarcinoma, NOS", diagnosisDate: null };
const base = {
  questionType: "STAGING" as const,
  clinicalQuestion: "Staging after EBUS: N2?",
  urgency: "URGENT" as const,
  attachments: [{ kind: "IMAGING" as const, label: "CT chest 10 Nov", ref: null }],
  ecog: 1,
  referringPhysicianName: "Dr G. Practitioner",
  referringPhysicianAddress: "1 High Street",
};

describe("referral.create", () => {
  it("creates the patient and case, places it on the next meeting past the cut-off and tells the chair", async () => {
    const tooSoon = await addMeeting(f, 1);
    const next = await addMeeting(f, 6);
    const specialist = await f.callerFor("specialist");
    const result = await specialist.referral.create({ boardId: f.boardA.id, patient: newPatient("R-100", "Greta"), condition: lung, ...base });
    expect(result.meeting).toEqual({ id: next.id, startsAt: next.startsAt });
    expect(await f.db.agendaItem.count({ where: { meetingId: tooSoon.id } })).toBe(0);
    const kase = await f.db.case.findUniqueOrThrow({ where: { id: result.caseId }, include: { condition: true } });
    expect(kase).toMatchObject({ status: "SCHEDULED", urgency: "URGENT", ecog: 1, referringUserId: f.users.specialist.id, referringPhysicianName: "Dr G. Practitioner", attachments: [{ kind: "IMAGING", label: "CT chest 10 Nov" }] });
    expect(kase.ecogRecordedAt).not.toBeNull();
    expect(kase.condition?.topographyCode).toBe("C34.1");
    const notices = await f.db.notification.findMany({ where: { userId: f.users.chair.id, kind: "CASE_REFERRED" } });
    expect(notices.map((n) => n.title)).toEqual(["New urgent referral to the Board A: NILSSON, Greta"]);
    expect(await f.db.auditEvent.count({ where: { action: "case.refer", patientId: result.patientId } })).toBe(1);
  });

  it("places a diagnosis question without condition, and puts the case on the waiting list when no meeting takes referrals", async () => {
    const result = await (await f.callerFor("specialist")).referral.create({ boardId: f.boardA.id, patient: newPatient("R-099"), condition: null, ...base, questionType: "DIAGNOSIS" });
    // Board A still has the meeting 6 days ahead: the case goes there.
    expect(result.meeting).not.toBeNull();
    await f.db.meeting.updateMany({ where: { boardId: f.boardA.id }, data: { status: "CANCELLED" } });
    const waiting = await (await f.callerFor("chair")).referral.create({ boardId: f.boardA.id, patient: newPatient("R-101"), condition: lung, ...base });
    expect(waiting.meeting).toBeNull();
    expect(await f.db.case.findUniqueOrThrow({ where: { id: waiting.caseId } })).toMatchObject({ status: "REFERRED", waitingReason: "No meeting with open referrals yet" });
    await f.db.meeting.updateMany({ where: { boardId: f.boardA.id, status: "CANCELLED" }, data: { status: "PLANNED" } });
  });

  it("refuses a second open referral of the same patient to the same board, a known MRN as a new patient, and a question without condition", async () => {
    const specialist = await f.callerFor("specialist");
    await expect(specialist.referral.create({ boardId: f.boardA.id, patient: { kind: "existing", patientId: f.patientA.id }, condition: null, ...base })).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'This patient already has an open referral to this board ("Surgery?"). Add to that case rather than referring twice.',
    });
    await expect(specialist.referral.create({ boardId: f.boardA.id, patient: newPatient("A-1"), condition: lung, ...base })).rejects.toThrow(
      "A patient with MRN A-1 already exists: search for them and choose them instead.",
    );
    await expect(specialist.referral.create({ boardId: f.boardA.id, patient: newPatient("R-102"), condition: null, ...base })).rejects.toThrow(
      "Give the cancer condition: only a diagnosis question may come without one.",
    );
    expect(await f.db.patient.count({ where: { mrn: "R-102" } })).toBe(0);
  });

  it("refuses bad input with a message per field", async () => {
    const specialist = await f.callerFor("specialist");
    await expect(
      specialist.referral.create({ boardId: f.boardA.id, patient: newPatient("R-103"), condition: { ...lung, topographyCode: "lung" }, ...base, clinicalQuestion: "  ", ecog: 7 }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("ICD-O-3 code such as C34.1") });
  });

  it("refuses a member of another board", async () => {
    await expect((await f.callerFor("outsiderChair")).referral.create({ boardId: f.boardA.id, patient: newPatient("R-104"), condition: lung, ...base })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Not found." });
  });
});

describe("referral.findPatients and referral.mine", () => {
  it("finds patients of the user's boards by name or MRN start, never another board's, and audits each", async () => {
    const chair = await f.callerFor("chair");
    expect((await chair.referral.findPatients({ query: "nils" })).map((p) => p.mrn)).toEqual(["R-100", "R-099", "R-101"]);
    expect(await f.db.auditEvent.count({ where: { action: "patient.search", actorId: f.users.chair.id, patientId: f.patientA.id } })).toBe(0);
    expect((await chair.referral.findPatients({ query: "a-1" })).map((p) => p.mrn)).toEqual(["A-1"]);
    expect(await f.db.auditEvent.count({ where: { action: "patient.search", actorId: f.users.chair.id, patientId: f.patientA.id } })).toBe(1);
    const outsider = await f.callerFor("outsiderChair");
    expect(await outsider.referral.findPatients({ query: "nils" })).toEqual([]);
    // The exact MRN of another board's patient no longer lists them (issue 10, finding 1).
    expect(await outsider.referral.findPatients({ query: "A-1" })).toEqual([]);
    await expect(chair.referral.findPatients({ query: "x" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("lists the user's own referrals with where they stand", async () => {
    const mine = await (await f.callerFor("specialist")).referral.mine();
    expect(mine.find((r) => r.patient.mrn === "R-100")).toMatchObject({ status: "SCHEDULED", urgency: "URGENT", meeting: { id: expect.any(String) } });
    expect(await (await f.callerFor("coordinator")).referral.mine()).toEqual([]);
  });
});

const born1960 = new Date("1960-01-01T00:00:00Z");

describe("patients outside one's boards (issue 10, finding 1)", () => {
  it("needs MRN and birth date, and then confirms only that the patient exists", async () => {
    const outsider = await f.callerFor("outsiderChair");
    expect(await outsider.referral.lookup({ mrn: "A-1", birthDate: new Date("1961-01-01T00:00:00Z") })).toEqual({ handle: null });
    expect(await outsider.referral.lookup({ mrn: "A-404", birthDate: born1960 })).toEqual({ handle: null });
    const found = await outsider.referral.lookup({ mrn: "a-1", birthDate: born1960 });
    // An opaque handle and nothing else: no name, birth date, sex or diagnosis, not even the patient's id.
    expect(Object.keys(found)).toEqual(["handle"]);
    expect(found.handle).toEqual(expect.any(String));
    expect(found.handle).not.toBe(f.patientA.id);
    expect(JSON.stringify(found)).not.toMatch(/Testperson|C34|Adenocarcinoma/);
    const audited = await f.db.auditEvent.findMany({ where: { action: "patient.lookup", actorId: f.users.outsiderChair.id }, orderBy: { id: "asc" } });
    expect(audited.map((a) => [a.patientId, (a.detail as { found: boolean }).found])).toEqual([[null, false], [null, false], [f.patientA.id, true]]);
    // The old hole: naming another board's patient by id is refused without saying whether they exist.
    await expect(outsider.referral.create({ boardId: f.boardB.id, patient: { kind: "existing", patientId: f.patientA.id }, condition: null, ...base, questionType: "DIAGNOSIS" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "No such patient on your boards: search outside your boards by MRN and birth date.",
    });
    await f.db.patientLookup.deleteMany({ where: { userId: f.users.outsiderChair.id } });
  });

  it("limits searches outside one's boards to 20 in 10 minutes per user, with a clear refusal", async () => {
    const coordinator = await f.callerFor("coordinator");
    for (let i = 0; i < 20; i++) await coordinator.referral.lookup({ mrn: `B-${i}`, birthDate: born1960 });
    const refusal = { code: "TOO_MANY_REQUESTS", message: "You have searched for patients outside your boards 20 times in 10 minutes. Try again in 10 minutes." };
    await expect(coordinator.referral.lookup({ mrn: "B-1", birthDate: born1960 })).rejects.toMatchObject(refusal);
    // Refused whether or not it would find someone, and the same-name check counts too.
    await expect(coordinator.referral.lookup({ mrn: "B-404", birthDate: born1960 })).rejects.toMatchObject(refusal);
    await expect(coordinator.referral.similarPatients({ familyName: "Testperson", givenName: "B-1", birthDate: born1960 })).rejects.toMatchObject(refusal);
    // Others are not affected; searches within one's boards are not limited.
    expect((await (await f.callerFor("chair")).referral.lookup({ mrn: "B-1", birthDate: born1960 })).handle).toEqual(expect.any(String));
    expect((await coordinator.referral.findPatients({ query: "A-1" })).map((p) => p.mrn)).toEqual(["A-1"]);
    // A quarter of an hour later the window is empty again.
    await f.db.patientLookup.updateMany({ where: { userId: f.users.coordinator.id }, data: { at: new Date(Date.now() - 15 * 60_000) } });
    expect((await coordinator.referral.lookup({ mrn: "B-1", birthDate: born1960 })).handle).toEqual(expect.any(String));
    await f.db.patientLookup.deleteMany({ where: { userId: { in: [f.users.coordinator.id, f.users.chair.id] } } });
  });
});

describe("referring another board's patient needs a declared relationship (issue 10, finding 2)", () => {
  it("asks for the relationship, stores and audits it, tells the other board's chairs and lets the admin review it", async () => {
    const outsider = await f.callerFor("outsiderChair");
    const { handle } = await outsider.referral.lookup({ mrn: "A-1", birthDate: born1960 });
    const refer = (relationship: { kind: "TREATING_PHYSICIAN" | "SECOND_OPINION" | "OTHER"; statement: string | null } | null) =>
      outsider.referral.create({ boardId: f.boardB.id, patient: { kind: "found", handle: handle!, relationship }, condition: null, ...base, questionType: "DIAGNOSIS", clinicalQuestion: "Second look at the PET?" });
    await expect(refer(null)).rejects.toMatchObject({ code: "BAD_REQUEST", message: "This patient is not known on your boards: declare your treatment relationship with them." });
    await expect(refer({ kind: "SECOND_OPINION", statement: " " })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Say who requested the second opinion, or on what ground you refer this patient." });
    // A handle is the searcher's own: another user cannot refer with it.
    await expect(
      (await f.callerFor("specialist")).referral.create({ boardId: f.boardA.id, patient: { kind: "found", handle: handle!, relationship: { kind: "TREATING_PHYSICIAN", statement: null } }, condition: null, ...base, questionType: "DIAGNOSIS" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", message: "This search result has expired: search again by MRN and birth date." });
    expect(await f.db.case.count({ where: { patientId: f.patientA.id, boardId: f.boardB.id } })).toBe(0);

    const result = await refer({ kind: "SECOND_OPINION", statement: "Dr Ada Lovelace, GP" });
    expect(result.patientId).toBe(f.patientA.id);
    const declared = await f.db.declaredRelationship.findMany({ where: { patientId: f.patientA.id } });
    expect(declared).toMatchObject([{ userId: f.users.outsiderChair.id, boardId: f.boardB.id, caseId: result.caseId, kind: "SECOND_OPINION", statement: "Dr Ada Lovelace, GP", reviewedAt: null }]);
    const audits = await f.db.auditEvent.findMany({ where: { actorId: f.users.outsiderChair.id, patientId: f.patientA.id, action: { in: ["case.refer", "patient.relationship.declare"] } }, orderBy: { id: "asc" } });
    expect(audits.map((a) => [a.action, a.reason, (a.detail as { ground?: string }).ground])).toEqual([
      ["case.refer", "declared-relationship", "declared-relationship"],
      ["patient.relationship.declare", "declared-relationship", "declared-relationship"],
    ]);
    const told = await f.db.notification.findMany({ where: { kind: "RELATIONSHIP_DECLARED" } });
    expect(told.map((n) => [n.userId, n.title, n.body, n.link])).toEqual([
      [f.users.chair.id, "chair-b referred your patient TESTPERSON, A-1 to the Board B", "Declared relationship: for a second opinion requested by Dr Ada Lovelace, GP.", `/cases/${f.caseA.id}`],
    ]);

    // Now a patient of the user's boards: a second referral to board A by the same person needs no declaration.
    const admin = await f.callerFor("admin");
    const pending = await admin.admin.relationships({ pendingOnly: true });
    expect(pending).toEqual([
      expect.objectContaining({ kind: "SECOND_OPINION", statement: "Dr Ada Lovelace, GP", patientMrn: "A-1", boardName: "Board B", declaredBy: { name: "chair-b", email: "chair-b@test.example", role: "CHAIR" }, reviewedAt: null }),
    ]);
    await admin.admin.reviewRelationship({ relationshipId: pending[0]!.id });
    expect(await admin.admin.relationships({ pendingOnly: true })).toEqual([]);
    expect(await admin.admin.relationships({ pendingOnly: false })).toEqual([expect.objectContaining({ reviewedBy: "admin", reviewedAt: expect.any(Date) })]);
    await expect(admin.admin.reviewRelationship({ relationshipId: pending[0]!.id })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await f.db.auditEvent.count({ where: { action: "relationship.review", actorId: f.users.admin.id, patientId: f.patientA.id } })).toBe(1);
  });

  it("pre-fills the new case's decision only from decisions of the user's own boards", async () => {
    // Board A's decision on patient A is signed; board B's chair referred patient A above.
    await f.db.decision.update({ where: { id: f.draftA.id }, data: { status: "SIGNED", signedAt: new Date(), signedById: f.users.chair.id, histology: "Adenocarcinoma" } });
    const caseOnB = await f.db.case.findFirstOrThrow({ where: { patientId: f.patientA.id, boardId: f.boardB.id } });
    const onB = await (await f.callerFor("outsiderChair")).decision.workspace({ caseId: caseOnB.id });
    expect(onB.prefill).toBeNull();
    expect(onB.versions).toEqual([]);
    // Board A's members still start from their own board's signed decision.
    const onA = await (await f.callerFor("chair")).decision.workspace({ caseId: f.caseA.id });
    expect(onA.prefill).toMatchObject({ decisionId: f.draftA.id, fromCaseId: f.caseA.id });
  });
});

describe("a new patient with the name and birth date of a known one (issue 11)", () => {
  const greta = { familyName: "nilsson", givenName: "GRETA", birthDate: new Date("1958-02-02T00:00:00Z") };

  it("offers the known patient on the user's boards, and refuses the duplicate until confirmed as another person", async () => {
    const specialist = await f.callerFor("specialist");
    const similar = await specialist.referral.similarPatients(greta);
    expect(similar).toEqual({ onYourBoards: [expect.objectContaining({ mrn: "R-100", familyName: "Nilsson", givenName: "Greta" })], elsewhere: false });
    const twin = { ...newPatient("R-200", "Greta") };
    await expect(specialist.referral.create({ boardId: f.boardA.id, patient: twin, condition: lung, ...base })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "NILSSON, Greta (MRN R-100) has the same name and birth date and is known on your boards: choose them, or confirm that this is a different person.",
    });
    expect(await f.db.patient.count({ where: { mrn: "R-200" } })).toBe(0);
    const confirmed = await specialist.referral.create({ boardId: f.boardA.id, patient: { ...twin, differentPerson: true }, condition: lung, ...base });
    expect(await f.db.patient.findUniqueOrThrow({ where: { id: confirmed.patientId } })).toMatchObject({ mrn: "R-200", givenName: "Greta" });
  });

  it("tells someone outside the patient's boards only that such a patient exists", async () => {
    const outsider = await f.callerFor("outsiderChair");
    expect(await outsider.referral.similarPatients(greta)).toEqual({ onYourBoards: [], elsewhere: true });
    expect(await outsider.referral.similarPatients({ ...greta, givenName: "Gunilla" })).toEqual({ onYourBoards: [], elsewhere: false });
    const attempt = outsider.referral.create({ boardId: f.boardB.id, patient: newPatient("R-300", "Greta"), condition: lung, ...base });
    await expect(attempt).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'A patient with this name and birth date exists: give their MRN and birth date under "Patient of another board?" to refer them, or confirm that this is a different person.',
    });
    expect(await f.db.patient.count({ where: { mrn: "R-300" } })).toBe(0);
  });
});
