import { performance } from "node:perf_hooks";
import { beforeAll, describe, expect, it } from "vitest";
import type { SignInLimits } from "@/domain/auth/sign-in-limits";
import { FIXTURE_PASSWORD, type Fixture, setUpFixture } from "../../testing/fixture";
import { verifyCredentials } from "./verify-credentials";

const fixture = setUpFixture();
let f: Fixture;
beforeAll(() => {
  f = fixture();
});

// Small limits keep the tests short; the shape is the production one.
const limits: SignInLimits = { perAccount: { failures: 3, windowSeconds: 900 }, perSource: { failures: 100, windowSeconds: 900, blockSeconds: 900 } };
const attempt = (email: string, password: string, source: string, l = limits) => verifyCredentials(f.db, { email, password, source }, l);

/**
 * Median times of two kinds of attempt, taken in turns (a, b, a, b, ...) so that a burst of load on a busy machine
 * slows both alike instead of only the one that happened to run then.
 */
async function medianMsInTurns(times: number, runA: (i: number) => Promise<unknown>, runB: (i: number) => Promise<unknown>) {
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < times; i++) {
    for (const [k, run] of [runA, runB].entries()) {
      const start = performance.now();
      await run(i);
      samples[k]!.push(performance.now() - start);
    }
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(times / 2)]!;
  return [median(samples[0]), median(samples[1])] as const;
}

/** Close enough that a stopwatch cannot tell them apart on this noisy machine, and far from 5 ms vs 80 ms. */
function expectSimilar(a: number, b: number) {
  expect(Math.abs(a - b)).toBeLessThan(Math.max(40, 0.5 * Math.max(a, b)));
}

