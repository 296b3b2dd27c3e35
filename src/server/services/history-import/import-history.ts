import { endOfToday } from "@/domain/history-import/history-record";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "../db-types";
import { recordAudit } from "../audit/record-audit";
import { applyRecords, type ApplyCounts } from "./apply-import";
import { readFhirHistory } from "./read-fhir";
import { readHistoryCsv } from "./read-csv";
import { planImport, type ImportPlan, type SourceRow } from "./plan-import";

export const HISTORY_FORMATS = ["csv", "fhir"] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];

export interface HistoryImportRequest {
  boardId: string;
  format: HistoryFormat;
  /** The file: its text, or its bytes as they arrive (an HTTP upload). */
  source: string | AsyncIterable<Uint8Array | string>;
  /** Check and report only; nothing is written. */
  dryRun: boolean;
  /** Import the rows without errors although others have some (default: all or nothing). */
  validRowsOnly: boolean;
  onProgress?: (done: number, total: number) => void | Promise<void>;
  now?: Date;
}

export interface HistoryImportResult {
  dryRun: boolean;
  /** True when something was written. */
  imported: boolean;
  /** Why nothing was written, in words (null when something was, or for a dry run without errors). */
  refusal: string | null;
  fileErrors: string[];
  counts: ImportPlan["counts"];
  rows: { line: number; caseExternalId: string | null; action: "create" | "update" | null; patient: "new" | "existing" | null; outcomes: number; errors: string[] }[];
  applied: ApplyCounts | null;
}

async function readSource(req: HistoryImportRequest, today: Date): Promise<{ fileErrors: string[]; rows: SourceRow[] }> {
  if (req.format === "fhir") return readFhirHistory(req.source, today);
  const read = await readHistoryCsv(req.source, today);
  // A CSV's outcome ids are built from its case ids, which are unique per board only: the board makes them unique.
  for (const row of read.rows) {
    if (row.result.ok) for (const o of row.result.record.outcomes) o.externalId = `${req.boardId}/${o.externalId}`;
  }
  return read;
}

/**
 * Brings a registry's past cases into a board: reads the file (CSV or a FHIR mCODE Bundle), checks every row,
 * plans, and, unless this is a dry run, writes the rows in one transaction: all of them, or with `validRowsOnly`
 * those without errors; nothing of a refused row. Audited with its counts (and every created patient and case).
 */
export async function importHistory(db: PrismaClient, actor: Actor, req: HistoryImportRequest): Promise<HistoryImportResult> {
  const today = endOfToday(req.now ?? new Date());
  const read = await readSource(req, today);
  const plan = read.fileErrors.length ? { rows: [], counts: { rows: 0, valid: 0, refused: 0, casesToCreate: 0, casesToUpdate: 0, patientsToCreate: 0, outcomes: 0 } } : await planImport(db, req.boardId, read.rows);
  const rows = plan.rows.map(({ record: _record, ...row }) => row);
  const base = { dryRun: req.dryRun, fileErrors: read.fileErrors, counts: plan.counts, rows };
  const detail = { format: req.format, ...plan.counts, fileErrors: read.fileErrors.length };

  let refusal: string | null = null;
  if (read.fileErrors.length) refusal = "Nothing can be imported: the file itself is not as documented.";
  else if (plan.counts.rows === 0) refusal = "The file holds no cases.";
  else if (plan.counts.refused > 0 && !req.validRowsOnly) {
    refusal = `Nothing was imported: ${plan.counts.refused} of ${plan.counts.rows} rows have errors. Correct them, or import only the ${plan.counts.valid} valid rows.`;
  } else if (plan.counts.valid === 0) refusal = "Nothing was imported: no row is valid.";

  if (req.dryRun) {
    await recordAudit(db, actor, { action: "history.import.preview", entityType: "Board", entityId: req.boardId, detail });
    return { ...base, imported: false, refusal: plan.counts.refused > 0 || read.fileErrors.length ? refusal : null, applied: null };
  }
  if (refusal) {
    await recordAudit(db, actor, { action: "history.import.refused", entityType: "Board", entityId: req.boardId, reason: refusal, detail });
    return { ...base, imported: false, refusal, applied: null };
  }
  const records = plan.rows.flatMap((r) => (r.errors.length === 0 && r.record ? [r.record] : []));
  const applied = await applyRecords(db, actor, req.boardId, records, req.format === "csv" ? "CSV_IMPORT" : "FHIR_IMPORT", req.onProgress ?? (() => undefined));
  await recordAudit(db, actor, { action: "history.import", entityType: "Board", entityId: req.boardId, detail: { ...detail, ...applied } });
  return { ...base, imported: true, refusal: null, applied };
}
