import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedDemoDataPath } from "@/integrations/demo-data/locate-demo-data";
import type { Database } from "../../database/open-database";
import { createTestDatabase } from "../../testing/test-database";
import type { Actor } from "../db-types";
import { ServiceError } from "../errors";
import { importFindings } from "./import-findings";

const highdicom = (file: string) => readFileSync(sharedDemoDataPath(["ai-results", "highdicom-tid1500", file]));
const dcmqi = (file: string) => readFileSync(sharedDemoDataPath(["radiology", "dcmqi-ct-liver", file]));

const CT1_STUDY = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322";
const CT1_SERIES = "1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322";
const CT1_IMAGE = "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322";
const LIVER_STUDY = "1.2.392.200103.20080913.113635.0.2009.6.22.21.43.10.22941.1";
const MULTI_GROUP_SR = "1.2.826.0.1.3680043.10.511.3.88061033799943655762803486145080506";

let database: Database;
let actor: Actor;
let patients: { ct1: string; liver: string; other: string };
let studies: { ct1: string };

const mkPatient = (mrn: string) =>
  database.prisma.patient.create({
    data: { mrn, familyName: "Testperson", givenName: mrn, birthDate: new Date("1960-01-01T00:00:00Z"), sex: "OTHER", researchPseudonym: `CON-${mrn}` },
  });

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.prisma;
  const user = await db.user.create({ data: { email: "radiologist@test.example", name: "Radiologist", role: "SPECIALIST" } });
  actor = { id: user.id, email: user.email };
  const [ct1, liver, other] = await Promise.all([mkPatient("1CT1"), mkPatient("99000"), mkPatient("OTHER-1")]);
  patients = { ct1: ct1.id, liver: liver.id, other: other.id };
  const study = await db.imagingStudy.create({
    data: { patientId: ct1.id, studyInstanceUid: CT1_STUDY, modality: "CT", studyDate: new Date("2004-01-19T00:00:00Z"), description: "e+1" },
  });
  studies = { ct1: study.id };
});
afterAll(async () => database.close());

