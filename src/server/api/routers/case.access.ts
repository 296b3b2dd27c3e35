import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  "case.get": { allowed: CLINICAL_ON_A, call: (c, f) => c.case.get({ caseId: f.caseA.id }) },
};
