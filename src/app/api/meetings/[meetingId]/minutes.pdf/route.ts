import { guardRoute } from "@/server/api/route-guard";
import { MEETING_DOCUMENT_POLICY, serveMinutesPdf } from "@/server/services/documents/document-routes";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ meetingId: string }> }) {
  const { meetingId } = await params;
  const ctx = await guardRoute(MEETING_DOCUMENT_POLICY, { meetingId });
  return ctx instanceof Response ? ctx : serveMinutesPdf(ctx, meetingId);
}
