import { download } from "@/server/http/download";
import { publicBaseUrl } from "@/server/http/public-url";
import { withGuard } from "@/server/http/with-guard";
import { meetingIcs } from "@/server/services/documents/meeting-documents";

export const dynamic = "force-dynamic";

/** The meeting as a calendar event (it names no patient); its link points where users reach Concilium (CONCILIUM_PUBLIC_URL). */
export const GET = withGuard<{ meetingId: string }>("meeting.document", async ({ db, request, params }) =>
  download(await meetingIcs(db, params.meetingId, publicBaseUrl(request))),
);
