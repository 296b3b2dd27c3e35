import { describe, expect, it } from "vitest";
import { leavesAnActiveAdmin, passwordProblem, tokenState } from "./user-account";

describe("passwordProblem", () => {
  it("wants at least 12 characters, not only spaces, typed the same twice", () => {
    expect(passwordProblem("short", "short")).toMatch(/at least 12/);
    expect(passwordProblem(" ".repeat(12), " ".repeat(12))).toMatch(/only spaces/);
    expect(passwordProblem("a-long-enough-one", "a-long-enough-two")).toMatch(/not the same/);
    expect(passwordProblem("x".repeat(201), "x".repeat(201))).toMatch(/at most 200/);
    expect(passwordProblem("a-long-enough-one", "a-long-enough-one")).toBeNull();
  });
});

describe("tokenState", () => {
  const now = new Date("2026-12-05T12:00:00Z");
  const later = new Date("2026-12-06T12:00:00Z");
  it("tells unknown, used, expired and inactive apart, in that order", () => {
    expect(tokenState(null, now)).toBe("unknown");
    expect(tokenState({ expiresAt: now, usedAt: now, userActive: true }, now)).toBe("used");
    expect(tokenState({ expiresAt: now, usedAt: null, userActive: true }, now)).toBe("expired");
    expect(tokenState({ expiresAt: later, usedAt: null, userActive: false }, now)).toBe("inactive");
    expect(tokenState({ expiresAt: later, usedAt: null, userActive: true }, now)).toBe("valid");
  });
});

describe("leavesAnActiveAdmin", () => {
  it("refuses to demote or deactivate the last active administrator only", () => {
    expect(leavesAnActiveAdmin(["a"], "a", { role: "CHAIR", active: true })).toBe(false);
    expect(leavesAnActiveAdmin(["a"], "a", { role: "ADMIN", active: false })).toBe(false);
    expect(leavesAnActiveAdmin(["a"], "a", { role: "ADMIN", active: true })).toBe(true);
    expect(leavesAnActiveAdmin(["a", "b"], "a", { role: "ADMIN", active: false })).toBe(true);
    expect(leavesAnActiveAdmin(["a"], "c", { role: "CHAIR", active: false })).toBe(true);
  });
});
