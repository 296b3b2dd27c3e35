/**
 * Who may do what: the one table that the tRPC guard (server/api/access.ts) and the screens read alike.
 *
 * A procedure's guard names the roles of one of these actions; a procedure that returns a thing also returns
 * `can: { <action>: boolean }` for it, computed by `can()` below from the same entry and the thing's board, so that
 * a page shows a button exactly when the guard would let the click through. Pages never compare roles themselves.
 *
 * The rule, for an action and the boards a request is about (null when it is about no board in particular):
 * the user has one of the action's roles, and is a member of at least one of those boards.
 */
import { CLINICAL_ROLES, DECISION_RECORDERS, ROLES, type RoleName } from "./roles";

/** Everyone who learns from the board's outcomes: its clinicians, and researchers (who see no patient page). */
export const DATASET_READERS = [...CLINICAL_ROLES, "RESEARCHER"] as const satisfies readonly RoleName[];

/** Chairs and specialists judge AI findings and keep measurements for the board. */
export const FINDING_REVIEWERS = ["CHAIR", "SPECIALIST"] as const satisfies readonly RoleName[];

export const PERMISSIONS = {
  /** Use Concilium at all (notifications, own boards). */
  signIn: ROLES,
  /** See the patients, cases, meetings and images of one's boards; refer, present one's material, record outcomes. */
  seePatients: CLINICAL_ROLES,
  /** Users, audit log, settings. */
  administer: ["ADMIN"],
  /** Draft a board decision (decision.save). */
  recordDecision: DECISION_RECORDERS,
  /** Sign a decision (decision.sign). */
  sign: ["CHAIR"],
  /** Correct a signed decision (decision.correct). */
  correct: DECISION_RECORDERS,
  /** Send a decision's letters (document.sendLetter). */
  sendLetters: DECISION_RECORDERS,
  /** Schedule, change, publish, finish and cancel meetings; build their agenda; record attendance. */
  editAgenda: DECISION_RECORDERS,
  /** Start presenting a meeting live, or take it over (live.start, live.takeOver). */
  present: ["CHAIR"],
  /** Accept or reject AI findings; keep a measurement (finding.review, finding.recordMeasurement). */
  review: FINDING_REVIEWERS,
  /** Ask the referrer for what a case still lacks (readiness.request). */
  requestReadiness: DECISION_RECORDERS,
  /** Create follow-up tasks and see the overdue ones of one's boards (task.create, task.overdue). */
  chaseTasks: DECISION_RECORDERS,
  /** A board's quorum, referral cut-off and readiness rules (board.updateSettings, readiness.saveRules). */
  editBoardSettings: ["CHAIR"],
  /** Bring DICOM images into the store (the STOW-RS route). */
  importImages: CLINICAL_ROLES,
  /** The pseudonymised outcome dataset of one's boards, its export, quality indicators and analyses. */
  seeDataset: DATASET_READERS,
  /** Export the dataset with names, MRNs and dates, giving a reason (audited). */
  exportIdentifiable: ["CHAIR"],
  /** Import past cases, decisions and outcomes from a registry (CSV, FHIR mCODE Bundles). */
  importHistory: DECISION_RECORDERS,
  /** Share one case with an outside expert for a second opinion, and withdraw the link (expertOpinion.share, .revoke). */
  askExpert: ["CHAIR", "SPECIALIST"],
  /**
   * Invite an outside specialist as a guest to one meeting, and withdraw the invitation (meetingGuest.invite, .revoke).
   * The chair only: the chair leads the meeting and answers for who is in the room; coordinators see the guests.
   */
  inviteGuests: ["CHAIR"],
} as const satisfies Record<string, readonly RoleName[]>;

export type Action = keyof typeof PERMISSIONS;
export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

/** What the rule needs to know of a user. */
export interface Actor {
  role: RoleName;
  boardIds: readonly string[];
}

/** Why a user may or may not act: the guard answers "wrong-role" and "not-a-member" differently (see access.ts). */
export type Verdict = "allowed" | "wrong-role" | "not-a-member";

/** The rule itself, for any list of roles: used by the guard for every procedure's policy. */
export function verdict(actor: Actor, roles: readonly RoleName[], scopeBoards: readonly string[] | null): Verdict {
  if (!roles.includes(actor.role)) return "wrong-role";
  if (scopeBoards !== null && !scopeBoards.some((b) => actor.boardIds.includes(b))) return "not-a-member";
  return "allowed";
}

/** Whether this user may do this action on something of these boards (null: on no board in particular). */
export function can(actor: Actor | null, action: Action, scopeBoards: readonly string[] | null): boolean {
  return actor !== null && verdict(actor, PERMISSIONS[action], scopeBoards) === "allowed";
}

/** `can` for several actions at once: what a procedure returns beside the thing, as `can`. */
export function canAll<A extends Action>(actor: Actor | null, actions: readonly A[], scopeBoards: readonly string[] | null): Record<A, boolean> {
  return Object.fromEntries(actions.map((a) => [a, can(actor, a, scopeBoards)])) as Record<A, boolean>;
}
