import { describe, expect, it } from "vitest";
import { setUpFixture } from "../../testing/fixture";

const fixture = setUpFixture();
const at = (iso: string) => new Date(iso);

/** A signed lung decision on a board, discussed at a finished meeting, with a death 400 days later. */
async function pastLungCase(boardId: string, mrn: string, stageGroup: string) {
  const f = fixture();
  const db = f.db;
  const patient = await db.patient.create({
    data: { mrn, familyName: "Past", givenName: mrn, birthDate: at("1958-03-01T00:00:00Z"), sex: "MALE", researchPseudonym: `CON-${mrn}`, conditions: { create: { topographyCode: "C34.1", topographyDisplay: "Upper lobe, lung", morphologyCode: "8140/3", morphologyDisplay: "Adenocarcinoma, NOS" } } },
    include: { conditions: true },
  });
  const kase = await db.case.create({ data: { patientId: patient.id, boardId, conditionId: patient.conditions[0]!.id, questionType: "PRIMARY_TREATMENT", clinicalQuestion: "?", referringUserId: f.users.specialist.id, createdAt: at("2024-01-02T08:00:00Z"), status: "CLOSED" } });
  const meeting = await db.meeting.create({ data: { boardId, startsAt: at("2024-01-16T08:00:00Z"), status: "FINISHED" } });
  await db.agendaItem.create({ data: { meetingId: meeting.id, caseId: kase.id, position: 1, status: "DISCUSSED", discussedAt: at("2024-01-16T08:00:00Z") } });
  const decision = await db.decision.create({
    data: { caseId: kase.id, meetingId: meeting.id, status: "SIGNED", stageGroup, histology: "Adenocarcinoma", ecog: 1, biomarkers: [{ marker: "EGFR", value: "Exon 19 deletion" }], intent: "PALLIATIVE", modalities: ["SYSTEMIC_THERAPY"], recommendation: "Osimertinib", recordedById: f.users.coordinator.id, signedById: f.users.chair.id, signedAt: at("2024-01-16T08:05:00Z"), createdAt: at("2024-01-16T08:02:00Z") },
  });
  const id = `death-${mrn}`;
  await db.outcome.create({ data: { id, lineageId: id, patientId: patient.id, caseId: kase.id, decisionId: decision.id, kind: "DEATH", occurredOn: at("2025-02-19T00:00:00Z"), causeOfDeath: "CANCER", recordedById: f.users.coordinator.id } });
  return kase;
}

describe("similar past cases", () => {
  it("shows patients of one's own boards by name and link, and others only by pseudonym, each with what followed and why", async () => {
    const f = fixture();
    // The case at hand: stage IVA adenocarcinoma, EGFR exon 19 deletion, ECOG 1.
    await f.db.decision.update({ where: { id: f.draftA.id }, data: { stageGroup: "IVA", histology: "Adenocarcinoma", ecog: 1, biomarkers: [{ marker: "EGFR", value: "Exon 19 deletion" }] } });
    const boardC = await f.db.board.create({ data: { slug: "c", name: "Board C", tumourSite: "thoracic", quorumSpecialties: [] } });
    const own = await pastLungCase(f.boardA.id, "PAST-A", "IVA");
    await pastLungCase(boardC.id, "PAST-C", "IVB");
    // A breast board's case is never compared with a lung case.
    const result = await (await f.callerFor("chair")).similarCases.forCase({ caseId: f.caseA.id });
    expect(result.cases).toHaveLength(2);
    const [first, second] = result.cases;
    expect(first).toMatchObject({ caseId: own.id, patientName: "PAST, PAST-A", pseudonym: "CON-PAST-A", board: "a", stageGroup: "IVA", osDays: 400, osEvent: true, vitalStatus: "DEAD" });
    expect(first!.reasons).toEqual(expect.arrayContaining(["stage IVA", "adenocarcinoma", "EGFR Exon 19 deletion", "ECOG 1"]));
    expect(second).toMatchObject({ caseId: null, patientName: null, pseudonym: "CON-PAST-C", board: "c", stageGroup: "IVB" });
    expect(second!.reasons).toContain("stage IV (IVB)");
    expect(first!.score).toBeGreaterThan(second!.score);

    const audit = await f.db.auditEvent.findFirst({ where: { action: "case.similar.read" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ entityId: f.caseA.id, patientId: f.patientA.id });
  });

  it("refuses researchers (no patient page) and members of other boards", async () => {
    const f = fixture();
    const caller = await f.callerFor("researcher");
    await expect(caller.similarCases.forCase({ caseId: f.caseA.id })).rejects.toThrow();
    await expect((await f.callerFor("outsiderChair")).similarCases.forCase({ caseId: f.caseA.id })).rejects.toThrow();
  });
});
