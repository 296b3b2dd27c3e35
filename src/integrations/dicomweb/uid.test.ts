import { describe, expect, it } from "vitest";
import { isValidUid } from "./uid";

describe("isValidUid", () => {
  it("accepts dotted digits up to 64 characters", () => {
    expect(isValidUid("1.2.840.10008.1.2.1")).toBe(true);
    expect(isValidUid("1")).toBe(true);
    expect(isValidUid(`1.${"2".repeat(62)}`)).toBe(true);
  });

  it("refuses anything that could leave a folder or is not a UID", () => {
    for (const bad of ["", "..", "../1.2", "1..2", ".1", "1.", "1.2/3", "1.2\\3", "1.2 ", "abc", `1.${"2".repeat(63)}`, undefined, 12]) {
      expect(isValidUid(bad)).toBe(false);
    }
  });
});
