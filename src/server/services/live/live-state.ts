import { LIVE_CHANNEL, NOTIFY_STATE_LIMIT, type LiveSnapshot } from "@/server/live/live-signal";
import type { Db } from "../db-types";
import { liveViewSchema, type LiveView } from "./live-view";

/** The stored live state of a meeting, as followers receive it; null when there is no such meeting. */
export async function readLiveSnapshot(db: Db, meetingId: string): Promise<(LiveSnapshot & { view: LiveView | null }) | null> {
  const meeting = await db.meeting.findUnique({ where: { id: meetingId }, select: { id: true, presenterId: true, liveState: true, liveSequence: true } });
  if (!meeting) return null;
  const presenter = meeting.presenterId ? await db.user.findUnique({ where: { id: meeting.presenterId }, select: { id: true, name: true } }) : null;
  const parsed = liveViewSchema.safeParse(meeting.liveState);
  return { meetingId: meeting.id, seq: meeting.liveSequence, presenter, view: parsed.success ? parsed.data : null };
}

export interface LiveChange {
  /** A new view; undefined keeps the stored one, null clears it. */
  view?: LiveView | null;
  /** A new presenter; undefined keeps the current one, null ends the presentation. */
  presenterId?: string | null;
  /** Only if this user presents now (a publish). */
  onlyIfPresenter?: string;
  /** Only if the view's agenda item and case belong to the meeting. */
  requireAgendaItem?: { agendaItemId: string; caseId: string };
}

/**
 * One statement: store the change with liveSequence + 1 and NOTIFY every app instance, carrying the state when it
 * is small enough. Returns null when a condition did not hold (or there is no such meeting): nothing changed.
 */
export async function commitLiveChange(db: Db, meetingId: string, change: LiveChange): Promise<{ seq: number; previousAgendaItemId: string | null } | null> {
  const rows = await db.$queryRawUnsafe<{ seq: number; previousItem: string | null }[]>(
    `WITH prev AS (SELECT id, "liveState"->>'agendaItemId' AS "previousItem" FROM "Meeting" WHERE id = $1),
     u AS (
       UPDATE "Meeting" m SET
         "liveState" = CASE WHEN $2::boolean THEN $3::jsonb ELSE m."liveState" END,
         "presenterId" = CASE WHEN $4::boolean THEN $5::text ELSE m."presenterId" END,
         "liveSequence" = m."liveSequence" + 1
       FROM prev
       WHERE m.id = prev.id
         AND ($6::text IS NULL OR m."presenterId" = $6::text)
         AND ($7::text IS NULL OR EXISTS (SELECT 1 FROM "AgendaItem" a WHERE a.id = $7::text AND a."meetingId" = m.id AND a."caseId" = $8::text))
       RETURNING m.id, m."liveSequence" AS seq, m."presenterId" AS "presenterId", m."liveState" AS state, prev."previousItem"
     )
     SELECT u.seq, u."previousItem",
       pg_notify('${LIVE_CHANNEL}', json_build_object(
         'm', u.id, 's', u.seq, 'p', u."presenterId", 'n', pu.name,
         'v', CASE WHEN octet_length(u.state::text) < ${NOTIFY_STATE_LIMIT} THEN u.state END,
         'x', u.state IS NULL OR octet_length(u.state::text) < ${NOTIFY_STATE_LIMIT}
       )::text) IS NULL AS notified
     FROM u LEFT JOIN "User" pu ON pu.id = u."presenterId"`,
    meetingId,
    change.view !== undefined,
    change.view === undefined || change.view === null ? null : JSON.stringify(change.view),
    change.presenterId !== undefined,
    change.presenterId ?? null,
    change.onlyIfPresenter ?? null,
    change.requireAgendaItem?.agendaItemId ?? null,
    change.requireAgendaItem?.caseId ?? null,
  );
  const row = rows[0];
  return row ? { seq: Number(row.seq), previousAgendaItemId: row.previousItem } : null;
}
