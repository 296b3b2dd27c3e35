import { download } from "@/server/http/download";
import { withGuard } from "@/server/http/with-guard";
import { exportDecisionFhir } from "@/server/services/documents/fhir-export";

export const dynamic = "force-dynamic";

/** GET /api/decisions/{decisionId}/fhir: the decision as an mCODE Bundle. */
export const GET = withGuard<{ decisionId: string }>("decision.fhir", async ({ db, user, params }) => {
  const { bundle, filename } = await exportDecisionFhir(db, user, params.decisionId);
  return download({ bytes: new TextEncoder().encode(JSON.stringify(bundle, null, 2)), filename, contentType: "application/fhir+json; charset=utf-8" });
});