async function refusal(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

const counts = async () => ({ findings: await database.prisma.finding.count(), audit: await database.prisma.auditEvent.count() });

describe("importFindings from a TID 1500 SR", () => {
  it("stores each measurement group of the four-group report as an AI finding on the study", async () => {
    const result = await importFindings(database.prisma, actor, { kind: "sr", bytes: highdicom("sr_document_with_multiple_groups.dcm"), patientId: patients.ct1 });
    expect(result).toMatchObject({ patientId: patients.ct1, imagingStudyId: studies.ct1, slideId: null, sourceSopInstanceUid: MULTI_GROUP_SR, created: 4, alreadyPresent: 0 });
    expect(result.createdFindingIds).toHaveLength(4);

    const findings = await database.prisma.finding.findMany({ where: { sourceSopInstanceUid: MULTI_GROUP_SR }, orderBy: { trackingId: "asc" } });
    expect(findings.map((f) => [f.trackingId, f.kind])).toEqual([
      ["Aorta0001", "Aorta"],
      ["Image0001", "Measurements"],
      ["LungNodule0001", "Nodule"],
      ["Vertebra0001", "Vertebra"],
    ]);
    const nodule = findings.find((f) => f.trackingId === "LungNodule0001")!;
    expect(nodule).toMatchObject({
      patientId: patients.ct1,
      source: "AI",
      algorithmName: "Manufacturer",
      algorithmVersion: null,
      authorId: null,
      kind: "Nodule",
      description: "Nodule in Lung: Diameter 10 mm; Level of Significance: Not significant. Tracking ID LungNodule0001.",
      measurements: [{ name: "Diameter", value: 10, unit: "mm" }],
      imagingStudyId: studies.ct1,
      seriesInstanceUid: CT1_SERIES,
      sopInstanceUid: CT1_IMAGE,
      frameNumber: null,
      trackingUid: "1.2.826.0.1.3680043.10.511.3.11998155355995483197548907108234588",
      findingCode: { code: "27925004", scheme: "SCT", meaning: "Nodule" },
      findingSiteCode: { code: "39607008", scheme: "SCT", meaning: "Lung" },
      segmentNumber: null,
      review: "PENDING",
      // The circle the SR draws around the nodule, for the viewer.
      imageRegions: [{ sopInstanceUid: CT1_IMAGE, graphicType: "CIRCLE", points: [45, 55, 45, 65] }],
    });
    expect(nodule.observedAt.toISOString()).toBe("2023-05-01T22:58:35.000Z");
    const image = findings.find((f) => f.trackingId === "Image0001")!;
    expect(image.measurements).toEqual([{ name: "Intensity Histogram Mean", value: -119.0738525390625, unit: "[hnsf'U]" }]);
    expect(image.description).toBe(
      "Measurements: Intensity Histogram Mean -119.074 HU; Anatomical position (finding): Level of T4/T5 intervertebral disc. Tracking ID Image0001.",
    );
    expect(findings.find((f) => f.trackingId === "Vertebra0001")?.measurements).toEqual([{ name: "Volume", value: 200, unit: "mm3" }]);

    const audit = await database.prisma.auditEvent.findFirstOrThrow({ where: { action: "finding.import" } });
    expect(audit).toMatchObject({ actorId: actor.id, patientId: patients.ct1, entityType: "Finding" });
    expect(audit.detail).toMatchObject({ kind: "sr", sourceSopInstanceUid: MULTI_GROUP_SR, created: 4, alreadyPresent: 0 });
  });

  it("adds nothing when the same SR comes again, and keeps the reviews", async () => {
    const nodule = await database.prisma.finding.findFirstOrThrow({ where: { trackingId: "LungNodule0001" } });
    await database.prisma.finding.update({ where: { id: nodule.id }, data: { review: "ACCEPTED", reviewedById: actor.id, reviewedAt: new Date() } });
    const before = await database.prisma.finding.count();
    const again = await importFindings(database.prisma, actor, { kind: "sr", bytes: highdicom("sr_document_with_multiple_groups.dcm"), patientId: patients.ct1 });
    expect(again).toMatchObject({ created: 0, alreadyPresent: 4, createdFindingIds: [] });
    expect(await database.prisma.finding.count()).toBe(before);
    expect((await database.prisma.finding.findUniqueOrThrow({ where: { id: nodule.id } })).review).toBe("ACCEPTED");
  });

  it("does not duplicate when the same SR is imported twice at the same moment", async () => {
    const bytes = highdicom("sr_document.dcm");
    const results = await Promise.all([importFindings(database.prisma, actor, { kind: "sr", bytes }), importFindings(database.prisma, actor, { kind: "sr", bytes })]);
    expect(results.map((r) => r.created).sort()).toEqual([0, 1]);
    const [spinalCord, ...duplicates] = await database.prisma.finding.findMany({ where: { trackingId: "Planar ROI Measurements" } });
    expect(duplicates).toEqual([]);
    expect(spinalCord).toMatchObject({
      kind: "Spinal cord",
      description: "Spinal cord in Cervico-thoracic spine (Vertebral foramen): Area of defined region 1.7 cm² (Normal, Not significant). Tracking ID Planar ROI Measurements.",
      measurements: [{ name: "Area of defined region", value: 1.7, unit: "cm2" }],
      findingSiteCode: { code: "T-D00F7", scheme: "SRT", meaning: "Cervico-thoracic spine" },
      patientId: patients.ct1,
    });
  });

  it("refuses a report about another patient than the one it is imported for, and writes nothing", async () => {
    const before = await counts();
    const error = await refusal(importFindings(database.prisma, actor, { kind: "sr", bytes: highdicom("sr_document.dcm"), patientId: patients.other }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toBe("This file is about Patient ID 1CT1, not about this patient (MRN OTHER-1). Nothing was imported.");
    expect(await counts()).toEqual(before);
  });

  it("refuses a CT image offered as an SR", async () => {
    const error = await refusal(importFindings(database.prisma, actor, { kind: "sr", bytes: highdicom("ct_image.dcm"), patientId: patients.ct1 }));
    expect(error.message).toBe("This file is a CT image, not a structured report (SR) with measurements.");
  });

  it("refuses a file that is not DICOM", async () => {
    const error = await refusal(importFindings(database.prisma, actor, { kind: "sr", bytes: new TextEncoder().encode("hello".repeat(40)) }));
    expect(error.message).toBe("Not a DICOM file: no 'DICM' preamble. Is it a DICOM SR?");
  });
});

describe("importFindings from a DICOM SEG", () => {
  it("refuses a SEG whose study is not in Concilium, and writes nothing", async () => {
    const before = await counts();
    const error = await refusal(importFindings(database.prisma, actor, { kind: "seg", bytes: dcmqi("seg-liver.dcm"), patientId: patients.liver }));
    expect(error.message).toBe(`The study ${LIVER_STUDY} this report refers to is not in Concilium; import the images first. Nothing was imported.`);
    expect(await counts()).toEqual(before);
  });

  it("refuses a study that belongs to another patient", async () => {
    const study = await database.prisma.imagingStudy.create({
      data: { patientId: patients.other, studyInstanceUid: LIVER_STUDY, modality: "CT", studyDate: new Date("2003-04-17T00:00:00Z"), description: "Liver" },
    });
    try {
      const error = await refusal(importFindings(database.prisma, actor, { kind: "seg", bytes: dcmqi("seg-liver.dcm") }));
      expect(error.message).toBe(`The study ${LIVER_STUDY} this file refers to belongs to another patient than the one it names. Nothing was imported.`);
    } finally {
      await database.prisma.imagingStudy.delete({ where: { id: study.id } });
    }
  });

  it("stores one finding per segment: AI for the semi-automatic liver, a person's for manual segments", async () => {
    const study = await database.prisma.imagingStudy.create({
      data: { patientId: patients.liver, studyInstanceUid: LIVER_STUDY, modality: "CT", studyDate: new Date("2003-04-17T00:00:00Z"), description: "Liver" },
    });
    const liver = await importFindings(database.prisma, actor, { kind: "seg", bytes: dcmqi("seg-liver.dcm"), patientId: patients.liver });
    expect(liver).toMatchObject({ created: 1, imagingStudyId: study.id });
    expect(await database.prisma.finding.findUniqueOrThrow({ where: { id: liver.createdFindingIds[0] } })).toMatchObject({
      source: "AI",
      algorithmName: "SlicerEditor",
      algorithmVersion: "0d533f1",
      kind: "Liver",
      description: 'Segment 1 "Liver" of DICOM SEG "Liver Segmentation": Liver (Tissue), semiautomatic segmentation by SlicerEditor, on 3 images.',
      findingCode: { code: "T-62000", scheme: "SRT", meaning: "Liver" },
      sourceSopInstanceUid: "1.2.276.0.7230010.3.1.4.0.42154.1458337731.665796",
      segmentNumber: 1,
      seriesInstanceUid: "1.2.392.200103.20080913.113635.1.2009.6.22.21.43.10.23430.1",
      sopInstanceUid: "1.2.392.200103.20080913.113635.2.2009.6.22.21.43.10.23432.1",
      trackingId: "Liver",
    });

    const overlaps = await importFindings(database.prisma, actor, { kind: "seg", bytes: dcmqi("seg-partial-overlaps.dcm") });
    expect(overlaps.created).toBe(5);
    const segments = await database.prisma.finding.findMany({ where: { sourceSopInstanceUid: overlaps.sourceSopInstanceUid }, orderBy: { segmentNumber: "asc" } });
    expect(segments.map((s) => [s.segmentNumber, s.kind, s.source, s.algorithmName])).toEqual([
      [1, "Tissue", "PERSON", null],
      [2, "Artery", "PERSON", null],
      [3, "Capillary", "PERSON", null],
      [4, "Edema", "PERSON", null],
      [5, "Vein", "PERSON", null],
    ]);
    expect(await importFindings(database.prisma, actor, { kind: "seg", bytes: dcmqi("seg-partial-overlaps.dcm") })).toMatchObject({ created: 0, alreadyPresent: 5 });
  });
});

describe("importFindings from findings JSON", () => {
  const json = (report: Record<string, unknown>) =>
    new TextEncoder().encode(
      JSON.stringify({
        format: "concilium-findings/1",
        reportId: "run-1",
        algorithm: { name: "MitosisCounter", version: "0.9" },
        patient: { mrn: "1CT1" },
        observedAt: "2026-03-02T11:00:00+01:00",
        findings: [{ trackingId: "hotspot-1", kind: "Mitotic hotspot", measurements: [{ name: "Mitoses", value: 14, unit: "{count}" }], region: { x: 10, y: 20, width: 30, height: 40 } }],
        ...report,
      }),
    );

  it("stores findings on a slide with their regions", async () => {
    const slide = await database.prisma.slide.create({
      data: { patientId: patients.ct1, label: "A1", specimen: "Lung biopsy", stain: "H&E", format: "APERIO_SVS", widthPx: 1000, heightPx: 1000, acquiredAt: new Date("2026-03-01T00:00:00Z") },
    });
    const result = await importFindings(database.prisma, actor, { kind: "json", bytes: json({ slide: { slideId: slide.id } }), patientId: patients.ct1 });
    expect(result).toMatchObject({ created: 1, slideId: slide.id, imagingStudyId: null });
    const finding = await database.prisma.finding.findUniqueOrThrow({ where: { id: result.createdFindingIds[0] } });
    expect(finding).toMatchObject({
      source: "AI",
      algorithmName: "MitosisCounter",
      algorithmVersion: "0.9",
      kind: "Mitotic hotspot",
      description: "Mitotic hotspot: Mitoses 14. Tracking ID hotspot-1.",
      slideRegion: { x: 10, y: 20, width: 30, height: 40 },
      trackingId: "hotspot-1",
    });
    expect(finding.observedAt.toISOString()).toBe("2026-03-02T10:00:00.000Z");
    expect(finding.trackingUid).toMatch(/^2\.25\.\d+$/);
    expect(finding.sourceSopInstanceUid).toMatch(/^2\.25\.\d+$/);
    expect(await importFindings(database.prisma, actor, { kind: "json", bytes: json({ slide: { slideId: slide.id } }) })).toMatchObject({ created: 0, alreadyPresent: 1 });
  });

  it("refuses an unknown slide", async () => {
    const error = await refusal(importFindings(database.prisma, actor, { kind: "json", bytes: json({ slide: { slideId: "no-such-slide" } }) }));
    expect(error.message).toBe("The slide no-such-slide this report refers to is not in Concilium; import the slide first. Nothing was imported.");
  });

  it("lists the problems of an invalid file with their paths", async () => {
    const error = await refusal(importFindings(database.prisma, actor, { kind: "json", bytes: json({ patient: {}, slide: { slideId: "s" } }) }));
    expect(error.fields).toEqual([{ field: "patient.mrn", message: "is missing" }]);
    expect(error.message).toBe("The findings file cannot be imported: patient.mrn is missing.");
  });

  it("writes nothing when the transaction fails after the findings were written", async () => {
    const before = await counts();
    // An actor the audit log cannot refer to makes the last statement of the import fail.
    const ghost = { id: "no-such-user", email: "ghost@test.example" };
    const bytes = json({ reportId: "run-2", findings: [{ trackingId: "n1", kind: "Nodule" }], study: { studyInstanceUid: CT1_STUDY } });
    await expect(importFindings(database.prisma, ghost, { kind: "json", bytes })).rejects.toThrow();
    expect(await counts()).toEqual(before);
    expect(await importFindings(database.prisma, actor, { kind: "json", bytes })).toMatchObject({ created: 1 });
  });
});
