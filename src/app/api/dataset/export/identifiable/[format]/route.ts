import type { ExportFormat } from "@/domain/outcomes/research-export";
import { checkFormat, exportResponse, identifiableRequest } from "@/server/http/dataset-export";
import { withGuard } from "@/server/http/with-guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/dataset/export/identifiable/{format} with { reason, filters }: every column, for a chair, audited. */
export const POST = withGuard<{ format: string }>("dataset.exportIdentifiable", {
  checkParams: checkFormat,
  handle: async ({ db, user, request, params }) => {
    const { reason, filters } = await identifiableRequest(request);
    return exportResponse(db, user, params.format as ExportFormat, "identifiable", filters, reason);
  },
});
