import { beforeAll, describe, expect, it } from "vitest";
import { sessionPolicyFromEnv } from "@/domain/auth/session-lifetime";
import { type Fixture, setUpFixture } from "../../testing/fixture";
import { checkAuthSession } from "./check-auth-session";
import { revokeAuthSession } from "./revoke-auth-session";
import { startAuthSession } from "./start-auth-session";

const fixture = setUpFixture();
let f: Fixture;
beforeAll(() => {
  f = fixture();
});

const policy = sessionPolicyFromEnv({});
const t0 = new Date("2026-12-05T08:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const start = (userId = f.users.chair.id) => startAuthSession(f.db, userId, { userAgent: "vitest", ipAddress: "192.0.2.1" }, t0, policy);

describe("auth sessions", () => {
  it("admits a live session and refreshes its last-seen time at most once a minute", async () => {
    const { id, expiresAt } = await start();
    expect(expiresAt).toEqual(at(12 * 60));
    expect(await checkAuthSession(f.db, id, at(0.5), policy)).toEqual({ ok: true, userId: f.users.chair.id });
    expect((await f.db.authSession.findUniqueOrThrow({ where: { id } })).lastSeenAt).toEqual(t0);
    expect((await checkAuthSession(f.db, id, at(2), policy)).ok).toBe(true);
    expect((await f.db.authSession.findUniqueOrThrow({ where: { id } })).lastSeenAt).toEqual(at(2));
  });

  it("refuses a signed-out session at once, even one read a moment ago", async () => {
    const { id } = await start();
    expect((await checkAuthSession(f.db, id, at(1), policy)).ok).toBe(true);
    await revokeAuthSession(f.db, id, at(1));
    expect(await checkAuthSession(f.db, id, at(1), policy)).toEqual({ ok: false, ending: "revoked" });
    expect((await f.db.authSession.findUniqueOrThrow({ where: { id } })).revokedAt).toEqual(at(1));
  });

  it("ends a session left idle for the idle timeout, but not one in use", async () => {
    const { id } = await start();
    expect((await checkAuthSession(f.db, id, at(29), policy)).ok).toBe(true);
    expect((await checkAuthSession(f.db, id, at(58), policy)).ok).toBe(true);
    expect(await checkAuthSession(f.db, id, at(88), policy)).toEqual({ ok: false, ending: "idle" });
    const short = sessionPolicyFromEnv({ CONCILIUM_SESSION_IDLE_MINUTES: "5" });
    const other = await start();
    expect(await checkAuthSession(f.db, other.id, at(5), short)).toEqual({ ok: false, ending: "idle" });
  });

  it("ends a session at its absolute lifetime however busy it was", async () => {
    const { id } = await start();
    for (let minute = 20; minute < 12 * 60; minute += 20) expect((await checkAuthSession(f.db, id, at(minute), policy)).ok).toBe(true);
    expect(await checkAuthSession(f.db, id, at(12 * 60), policy)).toEqual({ ok: false, ending: "expired" });
  });

  it("ends the sessions of a deactivated user", async () => {
    const { id } = await start(f.users.coordinator.id);
    expect((await checkAuthSession(f.db, id, at(1), policy)).ok).toBe(true);
    await f.db.user.update({ where: { id: f.users.coordinator.id }, data: { active: false } });
    expect(await checkAuthSession(f.db, id, at(2), policy)).toEqual({ ok: false, ending: "deactivated" });
    await f.db.user.update({ where: { id: f.users.coordinator.id }, data: { active: true } });
  });

  it("refuses a session id it never issued", async () => {
    expect(await checkAuthSession(f.db, "made-up", at(1), policy)).toEqual({ ok: false, ending: "unknown" });
  });
});
