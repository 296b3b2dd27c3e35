import type { AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  "decision.save": {
    allowed: ["chair", "coordinator"],
    call: (c, f) =>
      c.decision.save({ caseId: f.caseA.id, meetingId: f.meetingA.id, tnmPrefix: "c", tCategory: "T1b", nCategory: "N0", mCategory: "M0", stageGroup: "IA2", intent: "CURATIVE", recommendation: "Lobectomy", rationale: "Fit" }),
  },
  "decision.sign": { allowed: ["chair"], call: (c, f) => c.decision.sign({ decisionId: f.draftA.id }) },
};
