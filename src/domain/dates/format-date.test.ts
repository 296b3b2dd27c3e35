import { describe, expect, it } from "vitest";
import { formatCalendarDate, formatDate, formatDateTime, formatDayTime, formatTime } from "./format-date";

const instant = new Date("2026-12-05T14:30:00Z");

describe("format-date", () => {
  it("writes dates with the month in words, never as 05/12/2026", () => {
    expect(formatDate(instant, { timeZone: "UTC" })).toBe("05 Dec 2026");
    expect(formatDate(instant, { timeZone: "UTC" })).not.toMatch(/\d+\/\d+\/\d+/);
  });

  it("writes times on the 24-hour clock", () => {
    expect(formatTime(instant, { timeZone: "UTC" })).toBe("14:30");
    expect(formatTime(new Date("2026-12-05T00:05:00Z"), { timeZone: "UTC" })).toBe("00:05");
  });

  it("writes a meeting's date and time with its weekday, and recent events without the year", () => {
    expect(formatDateTime(instant, { timeZone: "UTC" })).toBe("Sat, 05 Dec 2026, 14:30");
    expect(formatDayTime(instant, { timeZone: "UTC" })).toBe("05 Dec, 14:30");
  });

  it("shows instants in the given time zone", () => {
    expect(formatTime(instant, { timeZone: "Europe/Berlin" })).toBe("15:30");
    expect(formatDate(new Date("2026-12-05T23:30:00Z"), { timeZone: "Europe/Berlin" })).toBe("06 Dec 2026");
  });

  it("never shifts a calendar date stored at midnight UTC", () => {
    expect(formatCalendarDate(new Date("1958-03-01T00:00:00Z"))).toBe("01 Mar 1958");
  });
});
