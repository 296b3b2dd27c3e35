/**
 * The rules of a meeting guest's invitation (issue 15, part 2). The link, the one-time code and their limits are
 * those of a second-opinion link (../expert-opinion/share-rules.ts); on top, a guest's access lives only while the
 * meeting is planned or in progress, and is checked in this order: meeting over (finished or cancelled), revoked,
 * expired, locked, otherwise open. The invitation expires a day after the meeting's planned end.
 */
import { shareState, type ShareFacts } from "../expert-opinion/share-rules";

export type GuestState = "open" | "ended" | "revoked" | "expired" | "locked";

/** An invitation stays usable this long after the meeting's planned end (overrunning meetings, late minutes). */
export const GUEST_GRACE_HOURS = 24;

export function guestState(guest: ShareFacts, meetingStatus: string, now: Date): GuestState {
  if (meetingStatus === "FINISHED" || meetingStatus === "CANCELLED") return "ended";
  return shareState(guest, now);
}

export function guestExpiry(startsAt: Date, durationMinutes: number): Date {
  return new Date(startsAt.getTime() + durationMinutes * 60_000 + GUEST_GRACE_HOURS * 3_600_000);
}

/** What the guest is told: plain, nothing of the meeting's cases. */
export const GUEST_REFUSALS = {
  unknown: "This invitation link is not valid. Ask the board that invited you for a new one.",
  ended: "This meeting has ended; guest access is closed.",
  revoked: "This invitation has been withdrawn by the board that sent it.",
  expired: "This invitation has expired. Ask the board that invited you for a new one.",
  locked: "This invitation is locked after too many attempts. Ask the board that invited you for a new one.",
  notOnAgenda: "This is not part of the meeting you were invited to.",
} as const;

export function guestRefusalFor(state: Exclude<GuestState, "open">): string {
  return GUEST_REFUSALS[state];
}

/** Whether a joined guest counts towards quorum under the board's rule; only with a specialty they can stand for. */
export function guestCountsTowardsQuorum(boardRule: boolean, joined: boolean, specialty: string | null): boolean {
  return boardRule && joined && specialty !== null;
}
