import { beforeAll, describe, expect, it } from "vitest";
import { pdfText } from "@/integrations/pdf/read-pdf-text";
import { letterPdf } from "@/server/services/documents/letters";
import { loadSessionUser } from "@/server/services/auth/load-session-user";
import { hashPassword } from "@/server/services/auth/verify-credentials";
import { createCaller } from "../root";
import { createInnerContext } from "../trpc";
import { type Fixture, setUpFixture } from "../../testing/fixture";

const fixture = setUpFixture();
let f: Fixture;
let wrobel: { id: string };
let wrobelCaseA: string;
let wrobelCaseB: string;

const noGp = { name: null, practice: null, address: null, email: null };
const noReferrer = { name: null, specialty: null, address: null, email: null };

beforeAll(async () => {
  f = fixture();
  // A patient with a case on each board: board A's members must see the case on A and nothing of the case on B.
  wrobel = await f.db.patient.create({
    data: { mrn: "MRN-7731", familyName: "Wróbel-Øster", givenName: "Zoë", birthDate: new Date("1971-04-09T00:00:00Z"), sex: "FEMALE", researchPseudonym: "CON-7731" },
  });
  const mk = (boardId: string, status: "SCHEDULED" | "CLOSED") =>
    f.db.case.create({ data: { patientId: wrobel.id, boardId, questionType: "STAGING", clinicalQuestion: "Stage?", referringUserId: f.users.specialist.id, status } });
  wrobelCaseA = (await mk(f.boardA.id, "SCHEDULED")).id;
  wrobelCaseB = (await mk(f.boardB.id, "CLOSED")).id;
});

/** A second radiologist on board A, who did not refer case A. */
async function otherSpecialist() {
  const user = await f.db.user.upsert({
    where: { email: "radiologist-2@test.example" },
    update: {},
    create: { email: "radiologist-2@test.example", name: "radiologist-2", role: "SPECIALIST", specialty: "RADIOLOGY", passwordHash: await hashPassword("x-x-x-x-x-x"), memberships: { create: { boardId: f.boardA.id } } },
  });
  return createCaller(createInnerContext({ db: f.db, user: await loadSessionUser(f.db, user.id) }));
}

