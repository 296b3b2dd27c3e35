import { describe, expect, it } from "vitest";
import { setUpFixture } from "../../testing/fixture";

const fixture = setUpFixture();
const at = (iso: string) => new Date(iso);

interface PastCaseOptions {
  histology?: string;
  topographyCode?: string;
  /** The meeting day, e.g. "2024-01-16"; the death follows 400 days later. */
  on?: string;
}

/** A signed lung decision on a board, discussed at a finished meeting, with a death 400 days later. */
async function pastLungCase(boardId: string, mrn: string, stageGroup: string, options: PastCaseOptions = {}) {
  const f = fixture();
  const on = options.on ?? "2024-01-16";
  const day = (offset: number, time = "00:00:00") => new Date(at(`${on}T${time}Z`).getTime() + offset * 86_400_000);
  const db = f.db;
  const patient = await db.patient.create({
    data: { mrn, familyName: "Past", givenName: mrn, birthDate: at("1958-03-01T00:00:00Z"), sex: "MALE", researchPseudonym: `CON-${mrn}`, conditions: { create: { topographyCode: options.topographyCode ?? "C34.1", topographyDisplay: "Upper lobe, lung", morphologyCode: "8140/3", morphologyDisplay: "Adenocarcinoma, NOS" } } },
    include: { conditions: true },
  });
  const kase = await db.case.create({ data: { patientId: patient.id, boardId, conditionId: patient.conditions[0]!.id, questionType: "PRIMARY_TREATMENT", clinicalQuestion: "?", referringUserId: f.users.specialist.id, createdAt: day(-14, "08:00:00"), status: "CLOSED" } });
  const meeting = await db.meeting.create({ data: { boardId, startsAt: day(0, "08:00:00"), status: "FINISHED" } });
  await db.agendaItem.create({ data: { meetingId: meeting.id, caseId: kase.id, position: 1, status: "DISCUSSED", discussedAt: day(0, "08:00:00") } });
  const decision = await db.decision.create({
    data: { caseId: kase.id, meetingId: meeting.id, status: "SIGNED", stageGroup, histology: options.histology ?? "Adenocarcinoma", ecog: 1, biomarkers: [{ marker: "EGFR", value: "Exon 19 deletion" }], intent: "PALLIATIVE", modalities: ["SYSTEMIC_THERAPY"], recommendation: "Osimertinib", recordedById: f.users.coordinator.id, signedById: f.users.chair.id, signedAt: day(0, "08:05:00"), createdAt: day(0, "08:02:00") },
  });
  const id = `death-${mrn}`;
  await db.outcome.create({ data: { id, lineageId: id, patientId: patient.id, caseId: kase.id, decisionId: decision.id, kind: "DEATH", occurredOn: day(400), causeOfDeath: "CANCER", recordedById: f.users.coordinator.id } });
  return kase;
}

/**
 * A board of its own tumour site (so earlier tests' cases stay out of its comparisons), the chair a member, and a case
 * at hand on it: stage IIIA adenocarcinoma, EGFR exon 19 deletion, ECOG 1, a draft decision.
 */
