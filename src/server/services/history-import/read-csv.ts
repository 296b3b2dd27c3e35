import { Readable } from "node:stream";
import { parse } from "csv-parse";
import { headerProblems, readHistoryRow, type RowResult } from "@/domain/history-import/history-record";

export interface ReadRow {
  /** The file's line number where the row starts (the header is line 1). */
  line: number;
  result: RowResult;
}

export interface ReadCsv {
  /** Problems of the file as a whole (header, broken quoting): nothing can be imported. */
  fileErrors: string[];
  rows: ReadRow[];
}

/**
 * Reads a history CSV (header row, then one row per case) with csv-parse, streamed: the upload is parsed as it
 * arrives. Each row is checked on its own (domain/history-import); the file stops only at a wrong header or broken
 * quoting. A byte order mark and ';' as separator (spreadsheets in many European locales) are accepted.
 */
export async function readHistoryCsv(source: string | AsyncIterable<Uint8Array | string>, today: Date): Promise<ReadCsv> {
  const input = typeof source === "string" ? Readable.from([source]) : Readable.from(source);
  const parser = input.pipe(parse({ bom: true, delimiter: [",", ";"], skip_empty_lines: true, relax_column_count: true, info: true }));
  const rows: ReadRow[] = [];
  let header: string[] | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number; records: number } }>) {
      // info.lines is the line the record ends on; a record spanning lines (a quoted newline) starts earlier.
      const line = info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
      if (!header) {
        header = record.map((h) => h.trim().toLowerCase());
        const problems = headerProblems(header);
        if (problems.length) return { fileErrors: problems.map((p) => `Line 1: ${p}`), rows: [] };
        continue;
      }
      if (record.length !== header.length) {
        rows.push({ line, result: { ok: false, errors: [`The row has ${record.length} cells; the header has ${header.length}.`] } });
        continue;
      }
      const cells = Object.fromEntries(header.map((h, i) => [h, record[i]]));
      rows.push({ line, result: readHistoryRow(cells, today) });
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { fileErrors: [`The file could not be read as CSV: ${message}`], rows: [] };
  }
  if (!header) return { fileErrors: ["The file is empty: it needs a header row and at least one case."], rows: [] };
  return { fileErrors: [], rows };
}
