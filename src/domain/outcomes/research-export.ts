/**
 * How the outcome dataset leaves Concilium for research: which columns, which rows, in which text.
 *
 * - Pseudonymised (the default): the columns DATASET_COLUMNS marks "keep" (no name, MRN, address, birth date or
 *   calendar date; intervals as days from the decision; age in 5-year bands).
 * - k-anonymity: rows are grouped by their quasi-identifiers (QUASI_IDENTIFIERS: board, site, stage group, age band,
 *   sex); every row of a group ("equivalence class") smaller than k is suppressed, and the export reports each
 *   suppressed class with its size. Counting the classes is a first pass that keeps one number per class, never the
 *   rows (`EquivalenceClasses`); the second pass streams the rows and drops those of small classes.
 * - Identifiable (chairs only, with a reason): every column, no suppression.
 *
 * CSV follows RFC 4180 with CRLF record ends; a line break inside a field is written as a bare LF, so that a reader
 * (the page's progress bar) can count records by their CRLF. A field a spreadsheet would run as a formula gets a
 * leading apostrophe, as in the audit CSV.
 */
import { DATASET_COLUMNS, PSEUDONYMISED_COLUMNS, QUASI_IDENTIFIERS, type DatasetColumnName, type DatasetRow } from "./dataset";

export const EXPORT_MODES = ["pseudonymised", "identifiable"] as const;
export type ExportMode = (typeof EXPORT_MODES)[number];

export const EXPORT_FORMATS = ["csv", "parquet", "ndjson"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The default k of the k-anonymity check; an administrator may change it (a site setting). */
export const DEFAULT_K = 5;
export const MIN_K = 1;
export const MAX_K = 100;

type Column = (typeof DATASET_COLUMNS)[number];

/** The columns of an export, in the dataset's order. */
export function exportColumns(mode: ExportMode): readonly Column[] {
  return mode === "identifiable" ? DATASET_COLUMNS : PSEUDONYMISED_COLUMNS;
}

/** A row cut down to an export's columns (a pseudonymised row has no key for a dropped column at all). */
export type ExportRow = Partial<DatasetRow>;

export function projectRow(row: DatasetRow, columns: readonly Column[]): ExportRow {
  const out: Record<string, unknown> = {};
  for (const c of columns) out[c.name] = row[c.name];
  return out as ExportRow;
}

/** One equivalence class: the quasi-identifiers' values (null shown as empty) and how many rows share them. */
export interface EquivalenceClass {
  values: Record<string, string | null>;
  count: number;
}

/** The key of a row's equivalence class. */
export function classKey(row: Pick<DatasetRow, DatasetColumnName>): string {
  return JSON.stringify(QUASI_IDENTIFIERS.map((q) => row[q] ?? null));
}

function classValues(key: string): Record<string, string | null> {
  const values = JSON.parse(key) as (string | null)[];
  return Object.fromEntries(QUASI_IDENTIFIERS.map((q, i) => [q, values[i] ?? null]));
}

/** What the k-anonymity check took out of an export. */
export interface SuppressionReport {
  k: number;
  quasiIdentifiers: string[];
  totalRows: number;
  keptRows: number;
  suppressedRows: number;
  /** Each suppressed class with its size, largest first. */
  suppressedClasses: EquivalenceClass[];
}

/** The first pass: one counter per equivalence class, whatever the number of rows. */
export class EquivalenceClasses {
  private readonly counts = new Map<string, number>();
  private total = 0;

  add(row: DatasetRow): void {
    const key = classKey(row);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total += 1;
  }

  /** Whether the second pass keeps this row: its class has at least k rows. */
  keeps(row: DatasetRow, k: number): boolean {
    return (this.counts.get(classKey(row)) ?? 0) >= k;
  }

  report(k: number): SuppressionReport {
    const suppressedClasses: EquivalenceClass[] = [];
    for (const [key, count] of this.counts) if (count < k) suppressedClasses.push({ values: classValues(key), count });
    suppressedClasses.sort((a, b) => b.count - a.count || JSON.stringify(a.values).localeCompare(JSON.stringify(b.values)));
    const suppressedRows = suppressedClasses.reduce((n, c) => n + c.count, 0);
    return { k, quasiIdentifiers: [...QUASI_IDENTIFIERS], totalRows: this.total, keptRows: this.total - suppressedRows, suppressedRows, suppressedClasses };
  }
}

/** A report small enough for a response header: totals and at most `limit` classes (the page shows them all). */
export function suppressionSummary(report: SuppressionReport): string {
  return `k=${report.k}; rows=${report.totalRows}; kept=${report.keptRows}; suppressed=${report.suppressedRows}; classes=${report.suppressedClasses.length}`;
}

// ---- CSV ----

/** One CSV field: empty for null, booleans as true/false, quoted when needed; a formula-looking text defused. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return String(value);
  const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  // Line breaks inside a field become a bare LF: CRLF ends records only.
  const text = defused.replace(/\r\n?/g, "\n");
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvHeader(columns: readonly Column[]): string {
  return `${columns.map((c) => c.name).join(",")}\r\n`;
}

export function csvRecord(row: ExportRow, columns: readonly Column[]): string {
  return `${columns.map((c) => csvField(row[c.name])).join(",")}\r\n`;
}

/** The file name of an export, e.g. concilium-dataset-pseudonymised-2026-12-05.csv. */
export function exportFilename(mode: ExportMode, format: ExportFormat, today: Date): string {
  return `concilium-dataset-${mode}-${today.toISOString().slice(0, 10)}.${format}`;
}

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  parquet: "application/vnd.apache.parquet",
  ndjson: "application/fhir+ndjson",
};
