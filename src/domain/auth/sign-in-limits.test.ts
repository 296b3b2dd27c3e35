import { describe, expect, it } from "vitest";
import { lockoutSeconds, signInLimitsFromEnv } from "./sign-in-limits";

describe("sign-in limits", () => {
  it("doubles each lockout of one address from one source, up to an hour", () => {
    expect([1, 2, 3, 4].map(lockoutSeconds)).toEqual([60, 120, 240, 480]);
    expect(lockoutSeconds(7)).toBe(3_600);
    expect(lockoutSeconds(40)).toBe(3_600);
  });

  it("takes the failure counts from the environment, with safe defaults", () => {
    expect(signInLimitsFromEnv({}).perAccount.failures).toBe(5);
    expect(signInLimitsFromEnv({}).perSource.failures).toBe(50);
    const limits = signInLimitsFromEnv({ CONCILIUM_SIGNIN_FAILURES_PER_ACCOUNT: "3", CONCILIUM_SIGNIN_FAILURES_PER_SOURCE: "zero" });
    expect(limits.perAccount.failures).toBe(3);
    expect(limits.perSource.failures).toBe(50);
  });
});
