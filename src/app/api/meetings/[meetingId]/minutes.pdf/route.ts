import { download } from "@/server/http/download";
import { withGuard } from "@/server/http/with-guard";
import { meetingMinutesPdf } from "@/server/services/documents/meeting-documents";

export const dynamic = "force-dynamic";

export const GET = withGuard<{ meetingId: string }>("meeting.document", async ({ db, user, params }) => download(await meetingMinutesPdf(db, user, params.meetingId)));
