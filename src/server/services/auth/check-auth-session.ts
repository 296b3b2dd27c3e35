import { needsTouch, sessionEnding, sessionPolicyFromEnv, type SessionEnding, type SessionPolicy, type SessionState } from "@/domain/auth/session-lifetime";
import type { Db } from "../db-types";
import { cacheMs, currentGeneration, invalidated } from "./access-caches";

export type SessionCheck = { ok: true; userId: string } | { ok: false; ending: SessionEnding | "unknown" };

/**
 * Sessions read recently, so that a page that fires a burst of requests costs one lookup. Sign-out on this instance
 * removes its entry at once; on other instances the database's access event does (server/fast-path/access-events.ts),
 * and while those are not received a revocation or deactivation takes effect within a few seconds (cacheMs()).
 */
const CACHE_LIMIT = 10_000;
type CachedSession = { userId: string; state: SessionState; readAt: number };
// One cache per process: Next.js bundles route handlers and pages separately, each with its own copy of this module,
// and sign-out (a route handler) must clear the entry the pages read.
const CACHE_KEY = Symbol.for("concilium.authSessionCache");
const shared = globalThis as { [CACHE_KEY]?: Map<string, CachedSession> };
const recent = (shared[CACHE_KEY] ??= new Map<string, CachedSession>());

async function readSession(db: Db, sessionId: string, now: Date) {
  const since = currentGeneration();
  const row = await db.authSession.findUnique({
    where: { id: sessionId },
    select: { userId: true, lastSeenAt: true, expiresAt: true, revokedAt: true, user: { select: { active: true } } },
  });
  if (!row) {
    recent.delete(sessionId);
    return null;
  }
  if (recent.size >= CACHE_LIMIT) recent.clear();
  const entry = { userId: row.userId, state: { lastSeenAt: row.lastSeenAt, expiresAt: row.expiresAt, revokedAt: row.revokedAt, userActive: row.user.active }, readAt: now.getTime() };
  // A revocation announced while this was read may not be in it: use it for this request, but do not keep it.
  if (since === currentGeneration()) recent.set(sessionId, entry);
  return entry;
}

/**
 * Decides whether the session named in a cookie may still be used: one lookup by primary key (or none, from the
 * cache), and a write of the last-seen time at most once a minute.
 */
export async function checkAuthSession(db: Db, sessionId: string, now = new Date(), policy: SessionPolicy = sessionPolicyFromEnv(process.env)): Promise<SessionCheck> {
  const cached = recent.get(sessionId);
  const fresh = cached && Math.abs(now.getTime() - cached.readAt) < cacheMs();
  let entry = fresh ? cached : await readSession(db, sessionId, now);
  if (!entry) return { ok: false, ending: "unknown" };
  // Another instance may have seen the session more recently than our copy says: read again before ending it.
  if (fresh && sessionEnding(entry.state, now, policy)) entry = await readSession(db, sessionId, now);
  if (!entry) return { ok: false, ending: "unknown" };

  const ending = sessionEnding(entry.state, now, policy);
  if (ending) {
    recent.delete(sessionId);
    return { ok: false, ending };
  }
  if (needsTouch(entry.state.lastSeenAt, now)) {
    await db.authSession.update({ where: { id: sessionId }, data: { lastSeenAt: now } });
    entry.state.lastSeenAt = now;
  }
  return { ok: true, userId: entry.userId };
}

/**
 * checkAuthSession's answer when the cache alone gives it: a fresh copy of a good session that needs no touch. Any
 * other case (not cached, stale, ending, due for a touch) is undefined, and checkAuthSession decides with the database.
 */
export function checkAuthSessionFromMemory(sessionId: string, now: Date, policy: SessionPolicy): { ok: true; userId: string } | undefined {
  const cached = recent.get(sessionId);
  if (!cached || Math.abs(now.getTime() - cached.readAt) >= cacheMs()) return undefined;
  if (sessionEnding(cached.state, now, policy) || needsTouch(cached.state.lastSeenAt, now)) return undefined;
  return { ok: true, userId: cached.userId };
}

/** Drops a session from the cache, so that its revocation counts on this instance from the next request. */
export function forgetAuthSession(sessionId: string) {
  invalidated();
  recent.delete(sessionId);
}

/** A user's role, activity or memberships changed: every cached session of theirs is read again. */
export function forgetSessionsOfUser(userId: string) {
  invalidated();
  for (const [sessionId, entry] of recent) if (entry.userId === userId) recent.delete(sessionId);
}

/** After a lost connection to the access events: nothing cached can be trusted. */
export function forgetAllAuthSessions() {
  invalidated();
  recent.clear();
}
