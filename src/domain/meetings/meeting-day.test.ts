import { describe, expect, it } from "vitest";
import { discussedOn, presentingMovesDate, sameDay } from "./meeting-day";

const at = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h);

describe("meeting days", () => {
  it("compares calendar days, not instants", () => {
    expect(sameDay(at(2026, 12, 5, 0), at(2026, 12, 5, 23))).toBe(true);
    expect(sameDay(at(2026, 12, 5, 23), at(2026, 12, 6, 0))).toBe(false);
  });

  it("asks before presenting a meeting that has not started on another day than planned", () => {
    const now = at(2026, 12, 5, 9);
    expect(presentingMovesDate({ startsAt: at(2026, 12, 8, 7), startedAt: null }, now)).toBe(true);
    expect(presentingMovesDate({ startsAt: at(2026, 12, 1, 7), startedAt: null }, now)).toBe(true);
    expect(presentingMovesDate({ startsAt: at(2026, 12, 5, 16), startedAt: null }, now)).toBe(false);
    // Already running (resumed the next morning): no question, no move.
    expect(presentingMovesDate({ startsAt: at(2026, 12, 4, 16), startedAt: at(2026, 12, 4, 16) }, now)).toBe(false);
  });

  it("dates a discussion by what happened, never by a planned day still ahead", () => {
    const planned = { startsAt: at(2026, 12, 8), startedAt: null };
    expect(discussedOn({ discussedAt: at(2026, 12, 5), meeting: planned, recordedAt: at(2026, 12, 4) })).toEqual(at(2026, 12, 5));
    expect(discussedOn({ discussedAt: null, meeting: { startsAt: at(2026, 12, 8), startedAt: at(2026, 12, 6) }, recordedAt: at(2026, 12, 6) })).toEqual(at(2026, 12, 6));
    expect(discussedOn({ discussedAt: null, meeting: planned, recordedAt: at(2026, 12, 5) })).toEqual(at(2026, 12, 5));
    expect(discussedOn({ discussedAt: null, meeting: { startsAt: at(2026, 12, 1), startedAt: null }, recordedAt: at(2026, 12, 1, 14) })).toEqual(at(2026, 12, 1));
    expect(discussedOn({ discussedAt: null, meeting: null, recordedAt: at(2026, 12, 3) })).toEqual(at(2026, 12, 3));
  });
});
