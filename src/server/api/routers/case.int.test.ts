import { beforeAll, describe, expect, it } from "vitest";
import { type Fixture, setUpFixture } from "../../testing/fixture";

const fixture = setUpFixture();
let f: Fixture;
beforeAll(() => {
  f = fixture();
});

describe("case.get", () => {
  it("returns the patient, question, timeline in date order and decisions, and audits the read", async () => {
    const study = await f.db.imagingStudy.create({
      data: { patientId: f.patientA.id, studyInstanceUid: "1.2.3.4", modality: "CT", studyDate: new Date("2026-03-01T10:00:00Z"), description: "Chest", numberOfSeries: 2, numberOfInstances: 266 },
    });
    await f.db.imagingStudy.create({
      data: { patientId: f.patientA.id, studyInstanceUid: "1.2.3.3", modality: "CT", studyDate: new Date("2025-03-01T10:00:00Z"), description: "Chest" },
    });
    await f.db.slide.create({
      data: { patientId: f.patientA.id, label: "A1", specimen: "Core biopsy", stain: "H&E", format: "APERIO_SVS", widthPx: 100, heightPx: 100, acquiredAt: new Date("2026-03-10T10:00:00Z") },
    });
    await f.db.finding.create({
      data: { patientId: f.patientA.id, source: "AI", algorithmName: "NoduleNet", algorithmVersion: "2", kind: "Lung nodule", description: "18 mm", imagingStudyId: study.id, observedAt: new Date("2026-03-01T10:00:00Z") },
    });
    // Another patient's study must not appear.
    await f.db.imagingStudy.create({
      data: { patientId: f.patientB.id, studyInstanceUid: "9.9.9", modality: "MG", studyDate: new Date("2026-03-02T10:00:00Z"), description: "Mammogram" },
    });

    const kase = await (await f.callerFor("specialist")).case.get({ caseId: f.caseA.id });
    expect(kase.patient).toMatchObject({ mrn: "A-1", researchPseudonym: "CON-A-1" });
    expect(kase.condition).toMatchObject({ topographyCode: "C34.1", morphologyCode: "8140/3" });
    expect(kase.timeline.map((i) => `${i.kind}:${i.title}`)).toEqual(["slide:A1 (H&E)", "study:CT Chest", "finding:Lung nodule", "study:CT Chest"]);
    expect(kase.timeline.filter((i) => i.isPrior)).toHaveLength(1);
    expect(kase.decisions).toHaveLength(1);
    expect(kase.decisions[0]).toMatchObject({ status: "DRAFT", recordedBy: "coordinator" });

    const audit = await f.db.auditEvent.findFirstOrThrow({ where: { action: "case.read" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ actorId: f.users.specialist.id, entityId: f.caseA.id, patientId: f.patientA.id });
  });
});
