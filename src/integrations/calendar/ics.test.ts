import { describe, expect, it } from "vitest";
import { buildIcs, escapeText, foldLine, formatUtc } from "./ics";

/** Undoes folding (RFC 5545 3.1) so that properties can be read back. */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, "");

describe("ICS", () => {
  const event = {
    uid: "meeting-abc@concilium",
    start: new Date("2026-03-03T13:00:00+01:00"),
    end: new Date("2026-03-03T14:30:00+01:00"),
    stamp: new Date("2026-02-20T09:15:00Z"),
    summary: "Thoracic Oncology Board; agenda, 7 cases",
    location: "Room 3.12, Thoracic Oncology",
    url: "https://concilium.example.org/meetings/abc",
    description: "Agenda:\n1. Case one\n2. Case two \\ end",
  };

  it("writes one VEVENT with UID, DTSTAMP and UTC start and end", () => {
    const ics = buildIcs(event);
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")).toBe(true);
    expect(ics.endsWith("END:VEVENT\r\nEND:VCALENDAR\r\n")).toBe(true);
    const text = unfold(ics);
    expect(text).toContain("\r\nUID:meeting-abc@concilium\r\n");
    expect(text).toContain("\r\nDTSTAMP:20260220T091500Z\r\n");
    expect(text).toContain("\r\nDTSTART:20260303T120000Z\r\n");
    expect(text).toContain("\r\nDTEND:20260303T133000Z\r\n");
    expect(text).toContain("\r\nURL:https://concilium.example.org/meetings/abc\r\n");
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(text).toContain("\r\nSTATUS:CONFIRMED\r\n");
    expect(buildIcs({ ...event, cancelled: true })).toContain("\r\nSTATUS:CANCELLED\r\n");
  });

  it("escapes commas, semicolons, backslashes and newlines in text", () => {
    const text = unfold(buildIcs(event));
    expect(text).toContain("SUMMARY:Thoracic Oncology Board\\; agenda\\, 7 cases\r\n");
    expect(text).toContain("LOCATION:Room 3.12\\, Thoracic Oncology\r\n");
    expect(text).toContain("DESCRIPTION:Agenda:\\n1. Case one\\n2. Case two \\\\ end\r\n");
    expect(escapeText("a,b;c\\d\r\ne")).toBe("a\\,b\\;c\\\\d\\ne");
  });

  it("folds long lines at 75 octets without splitting a multi-byte character", () => {
    const long = `DESCRIPTION:${"Ø".repeat(100)}`;
    const folded = foldLine(long);
    const lines = folded.split("\r\n");
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    expect(lines.slice(1).every((l) => l.startsWith(" "))).toBe(true);
    expect(folded.replace(/\r\n /g, "")).toBe(long);
    expect(foldLine("SHORT:x")).toBe("SHORT:x");
    const ics = buildIcs({ ...event, description: "x".repeat(500) });
    for (const line of ics.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
  });

  it("formats UTC instants", () => {
    expect(formatUtc(new Date("2026-01-02T03:04:05.678Z"))).toBe("20260102T030405Z");
  });
});
