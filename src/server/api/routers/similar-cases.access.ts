import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  "similarCases.forCase": { allowed: CLINICAL_ON_A, call: (c, f) => c.similarCases.forCase({ caseId: f.caseA.id }) },
};
