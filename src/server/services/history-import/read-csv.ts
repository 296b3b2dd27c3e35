import { once } from "node:events";
import { parse } from "csv-parse";
import { headerProblems, readHistoryRow, type RowResult } from "@/domain/history-import/history-record";
import { UploadTooLarge } from "./upload-limit";

export interface ReadRow {
  /** The file's line number where the row starts (the header is line 1). */
  line: number;
  result: RowResult;
  /** The case_external_id cell as written, also of a refused row (null when empty or missing). */
  caseExternalId: string | null;
}

export interface ReadCsv {
  /** Problems of the file as a whole (header, broken quoting): nothing can be imported. */
  fileErrors: string[];
  rows: ReadRow[];
}

/**
 * Reads a history CSV (header row, then one row per case) with csv-parse, streamed: the upload is parsed as it
 * arrives. Each row is checked on its own (domain/history-import); the file stops only at a wrong header or broken
 * quoting. Separator: a comma (a byte order mark is
 * accepted); ';' separates values inside a cell.
 */
export async function readHistoryCsv(source: string | AsyncIterable<Uint8Array | string>, today: Date): Promise<ReadCsv> {
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true });
  // Fed by hand rather than piped, so that a failing upload (too large, cut off) ends the parse with its error.
  void (async () => {
    try {
      for await (const chunk of typeof source === "string" ? [source] : source) {
        if (parser.destroyed) return;
        if (!parser.write(chunk)) {
          // The listeners of the wait that did not happen are removed, else they pile up on a long file.
          const waited = new AbortController();
          await Promise.race([once(parser, "drain", { signal: waited.signal }), once(parser, "close", { signal: waited.signal })]).finally(() => waited.abort());
        }
      }
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  const rows: ReadRow[] = [];
  let header: string[] | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number; records: number } }>) {
      // info.lines is the line the record ends on; a record spanning lines (a quoted newline) starts earlier.
      const line = info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
      if (!header) {
        header = record.map((h) => h.trim().toLowerCase());
        const problems = headerProblems(header);
        if (problems.length) {
          parser.destroy();
          return { fileErrors: problems.map((p) => `Line 1: ${p}`), rows: [] };
        }
        continue;
      }
      const caseExternalId = record[header.indexOf("case_external_id")]?.trim() || null;
      if (record.length !== header.length) {
        rows.push({ line, caseExternalId, result: { ok: false, errors: [`The row has ${record.length} cells; the header has ${header.length}.`] } });
        continue;
      }
      const cells = Object.fromEntries(header.map((h, i) => [h, record[i]]));
      rows.push({ line, caseExternalId, result: readHistoryRow(cells, today) });
    }
  } catch (error) {
    if (error instanceof UploadTooLarge) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return { fileErrors: [`The file could not be read as CSV: ${message}`], rows: [] };
  }
  if (!header) return { fileErrors: ["The file is empty: it needs a header row and at least one case."], rows: [] };
  return { fileErrors: [], rows };
}
