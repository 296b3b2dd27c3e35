import { describe, expect, it } from "vitest";
import { AUDIT_CSV_COLUMNS, auditEventsToCsv, type AuditCsvRow } from "./audit-csv";

const row = (fields: Partial<AuditCsvRow>): AuditCsvRow => ({ ...Object.fromEntries(AUDIT_CSV_COLUMNS.map((c) => [c, null])), ...fields }) as AuditCsvRow;

describe("auditEventsToCsv", () => {
  it("writes a header and one CRLF-terminated row per event, empty fields for nulls", () => {
    const csv = auditEventsToCsv([row({ id: "7", action: "case.read", actorEmail: "chair@x.test" })]);
    expect(csv.split("\r\n")).toEqual([AUDIT_CSV_COLUMNS.join(","), "7,,,chair@x.test,case.read,,,,,,,,,,", ""]);
  });

  it("quotes fields with commas, quotes and line breaks", () => {
    const csv = auditEventsToCsv([row({ id: "1", reason: 'said "no", twice\nreally' })]);
    expect(csv).toContain('"said ""no"", twice\nreally"');
  });

  it("defuses fields a spreadsheet would run as a formula", () => {
    const csv = auditEventsToCsv([row({ id: "1", userAgent: "=HYPERLINK(\"http://x\")", reason: "-2+3", detail: "@SUM(A1)" })]);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).toContain("'-2+3");
    expect(csv).toContain("'@SUM(A1)");
  });
});
