import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  "board.mine": { allowed: ["admin", "chair", "specialist", "coordinator", "researcher", "outsiderChair"], call: (c) => c.board.mine() },
  "board.get": { allowed: CLINICAL_ON_A, call: (c, f) => c.board.get({ boardId: f.boardA.id }) },
  "board.updateSettings": { allowed: ["chair"], call: (c, f) => c.board.updateSettings({ boardId: f.boardA.id, quorumSpecialties: ["RADIOLOGY", "PATHOLOGY"], referralCutoffHours: 48 }) },
  "board.waitingList": { allowed: CLINICAL_ON_A, call: (c, f) => c.board.waitingList({ boardId: f.boardA.id }) },
};