async function boardWithCaseAtHand(tumourSite: string) {
  const f = fixture();
  const board = await f.db.board.create({ data: { slug: tumourSite, name: tumourSite, tumourSite, quorumSpecialties: [], memberships: { create: { userId: f.users.chair.id } } } });
  const patient = await f.db.patient.create({
    data: { mrn: `AT-HAND-${tumourSite}`, familyName: "Now", givenName: "Case", birthDate: at("1960-01-01T00:00:00Z"), sex: "MALE", researchPseudonym: `CON-NOW-${tumourSite}`, conditions: { create: { topographyCode: "C34.1", topographyDisplay: "Upper lobe, lung", morphologyCode: "8140/3", morphologyDisplay: "Adenocarcinoma, NOS" } } },
    include: { conditions: true },
  });
  const kase = await f.db.case.create({ data: { patientId: patient.id, boardId: board.id, conditionId: patient.conditions[0]!.id, questionType: "PRIMARY_TREATMENT", clinicalQuestion: "?", referringUserId: f.users.specialist.id } });
  await f.db.decision.create({
    data: { caseId: kase.id, status: "DRAFT", stageGroup: "IIIA", histology: "Adenocarcinoma", ecog: 1, biomarkers: [{ marker: "EGFR", value: "Exon 19 deletion" }], intent: "CURATIVE", modalities: ["SURGERY"], recommendation: "?", recordedById: f.users.coordinator.id },
  });
  return { board, kase };
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

  it("ranks a same-stage, same-histology case above a more recent one of another stage, and never shows another site or another site's board", async () => {
    const f = fixture();
    const { board, kase } = await boardWithCaseAtHand("thoracic-ranking");
    const alike = await pastLungCase(board.id, "ALIKE", "IIIA", { on: "2019-05-14" });
    const recent = await pastLungCase(board.id, "RECENT", "IB", { on: "2025-06-10", histology: "Squamous cell carcinoma" });
    // A breast tumour on the thoracic board, and a lung tumour on the breast board: neither is compared.
    await pastLungCase(board.id, "BREAST-SITE", "IIIA", { on: "2025-07-01", topographyCode: "C50.4" });
    await pastLungCase(f.boardB.id, "BREAST-BOARD", "IIIA", { on: "2025-07-01" });

    const result = await (await f.callerFor("chair")).similarCases.forCase({ caseId: kase.id });
    expect(result.cases.map((c) => c.caseId)).toEqual([alike.id, recent.id]);
    expect(result.cases[0]!.reasons).toEqual(expect.arrayContaining(["stage IIIA", "adenocarcinoma"]));
    expect(result.cases[1]!.reasons).not.toContain("adenocarcinoma");
    expect(result.cases.map((c) => c.pseudonym)).not.toContain("CON-BREAST-SITE");
    expect(result.cases.map((c) => c.pseudonym)).not.toContain("CON-BREAST-BOARD");
  });

  it("finds the best match among 20,000 signed decisions of the site while comparing only a bounded set of candidates", async () => {
    const f = fixture();
    const db = f.db;
    const { board, kase } = await boardWithCaseAtHand("thoracic-scale");
    const count = 20_000;
    const userId = f.users.coordinator.id;
    // Lung cases over ten years: every stage, three histologies, ECOG 0-4, no EGFR exon 19 deletion; one in fifty a
    // colon tumour on the same board. None alike on every field.
    await db.$executeRawUnsafe(`INSERT INTO "Patient" (id, mrn, "familyName", "givenName", "birthDate", sex, "researchPseudonym")
      SELECT 'sp-' || g, 'SCALE-' || g, 'Scale', 'P' || g, date '1930-01-01' + (g * 37 % 20000), 'MALE'::"Sex", 'CON-SCALE-' || g FROM generate_series(1, $1) g`, count);
    await db.$executeRawUnsafe(`INSERT INTO "CancerCondition" (id, "patientId", "topographyCode", "topographyDisplay", "morphologyCode", "morphologyDisplay")
      SELECT 'sn-' || g, 'sp-' || g, CASE WHEN g % 50 = 0 THEN 'C18.7' ELSE 'C34.1' END, 'Site', '8140/3', 'Adenocarcinoma, NOS' FROM generate_series(1, $1) g`, count);
    await db.$executeRawUnsafe(`INSERT INTO "Case" (id, "patientId", "boardId", "conditionId", "questionType", "clinicalQuestion", "referringUserId", status, "createdAt", "updatedAt")
      SELECT 'sc-' || g, 'sp-' || g, $1, 'sn-' || g, 'PRIMARY_TREATMENT', '?', $2, 'CLOSED', timestamp '2016-01-01' + g * interval '4 hours', now() FROM generate_series(1, $3) g`, board.id, userId, count);
    await db.$executeRawUnsafe(`INSERT INTO "Decision" (id, "caseId", status, "stageGroup", histology, ecog, biomarkers, intent, recommendation, "recordedById", "signedById", "signedAt", "createdAt", "updatedAt", "guidelineConcordant", quorate)
      SELECT 'sd-' || g, 'sc-' || g, 'SIGNED', (ARRAY['IA', 'IB', 'IIA', 'IIB', 'IIIA', 'IIIB', 'IIIC', 'IVA', 'IVB'])[1 + g % 9],
        (ARRAY['Adenocarcinoma', 'Squamous cell carcinoma', 'Small cell carcinoma'])[1 + g / 9 % 3], g % 5,
        jsonb_build_array(jsonb_build_object('marker', 'EGFR', 'value', CASE WHEN g % 2 = 0 THEN 'Wild type' ELSE 'L858R' END)),
        'CURATIVE', 'Scale', $1, $1, timestamp '2016-01-02' + g * interval '4 hours', timestamp '2016-01-02' + g * interval '4 hours', now(), true, true
      FROM generate_series(1, $2) g`, userId, count);
    // The one alike on every field, older than all of them.
    const best = await pastLungCase(board.id, "BEST", "IIIA", { on: "2015-03-03" });

    const result = await (await f.callerFor("chair")).similarCases.forCase({ caseId: kase.id });
    expect(result.cases).toHaveLength(5);
    expect(result.cases[0]).toMatchObject({ caseId: best.id, stageGroup: "IIIA", histology: "Adenocarcinoma" });
    expect(result.cases[0]!.reasons).toContain("EGFR Exon 19 deletion");
    expect(result.cases[0]!.score).toBeGreaterThan(result.cases[1]!.score);
    for (const c of result.cases.slice(1)) expect(c.stageGroup).toBe("IIIA");
    expect(result.compared).toBeLessThan(count / 2);
    const audit = await db.auditEvent.findFirst({ where: { action: "case.similar.read" }, orderBy: { id: "desc" } });
    expect(audit?.detail).toMatchObject({ shown: expect.any(Array), compared: result.compared });
  });

  it("refuses researchers (no patient page) and members of other boards", async () => {
    const f = fixture();
    const caller = await f.callerFor("researcher");
    await expect(caller.similarCases.forCase({ caseId: f.caseA.id })).rejects.toThrow();
    await expect((await f.callerFor("outsiderChair")).similarCases.forCase({ caseId: f.caseA.id })).rejects.toThrow();
  });
});
