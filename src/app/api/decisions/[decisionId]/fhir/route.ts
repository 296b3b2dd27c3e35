import { guardRoute } from "@/server/api/route-guard";
import { DECISION_DOCUMENT_POLICY, serveDecisionFhir } from "@/server/services/documents/document-routes";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ decisionId: string }> }) {
  const { decisionId } = await params;
  const ctx = await guardRoute(DECISION_DOCUMENT_POLICY, { decisionId });
  return ctx instanceof Response ? ctx : serveDecisionFhir(ctx, decisionId);
}
