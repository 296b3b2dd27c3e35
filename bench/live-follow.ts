// Live follow: presenter-to-follower latency over server-sent events, against a running server.
// `measureLiveFollow(base, { presenterCookie, followerCookies })` returns figures only, never a verdict.
import { percentile } from "./http";

export interface LiveFollowOptions {
  /** Session cookie of a chair of the meeting's board (starts presenting and publishes). */
  presenterCookie: string;
  /** Session cookies of board members; followers use them in turn (several followers may share one). */
  followerCookies: string[];
  /** The meeting; by default the presenter's first upcoming meeting with a case on its agenda. */
  meetingId?: string;
  followers?: number;
  changes?: number;
  /** Pause between two publishes, in ms (the client publishes at most about every 50 ms). */
  intervalMs?: number;
  /**
   * Other app instances on the same database (PostgreSQL): followers connect to these in turn while the presenter
   * publishes to `base`, so every change crosses instances through LISTEN/NOTIFY.
   */
  followerBases?: string[];
}

export interface LiveFollowFigures {
  followers: number;
  changes: number;
  /** Publish request start to the follower's receipt of that change, over all followers and changes. */
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  /** The presenter's publish request alone (store + NOTIFY), median. */
  publishMedianMs: number;
  /** Deliveries that never arrived within 10 s of the last publish. */
  missing: number;
  /** Time until all followers had their first event. */
  connectMs: number;
}

async function trpc<T>(base: string, cookie: string, path: string, input: unknown, method: "GET" | "POST"): Promise<T> {
  const url = method === "GET" ? `${base}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}` : `${base}/api/trpc/${path}`;
  const res = await fetch(url, {
    method,
    headers: { cookie, "content-type": "application/json" },
    body: method === "POST" ? JSON.stringify({ json: input }) : undefined,
  });
  const body = (await res.json()) as { result?: { data: { json: T } }; error?: { json: { message: string } } };
  if (!res.ok || !body.result) throw new Error(`${path}: ${body.error?.json.message ?? res.status}`);
  return body.result.data.json;
}

interface Follower {
  received: Map<number, number>;
  close: () => void;
  firstEvent: Promise<void>;
}

function follow(base: string, meetingId: string, cookie: string): Follower {
  const received = new Map<number, number>();
  const controller = new AbortController();
  let markFirst!: () => void;
  const firstEvent = new Promise<void>((resolve) => (markFirst = resolve));
  void (async () => {
    const res = await fetch(`${base}/api/meetings/${meetingId}/live`, { headers: { cookie, accept: "text/event-stream" }, signal: controller.signal });
    if (!res.ok || !res.body) throw new Error(`follow: HTTP ${res.status}`);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const at = performance.now();
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = block.match(/^id: (\d+)$/m);
        if (id) {
          received.set(Number(id[1]), at);
          markFirst();
        }
      }
    }
  })().catch(() => undefined);
  return { received, firstEvent, close: () => controller.abort() };
}

export async function measureLiveFollow(base: string, options: LiveFollowOptions): Promise<LiveFollowFigures> {
  const followers = options.followers ?? 50;
  const changes = options.changes ?? 100;
  const intervalMs = options.intervalMs ?? 50;
  const { presenterCookie } = options;

  let meetingId = options.meetingId;
  if (!meetingId) {
    const list = await trpc<{ upcoming: { id: string; caseCount: number }[] }>(base, presenterCookie, "meeting.list", {}, "GET");
    meetingId = list.upcoming.find((m) => m.caseCount > 0)?.id;
    if (!meetingId) throw new Error("the presenter has no upcoming meeting with cases");
  }
  const agenda = await trpc<{ items: { id: string; caseId: string }[] }>(base, presenterCookie, "meeting.agenda", { meetingId }, "GET");
  const item = agenda.items[0]!;
  // The seeded meeting may be planned for another day than the bench's: the presenter confirms moving it to today, as
  // the meeting screen asks (without it, the bench stopped here on any day but the meeting's).
  await trpc(base, presenterCookie, "live.takeOver", { meetingId, moveToToday: true }, "POST");

  const connectStarted = performance.now();
  const bases = options.followerBases?.length ? options.followerBases : [base];
  const subscribers = Array.from({ length: followers }, (_, i) =>
    follow(bases[i % bases.length]!, meetingId, options.followerCookies[i % options.followerCookies.length]!),
  );
  await Promise.all(subscribers.map((s) => s.firstEvent));
  const connectMs = performance.now() - connectStarted;

  const sentAt = new Map<number, number>();
  const publishTimes: number[] = [];
  for (let i = 0; i < changes; i++) {
    const started = performance.now();
    const { seq } = await trpc<{ seq: number }>(
      base,
      presenterCookie,
      "live.publish",
      { meetingId, view: { caseId: item.caseId, agendaItemId: item.id, viewer: "images", imageIndex: i, voi: { windowCenter: -600, windowWidth: 1500 } } },
      "POST",
    );
    publishTimes.push(performance.now() - started);
    sentAt.set(seq, started);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  const lastSeq = Math.max(...sentAt.keys());
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline && !subscribers.every((s) => s.received.has(lastSeq))) await new Promise((r) => setTimeout(r, 20));
  subscribers.forEach((s) => s.close());

  const latencies: number[] = [];
  let missing = 0;
  for (const s of subscribers) {
    for (const [seq, at] of sentAt) {
      const got = s.received.get(seq);
      if (got === undefined) missing++;
      else latencies.push(got - at);
    }
  }
  return {
    followers,
    changes,
    medianMs: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    maxMs: Math.max(...latencies),
    publishMedianMs: percentile(publishTimes, 50),
    missing,
    connectMs,
  };
}
