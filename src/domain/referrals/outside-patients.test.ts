import { describe, expect, it } from "vitest";
import { minutesUntilNextLookup, OUTSIDE_LOOKUP_LIMIT, relationshipNeedsStatement } from "./outside-patients";

const now = new Date("2026-12-05T12:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

describe("minutesUntilNextLookup", () => {
  it("allows searches below the limit", () => {
    expect(minutesUntilNextLookup([], now)).toBeNull();
    expect(minutesUntilNextLookup(Array.from({ length: OUTSIDE_LOOKUP_LIMIT - 1 }, () => minutesAgo(1)), now)).toBeNull();
  });

  it("refuses at the limit until the oldest counted search leaves the window", () => {
    const recent = Array.from({ length: OUTSIDE_LOOKUP_LIMIT }, (_, i) => minutesAgo(i === OUTSIDE_LOOKUP_LIMIT - 1 ? 7.5 : 1));
    expect(minutesUntilNextLookup(recent, now)).toBe(3);
    expect(minutesUntilNextLookup(Array.from({ length: OUTSIDE_LOOKUP_LIMIT }, () => minutesAgo(10)), now)).toBeNull();
  });
});

describe("relationshipNeedsStatement", () => {
  it("asks who requested a second opinion, not the treating physician", () => {
    expect(relationshipNeedsStatement("TREATING_PHYSICIAN")).toBe(false);
    expect(relationshipNeedsStatement("SECOND_OPINION")).toBe(true);
    expect(relationshipNeedsStatement("OTHER")).toBe(true);
  });
});
