/** The PostgreSQL channel that carries live-follow changes between app instances. */
export const LIVE_CHANNEL = "concilium_live";

/** Above this size (bytes of JSON) a NOTIFY carries only the sequence number; subscribers read the state back. */
export const NOTIFY_STATE_LIMIT = 7000;

export interface LivePresenter {
  id: string;
  name: string;
}

/** What a follower receives: the presenter and their latest view, numbered by the meeting's liveSequence. */
export interface LiveSnapshot {
  meetingId: string;
  seq: number;
  presenter: LivePresenter | null;
  /** The presenter's view (see services/live/live-view.ts), or null before the first publish. */
  view: unknown;
}

/** One change on the bus: with the snapshot when it fitted into the NOTIFY, otherwise only its number. */
export interface LiveSignal {
  meetingId: string;
  seq: number;
  snapshot: LiveSnapshot | null;
}

/** Parses the payload written by commitLiveChange (services/live/live-state.ts); null for anything else. */
export function parseLiveNotification(payload: string): LiveSignal | null {
  let raw: unknown;
  try {
    raw = JSON.parse(payload);
  } catch {
    return null;
  }
  if (!raw || typeof raw !== "object") return null;
  const { m, s, p, n, v, x } = raw as Record<string, unknown>;
  if (typeof m !== "string" || typeof s !== "number") return null;
  const presenter = typeof p === "string" ? { id: p, name: typeof n === "string" ? n : "" } : null;
  return { meetingId: m, seq: s, snapshot: x === true ? { meetingId: m, seq: s, presenter, view: v ?? null } : null };
}
