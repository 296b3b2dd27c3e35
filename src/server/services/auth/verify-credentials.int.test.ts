import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_PASSWORD, type Fixture, setUpFixture } from "../../testing/fixture";
import { verifyCredentials } from "./verify-credentials";

const fixture = setUpFixture();
let f: Fixture;
beforeAll(() => {
  f = fixture();
});

describe("verifyCredentials", () => {
  it("admits the right password, whatever the e-mail's case and spaces, and audits it", async () => {
    const result = await verifyCredentials(f.db, "  Chair@Test.Example ", FIXTURE_PASSWORD);
    expect(result).toEqual({ ok: true, user: { id: f.users.chair.id, email: "chair@test.example", name: "chair" } });
    expect(await f.db.auditEvent.count({ where: { action: "auth.signin", actorId: f.users.chair.id } })).toBe(1);
  });

  it("gives the same answer for an unknown e-mail and a wrong password", async () => {
    expect(await verifyCredentials(f.db, "nobody@test.example", FIXTURE_PASSWORD)).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials(f.db, "coordinator@test.example", "wrong")).toEqual({ ok: false, reason: "invalid" });
    expect(await f.db.auditEvent.count({ where: { action: "auth.signin.failed" } })).toBe(2);
  });

  it("slows down repeated failures, even for the right password, and forgives after a quiet quarter hour", async () => {
    const t0 = new Date("2026-11-22T07:00:00Z");
    for (let i = 0; i < 3; i++) expect((await verifyCredentials(f.db, "radiologist@test.example", "guess", t0)).ok).toBe(false);
    expect(await verifyCredentials(f.db, "radiologist@test.example", FIXTURE_PASSWORD, t0)).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: 5 });
    expect((await verifyCredentials(f.db, "radiologist@test.example", FIXTURE_PASSWORD, new Date(t0.getTime() + 6_000))).ok).toBe(true);
    const user = await f.db.user.findUniqueOrThrow({ where: { id: f.users.specialist.id } });
    expect(user.failedSignInCount).toBe(0);
  });

  it("refuses a deactivated user", async () => {
    await f.db.user.update({ where: { id: f.users.outsiderChair.id }, data: { active: false } });
    expect(await verifyCredentials(f.db, "chair-b@test.example", FIXTURE_PASSWORD)).toEqual({ ok: false, reason: "invalid" });
  });
});
