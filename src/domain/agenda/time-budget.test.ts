import { describe, expect, it } from "vitest";
import { agendaTimeBudget, caseStartTimes } from "./time-budget";

describe("agendaTimeBudget", () => {
  it("adds the cases' minutes and compares them with the meeting", () => {
    expect(agendaTimeBudget([{ minutesBudget: 5 }, { minutesBudget: 10 }], 60)).toEqual({
      plannedMinutes: 15,
      meetingMinutes: 60,
      overrunMinutes: 0,
      fill: 0.25,
    });
  });

  it("reports the overrun of an agenda over time", () => {
    expect(agendaTimeBudget(Array.from({ length: 20 }, () => ({ minutesBudget: 5 })), 90).overrunMinutes).toBe(10);
  });

  it("handles an empty agenda and a meeting of no length", () => {
    expect(agendaTimeBudget([], 0)).toEqual({ plannedMinutes: 0, meetingMinutes: 0, overrunMinutes: 0, fill: 0 });
  });
});

describe("caseStartTimes", () => {
  it("starts each case after the minutes of those before it", () => {
    const starts = caseStartTimes(new Date("2026-12-05T14:30:00Z"), [{ minutesBudget: 10 }, { minutesBudget: 15 }, { minutesBudget: 5 }]);
    expect(starts.map((d) => d.toISOString())).toEqual(["2026-12-05T14:30:00.000Z", "2026-12-05T14:40:00.000Z", "2026-12-05T14:55:00.000Z"]);
  });

  it("has nothing to time on an empty agenda", () => {
    expect(caseStartTimes(new Date(), [])).toEqual([]);
  });
});