describe("patient.search", () => {
  it("finds a patient of one's boards by MRN, by part of the name without diacritics, and by birth date", async () => {
    const coordinator = await f.callerFor("coordinator");
    const byMrn = await coordinator.patient.search({ text: "mrn-7731", birthDate: null });
    expect(byMrn.patients.map((p) => p.mrn)).toEqual(["MRN-7731"]);
    const byName = await coordinator.patient.search({ text: "wrobel zoe", birthDate: null });
    expect(byName.patients.map((p) => p.mrn)).toEqual(["MRN-7731"]);
    const byOster = await coordinator.patient.search({ text: "OSTER", birthDate: null });
    expect(byOster.patients.map((p) => p.mrn)).toEqual(["MRN-7731"]);
    const byBirth = await coordinator.patient.search({ text: "", birthDate: "1971-04-09" });
    expect(byBirth.patients.map((p) => p.mrn)).toEqual(["MRN-7731"]);
  });

  it("shows only the boards and cases the caller is a member of", async () => {
    const chairA = await f.callerFor("chair");
    const [found] = (await chairA.patient.search({ text: "MRN-7731", birthDate: null })).patients;
    expect(found!.boards).toEqual([{ id: f.boardA.id, name: "Board A" }]);
    expect(found!.cases.map((c) => c.id)).toEqual([wrobelCaseA]);

    const chairB = await f.callerFor("outsiderChair");
    const [seenFromB] = (await chairB.patient.search({ text: "MRN-7731", birthDate: null })).patients;
    expect(seenFromB!.cases.map((c) => c.id)).toEqual([wrobelCaseB]);
  });

  it("finds nothing for a member of another board, and records the empty search without patient or text", async () => {
    const chairB = await f.callerFor("outsiderChair");
    const before = await f.db.auditEvent.count({ where: { action: "patient.search" } });
    const result = await chairB.patient.search({ text: "A-1", birthDate: null });
    expect(result).toEqual({ total: 0, patients: [] });
    const events = await f.db.auditEvent.findMany({ where: { action: "patient.search" }, orderBy: { at: "asc" }, skip: before });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: f.users.outsiderChair.id, patientId: null, detail: { criteria: ["text"], results: 0 } });
    expect(JSON.stringify(events[0]!.detail)).not.toContain("A-1");
  });

  it("audits one event per patient shown", async () => {
    const chair = await f.callerFor("chair");
    const before = await f.db.auditEvent.count({ where: { action: "patient.search", actorId: f.users.chair.id } });
    const result = await chair.patient.search({ text: "testperson", birthDate: null });
    expect(result.patients.map((p) => p.mrn)).toEqual(["A-1"]);
    const events = await f.db.auditEvent.findMany({ where: { action: "patient.search", actorId: f.users.chair.id }, skip: before });
    expect(events.map((e) => e.patientId)).toEqual([f.patientA.id]);
  });

  it("refuses administrators, who hold no patient data, and a search too short to mean anything", async () => {
    const admin = await f.callerFor("admin");
    await expect(admin.patient.search({ text: "A-1", birthDate: null })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const chair = await f.callerFor("chair");
    await expect(chair.patient.search({ text: "a", birthDate: null })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(chair.patient.search({ text: "", birthDate: "1971-02-31" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("the GP and the referring physician", () => {
  it("lets the coordinator add the GP; audited with what changed, not the values", async () => {
    const coordinator = await f.callerFor("coordinator");
    const before = await coordinator.case.contacts({ caseId: f.caseA.id });
    expect(before.canEdit).toBe(true);
    const saved = await coordinator.patient.updateGp({
      caseId: f.caseA.id,
      revision: before.gp.revision,
      gp: { name: " Dr Ana Gómez ", practice: "Huisartsenpraktijk De Linde", address: "Lindelaan 5\nUtrecht", email: "a.gomez@linde.example.org" },
    });
    expect(saved).toEqual({ name: "Dr Ana Gómez", practice: "Huisartsenpraktijk De Linde", address: "Lindelaan 5\nUtrecht", email: "a.gomez@linde.example.org", revision: before.gp.revision + 1 });
    const event = await f.db.auditEvent.findFirstOrThrow({ where: { action: "patient.gp.update" }, orderBy: { at: "desc" } });
    expect(event).toMatchObject({ actorId: f.users.coordinator.id, patientId: f.patientA.id, detail: { caseId: f.caseA.id, changed: ["name", "practice", "address", "email"] } });
    expect(JSON.stringify(event.detail)).not.toContain("Gómez");
  });

  it("refuses an edit made on an older revision (CONFLICT) and keeps the newer one", async () => {
    const chair = await f.callerFor("chair");
    const { gp } = await chair.case.contacts({ caseId: f.caseA.id });
    await chair.patient.updateGp({ caseId: f.caseA.id, revision: gp.revision, gp: { ...noGp, name: "Dr First" } });
    await expect(chair.patient.updateGp({ caseId: f.caseA.id, revision: gp.revision, gp: { ...noGp, name: "Dr Second" } })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("Someone else changed the general practitioner"),
    });
    expect((await f.db.patient.findUniqueOrThrow({ where: { id: f.patientA.id } })).gpName).toBe("Dr First");
  });

  it("refuses a specialist who did not refer the case, a member of another board, and details without a name", async () => {
    const specialist = await otherSpecialist();
    expect((await specialist.case.contacts({ caseId: f.caseA.id })).canEdit).toBe(false);
    const audits = await f.db.auditEvent.count({ where: { action: { in: ["patient.gp.update", "case.referring-physician.update"] } } });
    await expect(specialist.patient.updateGp({ caseId: f.caseA.id, revision: 0, gp: { ...noGp, name: "Dr Nope" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(specialist.case.updateReferringPhysician({ caseId: f.caseA.id, revision: 0, referringPhysician: { ...noReferrer, name: "Dr Nope" } })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Only the board's chair, a coordinator or the specialist who referred this case may change the referring physician.",
    });
    const outsider = await f.callerFor("outsiderChair");
    await expect(outsider.patient.updateGp({ caseId: f.caseA.id, revision: 0, gp: { ...noGp, name: "Dr Nope" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await f.db.auditEvent.count({ where: { action: { in: ["patient.gp.update", "case.referring-physician.update"] } } })).toBe(audits);

    const coordinator = await f.callerFor("coordinator");
    await expect(coordinator.patient.updateGp({ caseId: f.caseA.id, revision: 0, gp: { ...noGp, practice: "A practice" } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(coordinator.patient.updateGp({ caseId: f.caseA.id, revision: 0, gp: { ...noGp, name: "Dr X", email: "not an address" } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await f.db.patient.findUniqueOrThrow({ where: { id: f.patientA.id } })).gpName).not.toBe("Dr Nope");
  });

  it("lets the referring specialist set the case's referring physician; audited, with a conflict check", async () => {
    const referrer = await f.callerFor("specialist");
    const { referringPhysician } = await referrer.case.contacts({ caseId: f.caseA.id });
    const saved = await referrer.case.updateReferringPhysician({
      caseId: f.caseA.id,
      revision: referringPhysician.revision,
      referringPhysician: { name: "Dr Peter Hughes", specialty: "Respiratory medicine", address: "St Anne's Hospital, Chest Clinic", email: "" },
    });
    expect(saved).toMatchObject({ name: "Dr Peter Hughes", specialty: "Respiratory medicine", email: null, revision: referringPhysician.revision + 1 });
    expect(await f.db.auditEvent.count({ where: { action: "case.referring-physician.update", entityId: f.caseA.id, patientId: f.patientA.id, actorId: f.users.specialist.id } })).toBe(1);
    await expect(
      referrer.case.updateReferringPhysician({ caseId: f.caseA.id, revision: referringPhysician.revision, referringPhysician: { ...noReferrer, name: "Dr Late" } }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("letters", () => {
  it("addresses the referring physician's letter to the case's referrer and the GP's letter to the patient's GP", async () => {
    const coordinator = await f.callerFor("coordinator");
    const contacts = await coordinator.case.contacts({ caseId: wrobelCaseA });
    await coordinator.patient.updateGp({ caseId: wrobelCaseA, revision: contacts.gp.revision, gp: { name: "Dr Sanne de Vries", practice: "Huisartsenpraktijk De Linde", address: "Lindelaan 5", email: null } });
    await coordinator.case.updateReferringPhysician({
      caseId: wrobelCaseA,
      revision: contacts.referringPhysician.revision,
      referringPhysician: { name: "Dr Jan Jansen", specialty: "Gastroenterology", address: "Westside Hospital", email: "j.jansen@westside.example.org" },
    });
    const decision = await f.db.decision.create({
      data: { caseId: wrobelCaseA, intent: "CURATIVE", recommendation: "Resection.", rationale: "Operable.", recordedById: f.users.coordinator.id, status: "SIGNED", signedById: f.users.chair.id, signedAt: new Date() },
    });
    const actor = f.users.coordinator;
    const toReferrer = pdfText((await letterPdf(f.db, actor, { caseId: wrobelCaseA, decisionId: decision.id, recipient: "referrer" })).bytes);
    expect(toReferrer).toContain("Dr Jan Jansen");
    expect(toReferrer).toContain("Gastroenterology");
    expect(toReferrer).not.toContain("Sanne de Vries");
    const toGp = pdfText((await letterPdf(f.db, actor, { caseId: wrobelCaseA, decisionId: decision.id, recipient: "gp" })).bytes);
    expect(toGp).toContain("Dr Sanne de Vries");
    expect(toGp).toContain("Huisartsenpraktijk De Linde");
    expect(toGp).not.toContain("Jan Jansen");

    const panel = await coordinator.document.caseDocuments({ caseId: wrobelCaseA });
    expect(panel).toMatchObject({ referrer: "Dr Jan Jansen", referrerEmail: "j.jansen@westside.example.org", gp: "Dr Sanne de Vries", gpEmail: null });
  });
});
