import type { ExportFormat } from "@/domain/outcomes/research-export";
import { checkFormat, exportResponse, filtersFromQuery } from "@/server/http/dataset-export";
import { withGuard } from "@/server/http/with-guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/dataset/export/{csv|parquet|ndjson}?boardId=&site=&stageGroup=&year=: the pseudonymised dataset, k-anonymous. */
export const GET = withGuard<{ format: string }>("dataset.export", {
  checkParams: checkFormat,
  handle: ({ db, user, request, params }) => exportResponse(db, user, params.format as ExportFormat, "pseudonymised", filtersFromQuery(request)),
});
