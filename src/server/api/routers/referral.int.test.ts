import { beforeAll, describe, expect, it } from "vitest";
import { type Fixture, setUpFixture } from "../../testing/fixture";
import { addMeeting } from "../../testing/meeting-helpers";

const fixture = setUpFixture();
let f: Fixture;
beforeAll(() => {
  f = fixture();
});

const newPatient = (mrn: string) => ({ kind: "new" as const, mrn, familyName: "Nilsson", givenName: "Greta", birthDate: new Date("1958-02-02T00:00:00Z"), sex: "FEMALE" as const });
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
    const result = await specialist.referral.create({ boardId: f.boardA.id, patient: newPatient("R-100"), condition: lung, ...base });
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
    const result = await (await f.callerFor("specialist")).referral.create({ boardId: f.boardA.id, patient: { kind: "existing", patientId: f.patientB.id }, condition: null, ...base, questionType: "DIAGNOSIS" });
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
  it("finds patients of the user's boards by name or MRN start, others only by exact MRN, and audits each", async () => {
    const chair = await f.callerFor("chair");
    expect((await chair.referral.findPatients({ query: "nils" })).map((p) => p.mrn)).toEqual(["R-100", "R-101"]);
    const outsider = await f.callerFor("outsiderChair");
    expect(await outsider.referral.findPatients({ query: "nils" })).toEqual([]);
    expect((await outsider.referral.findPatients({ query: "a-1" })).map((p) => p.mrn)).toEqual(["A-1"]);
    expect(await f.db.auditEvent.count({ where: { action: "patient.search", actorId: f.users.outsiderChair.id, patientId: f.patientA.id } })).toBe(1);
    await expect(chair.referral.findPatients({ query: "x" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("lists the user's own referrals with where they stand", async () => {
    const mine = await (await f.callerFor("specialist")).referral.mine();
    expect(mine.find((r) => r.patient.mrn === "R-100")).toMatchObject({ status: "SCHEDULED", urgency: "URGENT", meeting: { id: expect.any(String) } });
    expect(await (await f.callerFor("coordinator")).referral.mine()).toEqual([]);
  });
});
