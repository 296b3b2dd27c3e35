import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";

// Analyses of one's own boards' dataset (scope: none): the outsider chair analyses board B's, never board A's.
export const access: AccessCases = {
  "cohort.survival": { allowed: [...CLINICAL_ON_A, "researcher", "outsiderChair"], call: (c) => c.cohort.survival({ filter: {}, groupBy: "none", endpoint: "OS" }) },
  "cohort.hazards": { allowed: [...CLINICAL_ON_A, "researcher", "outsiderChair"], call: (c) => c.cohort.hazards({ filter: {}, endpoint: "OS", covariates: ["age"] }) },
};