describe("verifyCredentials", () => {
  it("admits the right password, whatever the e-mail's case and spaces, and audits it", async () => {
    const result = await attempt("  Chair@Test.Example ", FIXTURE_PASSWORD, "192.0.2.1");
    expect(result).toEqual({ ok: true, user: { id: f.users.chair.id, email: "chair@test.example", name: "chair" } });
    expect(await f.db.auditEvent.count({ where: { action: "auth.signin", actorId: f.users.chair.id } })).toBe(1);
  });

  it("gives the same answer for an unknown e-mail and a wrong password", async () => {
    expect(await attempt("nobody@test.example", FIXTURE_PASSWORD, "192.0.2.2")).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt("coordinator@test.example", "wrong", "192.0.2.2")).toEqual({ ok: false, reason: "invalid" });
    expect(await f.db.auditEvent.count({ where: { action: "auth.signin.failed" } })).toBe(2);
  });

  it("answers a known and an unknown address alike after repeated failures: same words, similar time", async () => {
    const source = "203.0.113.5";
    for (let i = 0; i < 3; i++) {
      expect(await attempt("radiologist@test.example", "guess", source)).toEqual({ ok: false, reason: "invalid" });
      expect(await attempt("ghost@test.example", "guess", source)).toEqual({ ok: false, reason: "invalid" });
    }
    const known = await attempt("radiologist@test.example", "guess", source);
    const unknown = await attempt("ghost@test.example", "guess", source);
    expect(known).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: expect.any(Number) });
    // The same words; the wait may differ by the second that passed between the two attempts on a busy machine.
    expect(unknown).toEqual({ ...known, retryAfterSeconds: expect.any(Number) });
    const waits = [known, unknown].map((r) => (!r.ok && r.reason === "throttled" ? r.retryAfterSeconds : 0));
    expect(Math.abs(waits[0]! - waits[1]!)).toBeLessThanOrEqual(1);

    // Refused attempts cost the same for both...
    expectSimilar(
      ...(await medianMsInTurns(
        7,
        () => attempt("radiologist@test.example", "guess", source),
        () => attempt("ghost@test.example", "guess", source),
      )),
    );
    // ...and so do checked ones (one bcrypt comparison each), from sources with no history.
    expectSimilar(
      ...(await medianMsInTurns(
        7,
        (i) => attempt("coordinator@test.example", "guess", `198.51.100.${10 + i}`),
        (i) => attempt("phantom@test.example", "guess", `198.51.100.${20 + i}`),
      )),
    );
  });

  it("locks out the guessing source, never the colleague signing in from their own workstation", async () => {
    const attacker = "198.51.100.66";
    for (let i = 0; i < 10; i++) expect((await attempt("chair@test.example", `guess-${i}`, attacker)).ok).toBe(false);
    expect(await attempt("chair@test.example", FIXTURE_PASSWORD, attacker)).toMatchObject({ ok: false, reason: "throttled" });
    expect(await attempt("chair@test.example", FIXTURE_PASSWORD, "192.0.2.77")).toMatchObject({ ok: true });
  });

  it("lengthens each further lockout of one address from one source", async () => {
    const source = "198.51.100.70";
    for (let i = 0; i < 3; i++) await attempt("coordinator@test.example", "guess", source);
    const first = await attempt("coordinator@test.example", "guess", source);
    expect(first).toMatchObject({ reason: "throttled" });
    expect(first.ok === false && first.reason === "throttled" && first.retryAfterSeconds).toBeLessThanOrEqual(60);
    // The first lockout runs out (its counter expires in the store).
    await f.db.signInLimit.updateMany({ where: { key: { contains: `|${source}` }, NOT: { key: { startsWith: "account-source-lockouts" } } }, data: { expire: new Date(Date.now() - 1000) } });
    for (let i = 0; i < 3; i++) expect(await attempt("coordinator@test.example", "guess", source)).toEqual({ ok: false, reason: "invalid" });
    const second = await attempt("coordinator@test.example", "guess", source);
    expect(second.ok === false && second.reason === "throttled" && second.retryAfterSeconds).toBeGreaterThan(60);
  });

  it("refuses a source that sprays one password across many addresses, even for a right password", async () => {
    const sprayLimits: SignInLimits = { ...limits, perSource: { failures: 5, windowSeconds: 900, blockSeconds: 900 } };
    const sprayer = "203.0.113.200";
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await attempt(`colleague${i}@test.example`, "Winter2026!", sprayer, sprayLimits));
    expect(answers.slice(0, 5)).toEqual(Array(5).fill({ ok: false, reason: "invalid" }));
    for (const answer of answers.slice(5)) expect(answer).toMatchObject({ ok: false, reason: "throttled" });
    expect(await attempt("coordinator@test.example", FIXTURE_PASSWORD, sprayer, sprayLimits)).toMatchObject({ ok: false, reason: "throttled" });
    expect(await attempt("coordinator@test.example", FIXTURE_PASSWORD, "192.0.2.88", sprayLimits)).toMatchObject({ ok: true });
    expect(await f.db.auditEvent.count({ where: { action: "auth.signin.throttled", actorEmail: "coordinator@test.example" } })).toBeGreaterThan(0);
  });

  it("forgives an address's failures from a source once the right password comes from it", async () => {
    const source = "192.0.2.150";
    for (let i = 0; i < 2; i++) await attempt("radiologist@test.example", "guess", source);
    expect((await attempt("radiologist@test.example", FIXTURE_PASSWORD, source)).ok).toBe(true);
    for (let i = 0; i < 2; i++) expect(await attempt("radiologist@test.example", "guess", source)).toEqual({ ok: false, reason: "invalid" });
    expect((await attempt("radiologist@test.example", FIXTURE_PASSWORD, source)).ok).toBe(true);
  });

  it("refuses a deactivated user", async () => {
    await f.db.user.update({ where: { id: f.users.outsiderChair.id }, data: { active: false } });
    expect(await attempt("chair-b@test.example", FIXTURE_PASSWORD, "192.0.2.3")).toEqual({ ok: false, reason: "invalid" });
  });
});
