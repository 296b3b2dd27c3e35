/**
 * The guest's side of a meeting invitation: opening the link, asking for a one-time code, confirming it (which opens a
 * session carried by a cookie and marks the guest present), and the check of that session on every later request.
 * The code's rules are a second-opinion link's (reused from ../expert-opinion); every refusal is audited as
 * "meeting-guest.<step>.denied", under the guest's address when the link is known and as "anonymous" otherwise.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { normaliseCode, REFUSALS, sessionExpiry } from "@/domain/expert-opinion/share-rules";
import { GUEST_REFUSALS, guestCountsTowardsQuorum, guestRefusalFor, guestState } from "@/domain/meetings/guest-rules";
import type { SpecialtyName } from "@/domain/roles";
import { recordAudit, recordDenial, type AuditActor } from "../audit/record-audit";
import type { Db, RequestSource } from "../db-types";
import { issueOneTimeCode, type MailOptions } from "../expert-opinion/code-mail";
import { digest, GUEST_COOKIE, isCurrentCode, isTokenShaped, newToken, sessionCookieValue } from "../expert-opinion/share-secrets";

const withMeeting = { meeting: { select: { id: true, status: true, boardId: true } } } as const;

type Guest = NonNullable<Awaited<ReturnType<typeof findByToken>>>;

async function findByToken(db: PrismaClient, token: string) {
  if (!isTokenShaped(token)) return null;
  return db.meetingGuest.findUnique({ where: { tokenHash: digest(token) }, include: withMeeting });
}

/** The guest as the audit log names them: no account, their address, on the MEETING_GUEST ground. */
export function guestActor(guest: { id: string; email: string }, source?: RequestSource): AuditActor {
  return { id: null, email: guest.email, meetingGuestId: guest.id, ...(source ? { source } : {}) };
}

export type InvitationCheck = { ok: true; guest: Guest } | { ok: false; message: string };

/** Whether an invitation is open; a refusal is audited with the reason (the same words for an unknown and a guessed link). */
export async function checkInvitation(db: PrismaClient, token: string, step: string, source?: RequestSource, now = new Date()): Promise<InvitationCheck> {
  const guest = await findByToken(db, token);
  if (!guest) {
    await recordDenial(db, null, { action: `meeting-guest.${step}`, entityType: "MeetingGuest", reason: GUEST_REFUSALS.unknown, ...(source ? { source } : {}) });
    return { ok: false, message: GUEST_REFUSALS.unknown };
  }
  const state = guestState(guest, guest.meeting.status, now);
  if (state !== "open") {
    const message = guestRefusalFor(state);
    await recordDenial(db, guestActor(guest, source), { action: `meeting-guest.${step}`, entityType: "MeetingGuest", entityId: guest.id, reason: message });
    return { ok: false, message };
  }
  return { ok: true, guest };
}

/** Sends a fresh one-time code (the older one stops working); at most MAX_CODES_SENT per invitation. */
export async function sendGuestCode(db: PrismaClient, token: string, source?: RequestSource, options: MailOptions = {}): Promise<{ ok: true } | { ok: false; message: string }> {
  const check = await checkInvitation(db, token, "code.send", source, options.now ?? new Date());
  if (!check.ok) return check;
  const { guest } = check;
  return issueOneTimeCode(
    db,
    { id: guest.id, codesSent: guest.codesSent, email: guest.email },
    { actor: guestActor(guest, source), action: "meeting-guest.code.send", entityType: "MeetingGuest" },
    (code) => db.meetingGuest.update({ where: { id: guest.id }, data: code }),
    options,
  );
}

/**
 * Confirms a code. Right: the code is used up, a session opens (its value goes into the guest's cookie, only its
 * digest is stored) and the guest is present in the meeting. Wrong or expired: counted; at the limit the link locks.
 */
