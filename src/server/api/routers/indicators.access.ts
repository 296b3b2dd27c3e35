import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  "indicators.board": { allowed: [...CLINICAL_ON_A, "researcher"], call: (c, f) => c.indicators.board({ boardId: f.boardA.id }) },
};
