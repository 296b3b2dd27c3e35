import { CLINICAL_ROLES } from "@/domain/roles";
import { pacsFromEnv } from "@/integrations/pacs/pacs-config";
import { guardRoute } from "@/server/api/route-guard";
import { proxyPacsRequest } from "@/server/services/pacs/proxy-pacs-request";

export async function GET(request: Request, { params }: { params: Promise<{ studyUid: string; path: string[] }> }) {
  const { studyUid, path } = await params;
  const ctx = await guardRoute({ roles: CLINICAL_ROLES, scope: { via: "study", field: "studyUid" } }, { studyUid });
  if (ctx instanceof Response) return ctx;
  const result = await proxyPacsRequest(ctx.db, ctx.user, pacsFromEnv(), {
    studyUid,
    path,
    accept: request.headers.get("accept"),
    search: new URL(request.url).searchParams,
    patientId: ctx.access.patientId,
  });
  return "response" in result ? result.response : Response.json({ error: result.error }, { status: result.status });
}
