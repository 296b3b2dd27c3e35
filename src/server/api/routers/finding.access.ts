import type { AccessCases } from "../../testing/access-matrix";
import type { Fixture } from "../../testing/fixture";

// The fixture has no studies or findings: one of each for patient A, made on first use and shared by the rows.
const STUDY_UID = "2.25.1000001";
const made = new WeakMap<Fixture, Promise<string>>();

function findingOfPatientA(f: Fixture): Promise<string> {
  let finding = made.get(f);
  if (!finding) {
    finding = (async () => {
      const study = await f.db.imagingStudy.create({
        data: { patientId: f.patientA.id, studyInstanceUid: STUDY_UID, modality: "CT", studyDate: new Date("2026-01-10T00:00:00Z"), description: "CT chest" },
      });
      const row = await f.db.finding.create({
        data: { patientId: f.patientA.id, source: "AI", algorithmName: "Access test", kind: "Lung nodule", description: "Nodule", imagingStudyId: study.id, observedAt: new Date("2026-01-10T00:00:00Z") },
      });
      return row.id;
    })();
    made.set(f, finding);
  }
  return finding;
}

const findingsJson = (mrn: string) =>
  Buffer.from(
    JSON.stringify({
      format: "concilium-findings/1",
      reportId: "access-matrix",
      algorithm: { name: "Access test", version: "1" },
      patient: { mrn },
      observedAt: "2026-01-10T12:00:00Z",
      study: { studyInstanceUid: STUDY_UID },
      findings: [{ trackingId: "n1", kind: "Lung nodule", measurements: [{ name: "Diameter", value: 9, unit: "mm" }] }],
    }),
  ).toString("base64");

export const access: AccessCases = {
  "finding.listForPatient": { allowed: ["chair", "specialist", "coordinator"], call: (c, f) => c.finding.listForPatient({ patientId: f.patientA.id }) },
  "finding.import": {
    allowed: ["chair", "specialist", "coordinator"],
    call: async (c, f) => {
      await findingOfPatientA(f);
      return c.finding.import({ patientId: f.patientA.id, kind: "json", payloadBase64: findingsJson(f.patientA.mrn) });
    },
  },
  "finding.review": {
    allowed: ["chair", "specialist"],
    call: async (c, f) => c.finding.review({ patientId: f.patientA.id, findingId: await findingOfPatientA(f), decision: "ACCEPTED" }),
  },
  "finding.recordMeasurement": {
    allowed: ["chair", "specialist"],
    call: async (c, f) => {
      await findingOfPatientA(f);
      return c.finding.recordMeasurement({
        patientId: f.patientA.id,
        studyInstanceUid: STUDY_UID,
        seriesInstanceUid: null,
        sopInstanceUid: null,
        frameNumber: null,
        kind: "Lung nodule",
        description: "",
        measurements: [{ name: "Long axis", value: 14.2, unit: "mm" }],
      });
    },
  },
};
