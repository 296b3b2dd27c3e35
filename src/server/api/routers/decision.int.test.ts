import { beforeAll, describe, expect, it } from "vitest";
import { EMPTY_DECISION, STAGING_NOT_APPLICABLE, type DecisionContent } from "@/domain/decisions/content";
import { type Fixture, setUpFixture } from "../../testing/fixture";

const fixture = setUpFixture();
let f: Fixture;
beforeAll(() => {
  f = fixture();
});

const standard: DecisionContent = {
  ...EMPTY_DECISION,
  tnmPrefix: "c",
  tCategory: "T2a",
  nCategory: "N2",
  mCategory: "M0",
  stageGroup: "IIIA",
  histology: "Adenocarcinoma",
  grade: "G2",
  ecog: 1,
  biomarkers: [{ marker: "EGFR", value: "Wild type" }, { marker: "PD-L1", value: ">=50%" }],
  intent: "CURATIVE",
  modalities: ["CHEMORADIATION", "SYSTEMIC_THERAPY"],
  sequence: "Chemoradiation, then durvalumab for 12 months",
  recommendation: "Concurrent chemoradiation followed by durvalumab.",
  guidelineConcordant: true,
  rationale: "Unresectable N2 disease.",
};

const save = async (who: "chair" | "coordinator", decisionId: string | null, expectedRevision: number, content: DecisionContent, meetingId = f.meetingA.id) =>
  (await f.callerFor(who)).decision.save({ caseId: f.caseA.id, meetingId, decisionId, expectedRevision, content });

