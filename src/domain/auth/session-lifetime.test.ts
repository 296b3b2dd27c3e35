import { describe, expect, it } from "vitest";
import { needsTouch, sessionEnding, sessionPolicyFromEnv, type SessionState } from "./session-lifetime";

const now = new Date("2026-12-05T12:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const policy = sessionPolicyFromEnv({});
const fresh: SessionState = { lastSeenAt: minutesAgo(1), expiresAt: new Date(now.getTime() + 3_600_000), revokedAt: null, userActive: true };

describe("session lifetime", () => {
  it("defaults to 30 idle minutes and 12 hours, and reads both from the environment", () => {
    expect(policy).toEqual({ idleMs: 30 * 60_000, maxAgeMs: 12 * 3_600_000 });
    expect(sessionPolicyFromEnv({ CONCILIUM_SESSION_IDLE_MINUTES: "5", CONCILIUM_SESSION_MAX_HOURS: "0.5" })).toEqual({ idleMs: 5 * 60_000, maxAgeMs: 30 * 60_000 });
    expect(sessionPolicyFromEnv({ CONCILIUM_SESSION_IDLE_MINUTES: "never", CONCILIUM_SESSION_MAX_HOURS: "-1" })).toEqual(policy);
  });

  it("keeps a recently used, unrevoked session", () => {
    expect(sessionEnding(fresh, now, policy)).toBeNull();
  });

  it("ends a revoked session, one of a deactivated user, one past its absolute end and an idle one", () => {
    expect(sessionEnding({ ...fresh, revokedAt: minutesAgo(0) }, now, policy)).toBe("revoked");
    expect(sessionEnding({ ...fresh, userActive: false }, now, policy)).toBe("deactivated");
    expect(sessionEnding({ ...fresh, expiresAt: now }, now, policy)).toBe("expired");
    expect(sessionEnding({ ...fresh, lastSeenAt: minutesAgo(30) }, now, policy)).toBe("idle");
    expect(sessionEnding({ ...fresh, lastSeenAt: minutesAgo(29) }, now, policy)).toBeNull();
  });

  it("refreshes the last-seen time at most once a minute", () => {
    expect(needsTouch(new Date(now.getTime() - 59_000), now)).toBe(false);
    expect(needsTouch(minutesAgo(1), now)).toBe(true);
  });
});
