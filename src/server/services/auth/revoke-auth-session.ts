import type { Db } from "../db-types";
import { forgetAuthSession } from "./check-auth-session";

/** Ends a session for good (sign-out): a copy of its cookie is refused from now on, on every instance. */
export async function revokeAuthSession(db: Db, sessionId: string, now = new Date()) {
  await db.authSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now } });
  // After the write, so that no request in between can cache the session as still open.
  forgetAuthSession(sessionId);
}

/** Ends every open session of a user at once (deactivation, a new password): each is revoked as by sign-out. */
export async function revokeAllAuthSessions(db: Db, userId: string, now = new Date()) {
  const open = await db.authSession.findMany({ where: { userId, revokedAt: null }, select: { id: true } });
  for (const { id } of open) await revokeAuthSession(db, id, now);
  return open.length;
}