describe("decision drafts: autosave without lost updates", () => {
  it("saves an incomplete draft and bumps its revision, auditing which fields changed", async () => {
    const saved = await save("coordinator", f.draftA.id, 0, { ...EMPTY_DECISION, tnmPrefix: "c", tCategory: "T2a", recommendation: "" });
    expect(saved).toMatchObject({ id: f.draftA.id, version: 1, status: "DRAFT", revision: 1 });
    const event = await f.db.auditEvent.findFirstOrThrow({ where: { action: "decision.update", entityId: f.draftA.id }, orderBy: { id: "desc" } });
    expect(event.patientId).toBe(f.patientA.id);
    expect((event.detail as { changed: string[] }).changed).toEqual(expect.arrayContaining(["tnmPrefix", "tCategory", "recommendation"]));
  });

  it("refuses a second save from the same revision with who saved, and keeps the first", async () => {
    await save("coordinator", f.draftA.id, 1, { ...standard, rationale: "First coordinator" });
    const error = await save("chair", f.draftA.id, 1, { ...standard, rationale: "Second coordinator" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("coordinator saved a newer revision (2) of this draft meanwhile") });
    expect((await f.db.decision.findUniqueOrThrow({ where: { id: f.draftA.id } })).rationale).toBe("First coordinator");
    // The second person reads the newer revision and saves over it deliberately.
    const ws = await (await f.callerFor("chair")).decision.workspace({ caseId: f.caseA.id });
    expect(ws.versions[0]).toMatchObject({ revision: 2, content: { rationale: "First coordinator" } });
    expect(await save("chair", f.draftA.id, 2, standard)).toMatchObject({ revision: 3 });
  });

  it("lets only one of two simultaneous saves from one revision through", async () => {
    const results = await Promise.allSettled([
      save("coordinator", f.draftA.id, 3, { ...standard, sequence: "A" }),
      save("chair", f.draftA.id, 3, { ...standard, sequence: "B" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const stored = await f.db.decision.findUniqueOrThrow({ where: { id: f.draftA.id } });
    expect(stored.revision).toBe(4);
    await save("chair", f.draftA.id, 4, standard);
  });

  it("refuses impossible staging and unknown biomarker values with a message per problem, and changes nothing", async () => {
    const before = await f.db.decision.findUniqueOrThrow({ where: { id: f.draftA.id } });
    const error = await save("coordinator", f.draftA.id, before.revision, { ...standard, mCategory: "M1b", tCategory: "T9", biomarkers: [{ marker: "EGFR", value: "positive" }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    const message = (error as Error).message;
    expect(message).toContain("T9 is not a T category of AJCC 8th edition lung staging.");
    expect(message).toContain("M1b is distant metastasis: the stage group must be IV, not IIIA.");
    expect(message).toContain('"positive" is not a EGFR result');
    expect(await f.db.decision.findUniqueOrThrow({ where: { id: f.draftA.id } })).toEqual(before);
  });

  it("refuses a meeting whose agenda does not hold the case", async () => {
    const other = await f.db.meeting.create({ data: { boardId: f.boardA.id, startsAt: new Date(), durationMinutes: 30 } });
    const rev = (await f.db.decision.findUniqueOrThrow({ where: { id: f.draftA.id } })).revision;
    await expect(save("chair", f.draftA.id, rev, standard, other.id)).rejects.toThrow("This case is not on that meeting's agenda.");
  });

  it("refuses starting a second draft while one is open", async () => {
    await expect(save("coordinator", null, 0, standard)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("has already started a draft (version 1)") });
  });
});

describe("signing", () => {
  it("names everything missing in one message", async () => {
    const rev = (await f.db.decision.findUniqueOrThrow({ where: { id: f.draftA.id } })).revision;
    await save("coordinator", f.draftA.id, rev, { ...standard, histology: "", rationale: "", modalities: ["CLINICAL_TRIAL"], guidelineConcordant: false });
    const chair = await f.callerFor("chair");
    await expect(chair.decision.sign({ decisionId: f.draftA.id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "To sign this decision, add: the histology, the clinical trial's identifier, the rationale, the reason for deviating from the guideline.",
    });
    await save("coordinator", f.draftA.id, rev + 1, standard);
  });

  it("refuses to sign a revision the chair has not read", async () => {
    const chair = await f.callerFor("chair");
    const rev = (await f.db.decision.findUniqueOrThrow({ where: { id: f.draftA.id } })).revision;
    await expect(chair.decision.sign({ decisionId: f.draftA.id, expectedRevision: rev - 1 })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("lets the chair sign; the signed version is locked and a save says to start a correction", async () => {
    const chair = await f.callerFor("chair");
    // Board A's quorum is radiology and pathology; only the radiologist attends.
    await f.db.attendance.create({ data: { meetingId: f.meetingA.id, userId: f.users.specialist.id, specialty: "RADIOLOGY" } });
    const rev = (await f.db.decision.findUniqueOrThrow({ where: { id: f.draftA.id } })).revision;
    // Without quorum the chair must say why (see sign-without-quorum.int.test.ts).
    await expect(chair.decision.sign({ decisionId: f.draftA.id, expectedRevision: rev })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await chair.decision.sign({ decisionId: f.draftA.id, expectedRevision: rev, withoutQuorumReason: "Pathology report already in the file" })).toMatchObject({ id: f.draftA.id, version: 1, status: "SIGNED" });
    const signed = await f.db.decision.findUniqueOrThrow({ where: { id: f.draftA.id } });
    expect(signed).toMatchObject({ signedById: f.users.chair.id, status: "SIGNED", quorate: false, quorumMissing: ["PATHOLOGY"], quorumOverrideReason: "Pathology report already in the file" });
    const workspace = await chair.decision.workspace({ caseId: f.caseA.id });
    expect(workspace.versions.find((v) => v.id === f.draftA.id)).toMatchObject({ quorate: false, quorumMissing: ["PATHOLOGY"] });
    await expect(chair.decision.sign({ decisionId: f.draftA.id })).rejects.toMatchObject({ code: "CONFLICT" });
    for (const decisionId of [f.draftA.id, null]) {
      await expect(save("coordinator", decisionId, rev, { ...standard, recommendation: "Changed afterwards" })).rejects.toMatchObject({
        code: "CONFLICT",
        message: "Version 1 of this decision is signed and locked — start a correction to change it.",
      });
    }
    expect((await f.db.decision.findUniqueOrThrow({ where: { id: f.draftA.id } })).recommendation).toBe(standard.recommendation);
  });
});

describe("corrections and history", () => {
  it("needs a reason", async () => {
    await expect((await f.callerFor("coordinator")).decision.correct({ decisionId: f.draftA.id, reason: " " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("creates version 2 as a draft copy with the reason; version 1 stays as signed", async () => {
    const coordinator = await f.callerFor("coordinator");
    const v2 = await coordinator.decision.correct({ decisionId: f.draftA.id, reason: "N category was N1 on the PET-CT report" });
    expect(v2).toMatchObject({ version: 2, status: "DRAFT", revision: 1 });
    await expect(coordinator.decision.correct({ decisionId: f.draftA.id, reason: "again" })).rejects.toMatchObject({ code: "CONFLICT" });
    await save("coordinator", v2.id, 1, { ...standard, nCategory: "N1", stageGroup: "IIB", modalities: ["SURGERY"], recommendation: "Lobectomy with mediastinal dissection." });
    await (await f.callerFor("chair")).decision.sign({ decisionId: v2.id, withoutQuorumReason: "Correction of a typing error" });

    const ws = await coordinator.decision.workspace({ caseId: f.caseA.id });
    expect(ws.versions.map((v) => [v.version, v.status])).toEqual([[2, "SIGNED"], [1, "SIGNED"]]);
    expect(ws.versions[0]).toMatchObject({ correctionReason: "N category was N1 on the PET-CT report", signedBy: "chair", recordedBy: "coordinator" });
    expect(ws.versions[0]!.changes.map((c) => [c.label, c.before, c.after])).toEqual([
      ["N category", "N2", "N1"],
      ["Stage group", "IIIA", "IIB"],
      ["Modalities", "Chemoradiation, Systemic therapy", "Surgery"],
      ["Recommendation", "Concurrent chemoradiation followed by durvalumab.", "Lobectomy with mediastinal dissection."],
    ]);
    expect(ws.versions[1]!.content.recommendation).toBe(standard.recommendation);
    expect(await f.db.auditEvent.count({ where: { action: "decision.correct", patientId: f.patientA.id, reason: "N category was N1 on the PET-CT report" } })).toBe(1);
  });

  it("offers the ECOG recorded at referral", async () => {
    await f.db.case.update({ where: { id: f.caseA.id }, data: { ecog: 2 } });
    expect((await (await f.callerFor("chair")).decision.workspace({ caseId: f.caseA.id })).referralEcog).toBe(2);
  });

  it("starts version 3 when the case comes back to a later meeting, pre-filled from the last signed decision", async () => {
    const later = await f.db.meeting.create({ data: { boardId: f.boardA.id, startsAt: new Date(Date.now() + 30 * 86_400_000), durationMinutes: 60 } });
    await f.db.agendaItem.create({ data: { meetingId: later.id, caseId: f.caseA.id, position: 1 } });
    const ws = await (await f.callerFor("coordinator")).decision.workspace({ caseId: f.caseA.id });
    expect(ws.prefill?.content).toMatchObject({ nCategory: "N1", stageGroup: "IIB", histology: "Adenocarcinoma", grade: "G2", biomarkers: standard.biomarkers, recommendation: "" });
    const v3 = await save("coordinator", null, 0, { ...ws.prefill!.content, recommendation: "Re-staging after induction: proceed to surgery." }, later.id);
    expect(v3).toMatchObject({ version: 3, revision: 1 });
  });

  it("accepts staging marked not applicable with a reason, and refuses T/N/M beside it", async () => {
    const v3 = await f.db.decision.findFirstOrThrow({ where: { caseId: f.caseA.id, version: 3 } });
    const na = { ...standard, tnmPrefix: null, tCategory: null, nCategory: null, mCategory: null, stageGroup: STAGING_NOT_APPLICABLE, stageGroupOverrideReason: "Benign on resection" };
    await expect(save("coordinator", v3.id, 1, { ...na, tCategory: "T1a" }, v3.meetingId!)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await save("coordinator", v3.id, 1, na, v3.meetingId!);
    expect(await (await f.callerFor("chair")).decision.sign({ decisionId: v3.id, withoutQuorumReason: "Benign: no treatment to decide" })).toMatchObject({ status: "SIGNED" });
  });
});

describe("measurements in the summary", () => {
  it("pulls accepted AI findings and viewer measurements, never rejected or unreviewed AI ones", async () => {
    const study = await f.db.imagingStudy.create({
      data: { patientId: f.patientA.id, studyInstanceUid: "2.25.777", modality: "CT", studyDate: new Date("2026-02-01T00:00:00Z"), description: "CT chest" },
    });
    const ai = (review: "ACCEPTED" | "REJECTED" | "PENDING", value: number) =>
      f.db.finding.create({
        data: { patientId: f.patientA.id, source: "AI", algorithmName: "NoduleNet", kind: "Lung nodule", description: "", imagingStudyId: study.id, observedAt: new Date("2026-02-01T00:00:00Z"), review, measurements: [{ name: "Diameter", value, unit: "mm" }] },
      });
    await ai("ACCEPTED", 21.04);
    await ai("REJECTED", 5);
    await ai("PENDING", 7);
    const specialist = await f.callerFor("specialist");
    await specialist.finding.recordMeasurement({
      patientId: f.patientA.id,
      studyInstanceUid: "2.25.777",
      seriesInstanceUid: null,
      sopInstanceUid: null,
      frameNumber: null,
      kind: "Subcarinal node",
      description: "Short axis",
      measurements: [{ name: "Short axis", value: 12, unit: "mm" }],
    });
    const lines = await (await f.callerFor("coordinator")).decision.measurements({ caseId: f.caseA.id });
    expect(lines.map((l) => [l.label.split(" (")[0], l.value, l.unit])).toEqual(
      expect.arrayContaining([
        ["Lung nodule — Diameter", 21, "mm"],
        ["Subcarinal node — Short axis", 12, "mm"],
      ]),
    );
    expect(lines).toHaveLength(2);
    expect(lines.find((l) => l.label.startsWith("Subcarinal"))!.label).toContain("radiologist");
  });

  it("refuses a viewer measurement on another patient's study", async () => {
    const specialist = await f.callerFor("specialist");
    await f.db.imagingStudy.create({ data: { patientId: f.patientB.id, studyInstanceUid: "2.25.888", modality: "CT", studyDate: new Date(), description: "CT" } });
    await expect(
      specialist.finding.recordMeasurement({ patientId: f.patientA.id, studyInstanceUid: "2.25.888", seriesInstanceUid: null, sopInstanceUid: null, frameNumber: null, kind: "X", description: "", measurements: [{ name: "L", value: 1, unit: "mm" }] }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
