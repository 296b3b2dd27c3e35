import { describe, expect, it } from "vitest";
import { MAX_CODE_FAILURES } from "../expert-opinion/share-rules";
import { guestCountsTowardsQuorum, guestExpiry, guestState } from "./guest-rules";

const now = new Date("2026-12-10T10:00:00Z");
const open = { expiresAt: new Date("2026-12-11T10:00:00Z"), revokedAt: null, codeFailures: 0, codesSent: 1 };

describe("guestState", () => {
  it("is open while the meeting is planned or in progress", () => {
    expect(guestState(open, "PLANNED", now)).toBe("open");
    expect(guestState(open, "IN_PROGRESS", now)).toBe("open");
  });
  it("ends with the meeting, before any other reason", () => {
    expect(guestState({ ...open, revokedAt: now }, "FINISHED", now)).toBe("ended");
    expect(guestState(open, "CANCELLED", now)).toBe("ended");
  });
  it("is revoked, expired or locked like a second-opinion link", () => {
    expect(guestState({ ...open, revokedAt: now }, "PLANNED", now)).toBe("revoked");
    expect(guestState({ ...open, expiresAt: now }, "PLANNED", now)).toBe("expired");
    expect(guestState({ ...open, codeFailures: MAX_CODE_FAILURES }, "PLANNED", now)).toBe("locked");
  });
});

it("an invitation expires a day after the meeting's planned end", () => {
  expect(guestExpiry(new Date("2026-12-10T16:00:00Z"), 90).toISOString()).toBe("2026-12-11T17:30:00.000Z");
});

it("a guest counts towards quorum only under the board's rule, once joined, with a specialty", () => {
  expect(guestCountsTowardsQuorum(false, true, "SURGERY")).toBe(false);
  expect(guestCountsTowardsQuorum(true, false, "SURGERY")).toBe(false);
  expect(guestCountsTowardsQuorum(true, true, null)).toBe(false);
  expect(guestCountsTowardsQuorum(true, true, "SURGERY")).toBe(true);
});
