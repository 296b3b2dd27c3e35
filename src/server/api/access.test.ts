import { describe, expect, it } from "vitest";
import { ROLES } from "@/domain/roles";
import { roleAllowed } from "./access";
import { DECISION_POLICIES } from "./routers/decision";

// Screens offer the decision side panel from these policies: the same the guard applies to decision.save and .sign.
describe("roleAllowed on the decision policies", () => {
  it("lets the chair and the coordinator record, and only the chair sign", () => {
    expect(ROLES.filter((r) => roleAllowed(DECISION_POLICIES.save, r))).toEqual(["CHAIR", "COORDINATOR"]);
    expect(ROLES.filter((r) => roleAllowed(DECISION_POLICIES.sign, r))).toEqual(["CHAIR"]);
  });

  it("refuses specialists and administrators", () => {
    expect(roleAllowed(DECISION_POLICIES.save, "SPECIALIST")).toBe(false);
    expect(roleAllowed(DECISION_POLICIES.save, "ADMIN")).toBe(false);
  });
});
