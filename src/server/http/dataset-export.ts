/**
 * The research export's HTTP answer: a streamed download with what the page's progress bar and the reader need in
 * headers (rows to expect, the k-anonymity summary), since a browser cannot read a trailer.
 */
import { z } from "zod";
import { EXPORT_FORMATS, suppressionSummary, type ExportFormat, type ExportMode } from "@/domain/outcomes/research-export";
import { datasetFiltersSchema } from "@/server/api/routers/dataset";
import { exportDataset, toReadableStream } from "@/server/services/dataset/export-dataset";
import type { SessionUser } from "@/server/services/auth/load-session-user";
import { attachment } from "@/server/services/documents/filename";
import type { PrismaClient } from "@/generated/prisma/client";
import { HttpError } from "./problem";

export function checkFormat(params: { format: string }): string | null {
  return (EXPORT_FORMATS as readonly string[]).includes(params.format) ? null : `Choose a format: ${EXPORT_FORMATS.join(", ")}.`;
}

/** The filters of a GET's query string (?boardId=&site=&stageGroup=&year=). */
export function filtersFromQuery(request: Request) {
  const q = new URL(request.url).searchParams;
  const text = (name: string) => q.get(name) || null;
  const year = q.get("year");
  return parse(datasetFiltersSchema, { boardId: text("boardId"), site: text("site"), stageGroup: text("stageGroup"), year: year ? Number(year) : null });
}

export const identifiableRequestSchema = z.object({
  reason: z.string().trim().min(10, "Give the reason for an identifiable export (at least 10 characters).").max(1000, "Keep the reason under 1000 characters."),
  filters: datasetFiltersSchema.default({}),
});

export async function identifiableRequest(request: Request) {
  const body: unknown = await request.json().catch(() => {
    throw new HttpError(400, "Send the reason and filters as JSON.");
  });
  return parse(identifiableRequestSchema, body);
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new HttpError(400, result.error.issues.map((i) => i.message).join(" "));
  return result.data;
}

export async function exportResponse(
  db: PrismaClient,
  user: SessionUser,
  format: ExportFormat,
  mode: ExportMode,
  filters: z.infer<typeof datasetFiltersSchema>,
  reason: string | null = null,
): Promise<Response> {
  const file = await exportDataset(db, user, { mode, format, filters, reason });
  return new Response(toReadableStream(file.chunks), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": attachment(file.filename),
      "X-Dataset-Rows": String(file.rows),
      ...(file.report ? { "X-Dataset-Suppression": suppressionSummary(file.report) } : {}),
      "Cache-Control": "private, no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
