import { guardRoute } from "@/server/api/route-guard";
import { CASE_DOCUMENT_POLICY, serveLetter } from "@/server/services/documents/document-routes";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ caseId: string }> }) {
  const { caseId } = await params;
  const ctx = await guardRoute(CASE_DOCUMENT_POLICY, { caseId });
  return ctx instanceof Response ? ctx : serveLetter(ctx, caseId, request);
}
