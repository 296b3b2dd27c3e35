/**
 * The audit log as CSV (RFC 4180): a header row, then one row per event, CRLF line ends, every field quoted when it
 * holds a comma, quote or line break. A field that a spreadsheet would run as a formula (starting with =, +, -, @,
 * tab or carriage return) gets a leading apostrophe, so that an attacker-chosen text (a user agent, a reason) cannot
 * run in the reviewer's spreadsheet.
 */

export const AUDIT_CSV_COLUMNS = [
  "id",
  "at",
  "actorId",
  "actorEmail",
  "action",
  "entityType",
  "entityId",
  "patientId",
  "patientMrn",
  "patientName",
  "ground",
  "reason",
  "sourceIp",
  "userAgent",
  "detail",
] as const;

export type AuditCsvRow = Record<(typeof AUDIT_CSV_COLUMNS)[number], string | null>;

function csvField(value: string | null): string {
  if (value === null) return "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function auditEventsToCsv(rows: readonly AuditCsvRow[]): string {
  const lines = [AUDIT_CSV_COLUMNS.join(","), ...rows.map((row) => AUDIT_CSV_COLUMNS.map((c) => csvField(row[c])).join(","))];
  return `${lines.join("\r\n")}\r\n`;
}
