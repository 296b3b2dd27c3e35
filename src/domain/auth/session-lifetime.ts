/**
 * How long a signed-in session lives. A session ends when any of these holds:
 * - it was revoked (sign-out);
 * - its user was deactivated;
 * - it is older than its absolute lifetime (default 12 hours, CONCILIUM_SESSION_MAX_HOURS), however active it was;
 * - no request used it for the idle timeout (default 30 minutes, CONCILIUM_SESSION_IDLE_MINUTES).
 * Requests refresh the last-seen time at most once a minute, so that a busy page costs one write a minute, not one a
 * request. Idle is judged against the policy in force now, so that a shorter timeout applies to open sessions too.
 */
export interface SessionPolicy {
  idleMs: number;
  maxAgeMs: number;
}

export const DEFAULT_IDLE_MINUTES = 30;
export const DEFAULT_MAX_HOURS = 12;
export const TOUCH_INTERVAL_MS = 60_000;

export type SessionEnding = "revoked" | "deactivated" | "expired" | "idle";

export interface SessionState {
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  userActive: boolean;
}

function positiveNumber(raw: string | undefined, fallback: number): number {
  const value = raw === undefined || raw.trim() === "" ? NaN : Number(raw);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export function sessionPolicyFromEnv(env: Record<string, string | undefined>): SessionPolicy {
  return {
    idleMs: positiveNumber(env.CONCILIUM_SESSION_IDLE_MINUTES, DEFAULT_IDLE_MINUTES) * 60_000,
    maxAgeMs: positiveNumber(env.CONCILIUM_SESSION_MAX_HOURS, DEFAULT_MAX_HOURS) * 3_600_000,
  };
}

/** Why the session has ended, or null while it is still good. */
export function sessionEnding(session: SessionState, now: Date, policy: SessionPolicy): SessionEnding | null {
  if (session.revokedAt) return "revoked";
  if (!session.userActive) return "deactivated";
  if (now.getTime() >= session.expiresAt.getTime()) return "expired";
  if (now.getTime() - session.lastSeenAt.getTime() >= policy.idleMs) return "idle";
  return null;
}

export const needsTouch = (lastSeenAt: Date, now: Date) => now.getTime() - lastSeenAt.getTime() >= TOUCH_INTERVAL_MS;
