/**
 * The rules of a second-opinion link (issue 15): an outside expert sees one case, for a while, after proving with a
 * one-time code that the link reached the person it was sent to.
 *
 * A link is in one state at a time, checked in this order: revoked (by the board, at once), expired (after
 * `days`, 14 by default), locked (too many wrong codes, or too many codes asked for), otherwise open. A code is
 * six digits, valid CODE_MINUTES, and a new one replaces the old. A confirmed code opens a session of at most
 * SESSION_HOURS, never past the link's own expiry. Every refusal says the same plain thing for an unknown link as
 * for a guessed one, so that a probe learns nothing.
 */

export const DEFAULT_SHARE_DAYS = 14;
export const MAX_SHARE_DAYS = 30;
export const CODE_DIGITS = 6;
export const CODE_MINUTES = 10;
/** Wrong codes before the link locks; the board can share again. */
export const MAX_CODE_FAILURES = 5;
/** Codes a link may ask for in all (each is an e-mail: a link must not become a mail cannon). */
export const MAX_CODES_SENT = 5;
export const SESSION_HOURS = 12;

export type ShareState = "open" | "revoked" | "expired" | "locked";

export interface ShareFacts {
  expiresAt: Date;
  revokedAt: Date | null;
  codeFailures: number;
  codesSent: number;
}

export function shareState(share: ShareFacts, now: Date): ShareState {
  if (share.revokedAt) return "revoked";
  if (share.expiresAt.getTime() <= now.getTime()) return "expired";
  if (share.codeFailures >= MAX_CODE_FAILURES || share.codesSent > MAX_CODES_SENT) return "locked";
  return "open";
}

/** What the expert is told: plain, with no detail of the case. */
export const REFUSALS = {
  unknown: "This link is not valid. Ask the board that sent it for a new one.",
  revoked: "This link has been withdrawn by the board that sent it.",
  expired: "This link has expired. Ask the board that sent it for a new one.",
  locked: "This link is locked after too many attempts. Ask the board that sent it for a new one.",
  wrongCode: "The code is not correct, or it has expired. Ask for a new code if you need one.",
  tooManyCodes: "No more codes can be sent for this link. Ask the board that sent it for a new one.",
  sessionEnded: "Your access has ended. Open the link from the e-mail again.",
  answered: "You have already given your opinion on this case. Thank you.",
} as const;

/** The message for a link that is not open. */
export function refusalFor(state: Exclude<ShareState, "open">): string {
  return REFUSALS[state];
}

/** The last moment of a share made now for `days` days. */
export function shareExpiry(now: Date, days: number = DEFAULT_SHARE_DAYS): Date {
  const clamped = Math.min(Math.max(Math.round(days), 1), MAX_SHARE_DAYS);
  return new Date(now.getTime() + clamped * 86_400_000);
}

/** A session opened now ends after SESSION_HOURS or with the link, whichever comes first. */
export function sessionExpiry(now: Date, linkExpiresAt: Date): Date {
  return new Date(Math.min(now.getTime() + SESSION_HOURS * 3_600_000, linkExpiresAt.getTime()));
}

/** A well-formed code as the expert may type it (spaces allowed), or null. */
export function normaliseCode(typed: string): string | null {
  const digits = typed.replace(/\s+/g, "");
  return new RegExp(`^\\d{${CODE_DIGITS}}$`).test(digits) ? digits : null;
}
