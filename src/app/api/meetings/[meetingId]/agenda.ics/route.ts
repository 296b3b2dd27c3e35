import { guardRoute } from "@/server/api/route-guard";
import { MEETING_DOCUMENT_POLICY, serveAgendaIcs } from "@/server/services/documents/document-routes";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ meetingId: string }> }) {
  const { meetingId } = await params;
  const ctx = await guardRoute(MEETING_DOCUMENT_POLICY, { meetingId });
  return ctx instanceof Response ? ctx : serveAgendaIcs(ctx, meetingId, request);
}
