import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";

// Researchers see the pseudonymised dataset of their boards; a chair of board B sees board B's. The administrator
// administers and sees no dataset.
export const access: AccessCases = {
  "dataset.preview": { allowed: [...CLINICAL_ON_A, "researcher", "outsiderChair"], call: (c) => c.dataset.preview() },
  "dataset.dictionary": { allowed: [...CLINICAL_ON_A, "researcher", "outsiderChair"], call: (c) => c.dataset.dictionary() },
};
