import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  // Researchers are allowed too (seeDataset); the shared fixture has none, see indicators.int.test.ts.
  "indicators.board": { allowed: CLINICAL_ON_A, call: (c, f) => c.indicators.board({ boardId: f.boardA.id }) },
};
