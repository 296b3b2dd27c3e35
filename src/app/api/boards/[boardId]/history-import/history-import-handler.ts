/**
 * POST /api/boards/{boardId}/history-import?format=csv|fhir[&dryRun=1][&validRowsOnly=1], the file as the body.
 * A dry run answers JSON (the preview). An import answers NDJSON, one line per event, so that the page can show
 * progress while the rows are written: {"type":"progress","done":n,"total":m} ... then {"type":"result",...} (or
 * {"type":"error","message":...} when the import failed and nothing was written). 413 past the size limit.
 */
import { problem } from "@/server/http/problem";
import type { Guarded } from "@/server/http/with-guard";
import { HISTORY_FORMATS, importHistory, type HistoryFormat, type HistoryImportResult } from "@/server/services/history-import/import-history";
import { historyTooLargeMessage, limitBytes, maxHistoryImportBytes, UploadTooLarge } from "@/server/services/history-import/upload-limit";
import { ServiceError } from "@/server/services/errors";

type Event = { type: "progress"; done: number; total: number } | { type: "result"; result: HistoryImportResult } | { type: "error"; message: string };

export async function receiveHistoryImport({ db, user, request, params }: Guarded<{ boardId: string }>): Promise<Response> {
  const query = new URL(request.url).searchParams;
  const contentType = request.headers.get("content-type") ?? "";
  const format = (query.get("format") ?? (contentType.includes("json") ? "fhir" : "csv")) as HistoryFormat;
  if (!HISTORY_FORMATS.includes(format)) return problem(400, `format must be ${HISTORY_FORMATS.join(" or ")}.`);
  const limit = maxHistoryImportBytes();
  if (Number(request.headers.get("content-length") ?? Number.NaN) > limit) return problem(413, historyTooLargeMessage(limit));
  if (!request.body) return problem(400, "Send the file as the request body.");
  const source = limitBytes(request.body as unknown as AsyncIterable<Uint8Array>, limit);
  const run = (onProgress?: (done: number, total: number) => void) =>
    importHistory(db, user, { boardId: params.boardId, format, source, dryRun: query.get("dryRun") === "1", validRowsOnly: query.get("validRowsOnly") === "1", onProgress });

  if (query.get("dryRun") === "1") {
    try {
      return Response.json(await run());
    } catch (error) {
      if (error instanceof UploadTooLarge) return problem(413, error.message);
      throw error;
    }
  }

  // Events wait here until the response stream takes them; the first one decides the status (413 before any row is written).
  const events: Event[] = [];
  let wake: (() => void) | null = null;
  let finished = false;
  const push = (event: Event) => {
    events.push(event);
    wake?.();
  };
  let tooLarge: UploadTooLarge | null = null;
  void run((d, total) => push({ type: "progress", done: d, total }))
    .then((result) => push({ type: "result", result }))
    .catch((error: unknown) => {
      if (error instanceof UploadTooLarge) tooLarge = error;
      else push({ type: "error", message: error instanceof ServiceError ? error.message : "The import failed on the server; nothing was written. Try again." });
    })
    .finally(() => {
      finished = true;
      wake?.();
    });
  const next = () => (events.length || finished ? Promise.resolve() : new Promise<void>((resolve) => (wake = resolve)));
  await next();
  if (tooLarge) return problem(413, (tooLarge as UploadTooLarge).message);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await next();
      const event = events.shift();
      if (event) controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      else if (finished) controller.close();
    },
  });
  return new Response(body, { headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "X-Accel-Buffering": "no" } });
}
