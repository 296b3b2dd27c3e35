import { pacsFromEnv } from "@/integrations/pacs/pacs-config";
import { problem } from "@/server/http/problem";
import { withGuard } from "@/server/http/with-guard";
import { proxyPacsRequest } from "@/server/services/pacs/proxy-pacs-request";

/** GET /api/pacs/studies/{studyUid}/…: the viewer's DICOMweb request, forwarded to the site's PACS with its credentials. */
export const GET = withGuard<{ studyUid: string; path: string[] }>("pacs.study", async ({ db, user, access, request, params }) => {
  const result = await proxyPacsRequest(db, user, pacsFromEnv(), {
    studyUid: params.studyUid,
    path: params.path,
    accept: request.headers.get("accept"),
    search: new URL(request.url).searchParams,
    patientId: access.patientId,
  });
  return "response" in result ? result.response : problem(result.status, result.error);
});
