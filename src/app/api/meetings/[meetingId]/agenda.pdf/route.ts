import { download } from "@/server/http/download";
import { withGuard } from "@/server/http/with-guard";
import { meetingAgendaPdf } from "@/server/services/documents/meeting-documents";

export const dynamic = "force-dynamic";

export const GET = withGuard<{ meetingId: string }>("meeting.document", async ({ db, user, params }) => download(await meetingAgendaPdf(db, user, params.meetingId)));
