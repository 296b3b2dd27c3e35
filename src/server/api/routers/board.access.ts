import type { AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  "board.mine": { allowed: ["admin", "chair", "specialist", "coordinator", "outsiderChair"], call: (c) => c.board.mine() },
};
