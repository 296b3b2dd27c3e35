import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";

const RETRIEVAL = "6f1c1f1e-8d0a-4d53-9d7e-2b0d6a3c9e11";

export const access: AccessCases = {
  "remote.nodes": { allowed: [...CLINICAL_ON_A, "outsiderChair"], call: (c) => c.remote.nodes() },
  // No node is configured in this test: the allowed roles get a clear NOT_FOUND for the node, the others a refusal.
  "remote.query": { allowed: CLINICAL_ON_A, call: (c, f) => c.remote.query({ patientId: f.patientA.id, nodeId: "st-elsewhere", by: "patient-id" }) },
  "remote.retrieve": { allowed: CLINICAL_ON_A, call: (c, f) => c.remote.retrieve({ patientId: f.patientA.id, nodeId: "st-elsewhere", studyInstanceUid: "1.2.3.4", retrievalId: RETRIEVAL }) },
  // Only ever the caller's own retrieval (keyed by their user id): any clinical user may ask.
  "remote.progress": { allowed: [...CLINICAL_ON_A, "outsiderChair"], call: (c) => c.remote.progress({ retrievalId: RETRIEVAL }) },
};
