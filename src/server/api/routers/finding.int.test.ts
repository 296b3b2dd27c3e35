import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedDemoDataPath } from "@/integrations/demo-data/locate-demo-data";
import { MAX_IMPORT_BASE64_LENGTH } from "@/integrations/findings-json/import-limits";
import type { Database } from "../../database/open-database";
import { createFixture, type Fixture } from "../../testing/fixture";
import { createTestDatabase } from "../../testing/test-database";

const CT1_STUDY = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322";
const srBase64 = (file: string) => readFileSync(sharedDemoDataPath(["ai-results", "highdicom-tid1500", file])).toString("base64");

let database: Database;
let f: Fixture;
let ct1PatientId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  f = await createFixture(database.prisma);
  // The highdicom reports are about Patient ID 1CT1: a patient of board A, with the study the reports refer to.
  const patient = await f.db.patient.create({
    data: { mrn: "1CT1", familyName: "Okafor", givenName: "Grace", birthDate: new Date("1958-07-02T00:00:00Z"), sex: "FEMALE", researchPseudonym: "CON-1CT1" },
  });
  ct1PatientId = patient.id;
  await f.db.case.create({
    data: { patientId: patient.id, boardId: f.boardA.id, questionType: "PRIMARY_TREATMENT", clinicalQuestion: "Induction therapy?", referringUserId: f.users.specialist.id },
  });
  await f.db.imagingStudy.create({ data: { patientId: patient.id, studyInstanceUid: CT1_STUDY, modality: "CT", studyDate: new Date("2004-01-19T00:00:00Z"), description: "e+1" } });
});
afterAll(async () => database.close());

const nodule = async () => f.db.finding.findFirstOrThrow({ where: { patientId: ct1PatientId, trackingId: "LungNodule0001" } });

