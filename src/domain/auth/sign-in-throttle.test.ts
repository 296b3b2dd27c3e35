import { describe, expect, it } from "vitest";
import { failuresAfterAnotherFailure, secondsUntilNextAttempt } from "./sign-in-throttle";

const now = new Date("2026-11-22T07:00:00Z");
const secondsAgo = (s: number) => new Date(now.getTime() - s * 1000);

describe("sign-in throttle", () => {
  it("lets the first failures through without waiting", () => {
    expect(secondsUntilNextAttempt({ failedSignInCount: 0, lastFailedSignIn: null }, now)).toBe(0);
    expect(secondsUntilNextAttempt({ failedSignInCount: 2, lastFailedSignIn: secondsAgo(0) }, now)).toBe(0);
  });

  it("makes the user wait after the third failure, doubling with each further one", () => {
    expect(secondsUntilNextAttempt({ failedSignInCount: 3, lastFailedSignIn: secondsAgo(0) }, now)).toBe(5);
    expect(secondsUntilNextAttempt({ failedSignInCount: 4, lastFailedSignIn: secondsAgo(0) }, now)).toBe(10);
    expect(secondsUntilNextAttempt({ failedSignInCount: 5, lastFailedSignIn: secondsAgo(4) }, now)).toBe(16);
  });

  it("caps the wait at five minutes", () => {
    expect(secondsUntilNextAttempt({ failedSignInCount: 40, lastFailedSignIn: secondsAgo(0) }, now)).toBe(300);
  });

  it("counts the wait from the last failure", () => {
    expect(secondsUntilNextAttempt({ failedSignInCount: 3, lastFailedSignIn: secondsAgo(6) }, now)).toBe(0);
  });

  it("forgives failures after a quiet quarter of an hour", () => {
    const old = { failedSignInCount: 9, lastFailedSignIn: secondsAgo(15 * 60) };
    expect(secondsUntilNextAttempt(old, now)).toBe(0);
    expect(failuresAfterAnotherFailure(old, now)).toBe(1);
    expect(failuresAfterAnotherFailure({ failedSignInCount: 2, lastFailedSignIn: secondsAgo(10) }, now)).toBe(3);
  });
});
