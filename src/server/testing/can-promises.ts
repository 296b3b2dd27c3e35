import type { Action } from "@/domain/permissions";
import type { RoutePolicyName } from "@/server/http/route-policies";

/**
 * What each `can` flag promises: that the guard lets these calls through exactly when the flag is true. `onBoardA`:
 * procedures about a thing of the fixture's board A (the flag is computed for board A); `onNoBoard`: procedures about
 * no board in particular (the flag is computed with no board); `routes`: HTTP route policies about no board.
 */
export const CAN_PROMISES: Record<Action, { onBoardA?: string[]; onNoBoard?: string[]; routes?: RoutePolicyName[] }> = {
  signIn: { onNoBoard: ["notification.list", "board.mine"] },
  seePatients: { onBoardA: ["case.get", "meeting.agenda", "board.get", "finding.listForPatient", "estimate.forCase", "outcome.history", "outcome.record", "outcome.correct", "outcome.withdraw"], onNoBoard: ["meeting.list", "task.mine"] },
  administer: { onNoBoard: ["admin.users", "settings.letterhead", "settings.updateLetterhead"] },
  recordDecision: { onBoardA: ["decision.save"] },
  sign: { onBoardA: ["decision.sign"] },
  correct: { onBoardA: ["decision.correct"] },
  sendLetters: { onBoardA: ["document.sendLetter"] },
  editAgenda: {
    onBoardA: ["meeting.create", "meeting.update", "meeting.addCase", "meeting.removeCase", "meeting.reorder", "meeting.publish", "meeting.finish", "meeting.cancel", "meeting.setAttendance"],
  },
  present: { onBoardA: ["live.start", "live.takeOver"] },
  review: { onBoardA: ["finding.review", "finding.recordMeasurement"] },
  requestReadiness: { onBoardA: ["readiness.request"] },
  chaseTasks: { onBoardA: ["task.create"], onNoBoard: ["task.overdue"] },
  editBoardSettings: { onBoardA: ["board.updateSettings", "readiness.saveRules"] },
  importImages: { routes: ["dicomweb.store"] },
  // Filled in as the dataset's procedures land (outcome dataset, import, analyses).
  seeDataset: { onBoardA: ["indicators.board"], onNoBoard: ["cohort.survival", "cohort.hazards", "dataset.preview", "dataset.dictionary"], routes: ["dataset.export"] },
  exportIdentifiable: { routes: ["dataset.exportIdentifiable"] },
  importHistory: { onBoardA: ["historyImport.columns", "historyImport.preview", "historyImport.run"] },
  askExpert: { onBoardA: ["expertOpinion.share", "expertOpinion.revoke"] },
  inviteGuests: { onBoardA: ["meetingGuest.invite", "meetingGuest.revoke"] },
};
