import { download } from "@/server/http/download";
import { withGuard } from "@/server/http/with-guard";
import { meetingIcs } from "@/server/services/documents/meeting-documents";

export const dynamic = "force-dynamic";

/** The meeting as a calendar event (it names no patient); its link points at CONCILIUM_PUBLIC_URL or this server. */
export const GET = withGuard<{ meetingId: string }>("meeting.document", async ({ db, request, params }) =>
  download(await meetingIcs(db, params.meetingId, process.env.CONCILIUM_PUBLIC_URL?.trim() || new URL(request.url).origin)),
);
