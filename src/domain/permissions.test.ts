import { describe, expect, it } from "vitest";
import { can, canAll, FINDING_REVIEWERS, PERMISSIONS, verdict } from "./permissions";

// Agreement of `can` with the guard, procedure by procedure, is tested in server/api/can.test.ts.
describe("verdict", () => {
  it("tells a wrong role from a board the user is not on, as the guard answers them differently", () => {
    expect(verdict({ role: "SPECIALIST", boardIds: ["A"] }, PERMISSIONS.sign, ["A"])).toBe("wrong-role");
    expect(verdict({ role: "CHAIR", boardIds: ["B"] }, PERMISSIONS.sign, ["A"])).toBe("not-a-member");
    expect(verdict({ role: "CHAIR", boardIds: ["B"] }, PERMISSIONS.sign, ["A", "B"])).toBe("allowed");
    expect(verdict({ role: "CHAIR", boardIds: [] }, PERMISSIONS.sign, null)).toBe("allowed");
  });

  it("lets nobody signed out do anything", () => {
    expect(can(null, "signIn", null)).toBe(false);
  });

  it("answers several actions at once", () => {
    expect(canAll({ role: "COORDINATOR", boardIds: ["A"] }, ["sign", "correct", "review"], ["A"])).toEqual({ sign: false, correct: true, review: false });
  });

  it("knows the finding reviewers once", () => {
    expect(PERMISSIONS.review).toBe(FINDING_REVIEWERS);
  });
});
