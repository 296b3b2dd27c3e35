import { EMPTY_DECISION } from "@/domain/decisions/content";
import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  "decision.workspace": { allowed: CLINICAL_ON_A, call: (c, f) => c.decision.workspace({ caseId: f.caseA.id }) },
  "decision.measurements": { allowed: CLINICAL_ON_A, call: (c, f) => c.decision.measurements({ caseId: f.caseA.id }) },
  "decision.save": {
    allowed: ["chair", "coordinator"],
    // Saved from revision 0 each time: the first goes through, the next is a conflict (still let in by the guard).
    call: (c, f) =>
      c.decision.save({
        caseId: f.caseA.id,
        meetingId: f.meetingA.id,
        decisionId: f.draftA.id,
        expectedRevision: 0,
        content: { ...EMPTY_DECISION, tnmPrefix: "c", tCategory: "T1b", nCategory: "N0", mCategory: "M0", stageGroup: "IA2", recommendation: "Lobectomy", rationale: "Fit" },
      }),
  },
  "decision.sign": { allowed: ["chair"], call: (c, f) => c.decision.sign({ decisionId: f.draftA.id }) },
  "decision.correct": { allowed: ["chair", "coordinator"], call: (c, f) => c.decision.correct({ decisionId: f.draftA.id, reason: "Wrong N category" }) },
};
