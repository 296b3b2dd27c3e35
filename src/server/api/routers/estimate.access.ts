import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  "estimate.forCase": { allowed: CLINICAL_ON_A, call: (c, f) => c.estimate.forCase({ caseId: f.caseA.id }) },
};