export async function confirmGuestCode(db: PrismaClient, token: string, typed: string, source?: RequestSource, now = new Date()): Promise<{ ok: true; session: string; expiresAt: Date } | { ok: false; message: string }> {
  const check = await checkInvitation(db, token, "code.confirm", source, now);
  if (!check.ok) return check;
  const { guest } = check;
  if (!isCurrentCode(guest, normaliseCode(typed), now)) {
    // Counted in the database itself: parallel guesses cannot slip past the limit.
    await db.meetingGuest.update({ where: { id: guest.id }, data: { codeFailures: { increment: 1 } } });
    await recordDenial(db, guestActor(guest, source), { action: "meeting-guest.code.confirm", entityType: "MeetingGuest", entityId: guest.id, reason: REFUSALS.wrongCode });
    return { ok: false, message: REFUSALS.wrongCode };
  }
  const session = newToken();
  const expiresAt = sessionExpiry(now, guest.expiresAt);
  // The code is used once: cleared in the same update that opens the session, only if it is still the same code.
  const { count } = await db.meetingGuest.updateMany({
    where: { id: guest.id, codeHash: guest.codeHash },
    data: { codeHash: null, codeExpiresAt: null, sessionHash: digest(session), sessionExpiresAt: expiresAt, joinedAt: guest.joinedAt ?? now },
  });
  if (count === 0) return { ok: false, message: REFUSALS.wrongCode };
  await recordAudit(db, guestActor(guest, source), { action: "meeting-guest.join", entityType: "Meeting", entityId: guest.meetingId, detail: { guestId: guest.id } });
  return { ok: true, session, expiresAt };
}

export interface GuestSession {
  guestId: string;
  name: string;
  email: string;
  meetingId: string;
  boardId: string;
}

export type GuestSessionCheck = { ok: true; session: GuestSession } | { ok: false; message: string } | null;

/**
 * The invitation a session cookie opens, checked on every request so that a finished meeting or a revoked invitation
 * closes access at once. null: no guest session at all. A refusal of a known guest is audited. `token`, when given,
 * binds the session to its link.
 */
export async function guestSession(db: PrismaClient, cookie: string | null, step: string, source?: RequestSource, token?: string, now = new Date()): Promise<GuestSessionCheck> {
  if (!cookie || !isTokenShaped(cookie)) return null;
  const guest = await db.meetingGuest.findUnique({ where: { sessionHash: digest(cookie) }, include: withMeeting });
  if (!guest || (token !== undefined && guest.tokenHash !== digest(token))) return null;
  const state = guestState(guest, guest.meeting.status, now);
  const sessionOver = !guest.sessionExpiresAt || guest.sessionExpiresAt <= now;
  if (state !== "open" || sessionOver) {
    const message = state !== "open" ? guestRefusalFor(state) : REFUSALS.sessionEnded;
    await recordDenial(db, guestActor(guest, source), { action: `meeting-guest.${step}`, entityType: "MeetingGuest", entityId: guest.id, reason: message });
    return { ok: false, message };
  }
  return { ok: true, session: { guestId: guest.id, name: guest.name, email: guest.email, meetingId: guest.meetingId, boardId: guest.meeting.boardId } };
}

/** The guest's session from a request's Cookie header. */
export const guestSessionOf = (db: PrismaClient, cookieHeader: string | null, step: string, source?: RequestSource, token?: string) =>
  guestSession(db, sessionCookieValue(cookieHeader, GUEST_COOKIE), step, source, token);

/** The meeting's joined guests for the attendance list, and whether each counts towards quorum under the board's rule. */
export async function attendingGuests(db: Db, meetingId: string, boardRule: boolean) {
  const guests = await db.meetingGuest.findMany({ where: { meetingId, joinedAt: { not: null }, revokedAt: null }, orderBy: { joinedAt: "asc" }, select: { id: true, name: true, affiliation: true, specialty: true } });
  return guests.map((g) => ({ guestId: g.id, name: g.name, affiliation: g.affiliation, specialty: g.specialty as SpecialtyName | null, countsTowardsQuorum: guestCountsTowardsQuorum(boardRule, true, g.specialty) }));
}