describe("finding.import", () => {
  it("imports a TID 1500 SR sent as base64 and says what it added", async () => {
    const coordinator = await f.callerFor("coordinator");
    const result = await coordinator.finding.import({ patientId: ct1PatientId, kind: "sr", payloadBase64: srBase64("sr_document_with_multiple_groups.dcm") });
    expect(result).toMatchObject({ patientId: ct1PatientId, created: 4, alreadyPresent: 0 });
    const again = await coordinator.finding.import({ patientId: ct1PatientId, kind: "sr", payloadBase64: srBase64("sr_document_with_multiple_groups.dcm") });
    expect(again).toMatchObject({ created: 0, alreadyPresent: 4 });
    expect(await f.db.auditEvent.count({ where: { action: "finding.import", patientId: ct1PatientId, actorId: f.users.coordinator.id } })).toBe(2);
  });

  it("refuses a report about another patient than the one chosen", async () => {
    const chair = await f.callerFor("chair");
    await expect(chair.finding.import({ patientId: f.patientA.id, kind: "sr", payloadBase64: srBase64("sr_document.dcm") })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "This file is about Patient ID 1CT1, not about this patient (MRN A-1). Nothing was imported.",
    });
  });

  it("refuses a file that is too large before reading it", async () => {
    const chair = await f.callerFor("chair");
    const error = await chair.finding.import({ patientId: ct1PatientId, kind: "json", payloadBase64: "A".repeat(MAX_IMPORT_BASE64_LENGTH + 4) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    expect(String((error as Error).message)).toContain("The file is larger than 20 MB, the most one import takes.");
  });

  it("refuses a payload that is not base64", async () => {
    const chair = await f.callerFor("chair");
    await expect(chair.finding.import({ patientId: ct1PatientId, kind: "json", payloadBase64: "not base64!" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("refuses a member of another board", async () => {
    const outsider = await f.callerFor("outsiderChair");
    await expect(outsider.finding.import({ patientId: ct1PatientId, kind: "sr", payloadBase64: srBase64("sr_document.dcm") })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Not found." });
  });
});

describe("finding.listForPatient", () => {
  it("lists the findings with measurements, codes, algorithm, references and review", async () => {
    const specialist = await f.callerFor("specialist");
    const findings = await specialist.finding.listForPatient({ patientId: ct1PatientId });
    expect(findings).toHaveLength(4);
    expect(findings.find((x) => x.trackingId === "LungNodule0001")).toMatchObject({
      source: "AI",
      algorithmName: "Manufacturer",
      algorithmVersion: null,
      kind: "Nodule",
      measurements: [{ name: "Diameter", value: 10, unit: "mm" }],
      findingCode: { code: "27925004", scheme: "SCT", meaning: "Nodule" },
      findingSiteCode: { code: "39607008", scheme: "SCT", meaning: "Lung" },
      references: {
        studyInstanceUid: CT1_STUDY,
        seriesInstanceUid: "1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322",
        sopInstanceUid: "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322",
        sourceSopInstanceUid: "1.2.826.0.1.3680043.10.511.3.88061033799943655762803486145080506",
        slideId: null,
        slideRegion: null,
        segmentNumber: null,
      },
      review: { state: "PENDING", reviewedBy: null, reviewedAt: null, reason: null },
    });
    expect(await f.db.auditEvent.count({ where: { action: "finding.list", patientId: ct1PatientId } })).toBe(1);
  });
});

describe("finding.review", () => {
  it("lets a specialist accept a finding and records who and when", async () => {
    const specialist = await f.callerFor("specialist");
    const { id } = await nodule();
    const reviewed = await specialist.finding.review({ patientId: ct1PatientId, findingId: id, decision: "ACCEPTED" });
    expect(reviewed).toMatchObject({ id, review: "ACCEPTED", reviewedBy: "radiologist", reason: null });
    expect(await nodule()).toMatchObject({ review: "ACCEPTED", reviewedById: f.users.specialist.id });
    expect(await f.db.auditEvent.findFirstOrThrow({ where: { action: "finding.review", entityId: id } })).toMatchObject({
      actorId: f.users.specialist.id,
      patientId: ct1PatientId,
      reason: null,
      detail: { decision: "ACCEPTED", previous: "PENDING" },
    });
  });

  it("asks for a reason to reject, and changes nothing without one", async () => {
    const chair = await f.callerFor("chair");
    const { id } = await nodule();
    for (const reason of [undefined, "   "]) {
      const error = await chair.finding.review({ patientId: ct1PatientId, findingId: id, decision: "REJECTED", reason }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "BAD_REQUEST" });
      expect(String((error as Error).message)).toContain("Give a reason for rejecting this finding.");
    }
    expect((await nodule()).review).toBe("ACCEPTED");
  });

  it("lets the chair reject with a reason, which the list then shows", async () => {
    const chair = await f.callerFor("chair");
    const { id } = await nodule();
    const reviewed = await chair.finding.review({ patientId: ct1PatientId, findingId: id, decision: "REJECTED", reason: "  Vessel, not a nodule  " });
    expect(reviewed).toMatchObject({ review: "REJECTED", reviewedBy: "chair", reason: "Vessel, not a nodule" });
    expect(await f.db.auditEvent.count({ where: { action: "finding.review", entityId: id, reason: "Vessel, not a nodule" } })).toBe(1);
    const listed = (await chair.finding.listForPatient({ patientId: ct1PatientId })).find((x) => x.id === id);
    expect(listed?.review).toMatchObject({ state: "REJECTED", reviewedBy: "chair", reason: "Vessel, not a nodule" });
  });

  it("answers NOT_FOUND for a finding of another patient, whatever the patient given", async () => {
    const chair = await f.callerFor("chair");
    const { id } = await nodule();
    await expect(chair.finding.review({ patientId: f.patientA.id, findingId: id, decision: "ACCEPTED" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "This patient has no such finding.",
    });
    expect((await nodule()).review).toBe("REJECTED");
  });

  it("refuses the coordinator and the administrator, and a chair of another board", async () => {
    const { id } = await nodule();
    for (const actor of ["coordinator", "admin", "outsiderChair"] as const) {
      const caller = await f.callerFor(actor);
      // The chair of another board is not told that the patient exists.
      const code = actor === "outsiderChair" ? "NOT_FOUND" : "FORBIDDEN";
      await expect(caller.finding.review({ patientId: ct1PatientId, findingId: id, decision: "ACCEPTED" })).rejects.toMatchObject({ code });
    }
    expect((await nodule()).review).toBe("REJECTED");
  });
});
