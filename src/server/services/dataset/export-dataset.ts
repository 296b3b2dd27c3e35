/**
 * The research export, streamed: rows come from the database a batch at a time and leave as CSV text, Parquet row
 * groups or NDJSON lines at once, so that memory stays flat however large the dataset (bench/dataset-export.ts).
 *
 * Pseudonymised (anyone who may see the dataset): the pseudonymised columns only, and the rows of equivalence
 * classes smaller than k suppressed. That needs the class sizes before the first row leaves: a first pass counts
 * them (one counter per class), the second streams. The report of what was suppressed goes with the answer (the
 * route puts a summary in a header; Parquet also carries the whole report in its key-value metadata) and the page
 * shows it in full before the download.
 *
 * Identifiable (chairs): every column, nothing suppressed, a reason required. Audited as one event
 * "dataset.export.identifiable" with the reason, the row count and the number of distinct patients, rather than
 * one event per patient: the export is one act, and a registry export would otherwise write 100,000 events.
 */
import { DATASET_COLUMNS } from "@/domain/outcomes/dataset";
import {
  csvHeader,
  csvRecord,
  exportColumns,
  exportFilename,
  EXPORT_CONTENT_TYPES,
  projectRow,
  type EquivalenceClasses,
  type ExportFormat,
  type ExportMode,
  type SuppressionReport,
} from "@/domain/outcomes/research-export";
import { datasetRowNdjson } from "@/integrations/fhir/dataset-ndjson";
import { StreamingParquet } from "@/integrations/parquet/streaming-parquet";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/load-session-user";
import type { Db } from "../db-types";
import { ServiceError } from "../errors";
import { boardsOf, countClasses, DATASET_BATCH_SIZE, filteredBatches, kAnonymity, type DatasetFilters } from "./dataset-scope";

export interface ExportRequest {
  mode: ExportMode;
  format: ExportFormat;
  filters: DatasetFilters;
  /** Why an identifiable export is needed: required for one, ignored otherwise. */
  reason?: string | null;
  /** Rows per database round trip and per Parquet row group. */
  batchSize?: number;
}

export interface DatasetExport {
  filename: string;
  contentType: string;
  /** Rows the file will hold (after suppression): what the page's progress bar counts to. */
  rows: number;
  report: SuppressionReport | null;
  chunks: AsyncGenerator<Uint8Array>;
}

const encoder = new TextEncoder();
export const MIN_REASON_LENGTH = 10;

export async function exportDataset(db: Db, user: SessionUser, request: ExportRequest): Promise<DatasetExport> {
  const boardIds = boardsOf(user, request.filters);
  const identifiable = request.mode === "identifiable";
  const reason = request.reason?.trim() ?? "";
  if (identifiable && reason.length < MIN_REASON_LENGTH) {
    throw new ServiceError("BAD_REQUEST", `Give the reason for an identifiable export (at least ${MIN_REASON_LENGTH} characters).`, [
      { field: "reason", message: "Say why the export needs names and MRNs." },
    ]);
  }
  const k = identifiable ? 1 : await kAnonymity(db);
  // First pass: class sizes (and the row count the progress bar needs), never the rows.
  const classes: EquivalenceClasses = await countClasses(db, boardIds, request.filters);
  const report = classes.report(k);
  if (identifiable) {
    const patients = new Set<string>();
    for await (const batch of filteredBatches(db, boardIds, request.filters, DATASET_BATCH_SIZE, false)) for (const row of batch) if (row.pseudonym) patients.add(row.pseudonym);
    await recordAudit(db, user, {
      action: "dataset.export.identifiable",
      entityType: "Dataset",
      reason,
      detail: { format: request.format, boards: boardIds, filters: { ...request.filters }, rows: report.totalRows, patients: patients.size },
    });
  } else {
    await recordAudit(db, user, {
      action: "dataset.export",
      entityType: "Dataset",
      detail: { format: request.format, boards: boardIds, filters: { ...request.filters }, rows: report.keptRows, suppressed: report.suppressedRows, k },
    });
  }
  return {
    filename: exportFilename(request.mode, request.format, new Date()),
    contentType: EXPORT_CONTENT_TYPES[request.format],
    rows: identifiable ? report.totalRows : report.keptRows,
    report: identifiable ? null : report,
    chunks: exportChunks(db, boardIds, request, classes, report),
  };
}

async function* exportChunks(db: Db, boardIds: string[], request: ExportRequest, classes: EquivalenceClasses, report: SuppressionReport): AsyncGenerator<Uint8Array> {
  const columns = exportColumns(request.mode);
  const batches = filteredBatches(db, boardIds, request.filters, request.batchSize ?? DATASET_BATCH_SIZE);
  const keep = request.mode === "identifiable" ? () => true : (row: Parameters<EquivalenceClasses["keeps"]>[0]) => classes.keeps(row, report.k);
  if (request.format === "parquet") {
    const parquet = new StreamingParquet(columns, {
      "concilium.mode": request.mode,
      "concilium.suppression": JSON.stringify(request.mode === "identifiable" ? null : report),
      "concilium.columns": JSON.stringify(DATASET_COLUMNS.filter((c) => columns.includes(c)).map(({ name, unit, meaning }) => ({ name, unit, meaning }))),
    });
    yield* parquet.header();
    for await (const batch of batches) yield* parquet.append(batch.filter(keep).map((r) => projectRow(r, columns)));
    yield* parquet.finish();
    return;
  }
  if (request.format === "csv") yield encoder.encode(csvHeader(columns));
  let sequence = 0;
  for await (const batch of batches) {
    let text = "";
    for (const row of batch) {
      if (!keep(row)) continue;
      const projected = projectRow(row, columns);
      sequence += 1;
      text += request.format === "csv" ? csvRecord(projected, columns) : datasetRowNdjson(projected, request.mode, sequence);
    }
    if (text) yield encoder.encode(text);
  }
}

/** A generator of chunks as a web stream that reads the next batch only when the client has taken the last. */
export function toReadableStream(chunks: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
