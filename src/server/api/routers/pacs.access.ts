import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  "pacs.status": { allowed: [...CLINICAL_ON_A, "outsiderChair"], call: (c) => c.pacs.status() },
  // No PACS is configured in this test: the allowed roles get a clear BAD_REQUEST, the others a refusal.
  "pacs.syncPatient": { allowed: CLINICAL_ON_A, call: (c, f) => c.pacs.syncPatient({ patientId: f.patientA.id }) },
};
