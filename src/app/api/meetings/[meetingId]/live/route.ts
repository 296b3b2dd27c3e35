import { getLiveBus } from "@/server/live/get-live-bus";
import { liveEventStream, parseLastEventId } from "@/server/live/live-stream";
import { requestSourceOf } from "@/server/api/request-source";
import { withGuard } from "@/server/http/with-guard";
import { guestSessionOf } from "@/server/services/meeting-guests/guest-access";
import { readLiveSnapshot } from "@/server/services/live/live-state";
import { recordFollow } from "@/server/services/live/presenting";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * Live follow as server-sent events: the presenter's current view at once (event id = liveSequence), then every
 * change, a heartbeat every 15 s. A reconnecting EventSource sends Last-Event-ID and gets only what it missed.
 */
export const GET = withGuard<{ meetingId: string }>("meeting.live", async ({ db, user, request, params: { meetingId } }) => {
  await recordFollow(db, user, meetingId);
  const bus = await getLiveBus();
  const lastEventId = parseLastEventId(request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("lastEventId"));
  const stream = liveEventStream({
    bus,
    meetingId,
    lastEventId,
    signal: request.signal,
    // A meeting guest's stream ends as soon as their access does (meeting finished or cancelled, invitation revoked).
    ...("meetingGuestId" in user ? { stillAllowed: async () => (await guestSessionOf(db, request.headers.get("cookie"), "meeting.live", requestSourceOf(request.headers)))?.ok === true } : {}),
    load: async () => {
      const snapshot = await readLiveSnapshot(db, meetingId);
      if (!snapshot) throw new Error("meeting gone");
      return snapshot;
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // The edge keeps a no-store it is given; no-transform keeps proxies from compressing (and buffering) the stream.
      "Cache-Control": "private, no-store, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
});
