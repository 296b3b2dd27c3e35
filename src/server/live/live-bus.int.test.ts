import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../database/open-database";
import { commitLiveChange, readLiveSnapshot } from "../services/live/live-state";
import type { LiveView } from "../services/live/live-view";
import { createFixture, type Fixture } from "../testing/fixture";
import { createTestDatabase } from "../testing/test-database";
import type { LiveEvent } from "./live-bus";
import type { LiveSnapshot } from "./live-signal";
import { liveEventStream } from "./live-stream";
import { startLiveBus, type RunningLiveBus } from "./start-live-bus";

let database: Database;
let f: Fixture;
let agendaItemId: string;
const running: RunningLiveBus[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  f = await createFixture(database.prisma);
  agendaItemId = (await f.db.agendaItem.findFirstOrThrow({ where: { meetingId: f.meetingA.id } })).id;
  await f.db.meeting.update({ where: { id: f.meetingA.id }, data: { presenterId: f.users.chair.id } });
});
afterAll(async () => {
  await Promise.all(running.map((r) => r.close()));
  await database.close();
});

/** A bus as one app instance runs it, with its own LISTEN (its own connection on PostgreSQL). */
async function instance(options = {}) {
  const bus = startLiveBus(database.listenVia, { pingMs: 0, minDelayMs: 50, ...options });
  running.push(bus);
  await bus.ready;
  return bus;
}

function collect(bus: RunningLiveBus, meetingId: string) {
  const events: LiveEvent[] = [];
  bus.bus.subscribe(meetingId, (e) => events.push(e));
  return events;
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const view = (imageIndex: number, extra: Partial<LiveView> = {}): LiveView => ({ caseId: f.caseA.id, agendaItemId, viewer: "images", imageIndex, ...extra });
const publish = (v: LiveView) => commitLiveChange(f.db, f.meetingA.id, { view: v, onlyIfPresenter: f.users.chair.id });
const seqs = (events: LiveEvent[]) => events.flatMap((e) => (e.kind === "change" ? [e.signal.seq] : []));

/** Reads SSE events off a stream until `count` state events have arrived. */
async function readEvents(stream: ReadableStream<Uint8Array>, count: number, timeoutMs = 10_000): Promise<{ events: LiveSnapshot[]; reader: ReadableStreamDefaultReader<Uint8Array> }> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const events: LiveSnapshot[] = [];
  let buffer = "";
  const deadline = Date.now() + timeoutMs;
  while (events.length < count) {
    if (Date.now() > deadline) throw new Error(`only ${events.length} of ${count} events arrived`);
    const { value, done } = await Promise.race([reader.read(), new Promise<{ value: undefined; done: true }>((r) => setTimeout(() => r({ value: undefined, done: true }), deadline - Date.now()))]);
    if (done || !value) continue;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split("\n").find((l) => l.startsWith("data: "));
      if (block.includes("event: state") && data) events.push(JSON.parse(data.slice(6)) as LiveSnapshot);
    }
  }
  return { events, reader };
}

describe(`the live bus (${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"})`, () => {
  it("delivers a change published on a third connection to two app instances, with the state in the notification", async () => {
    const [a, b] = [await instance(), await instance()];
    const seenA = collect(a, f.meetingA.id);
    const seenB = collect(b, f.meetingA.id);
    const other = collect(a, f.meetingB.id);
    const done = await publish(view(7, { voi: { windowCenter: -600, windowWidth: 1500 } }));
    expect(done).not.toBeNull();
    await until(() => seenA.length > 0 && seenB.length > 0, "both instances");
    for (const seen of [seenA, seenB]) {
      expect(seen[0]).toMatchObject({
        kind: "change",
        signal: { meetingId: f.meetingA.id, seq: done!.seq, snapshot: { presenter: { id: f.users.chair.id, name: "chair" }, view: { imageIndex: 7, voi: { windowWidth: 1500 } } } },
      });
    }
    // Another meeting's subscribers hear nothing.
    expect(other).toHaveLength(0);
  });

  it("keeps order and numbers: every change arrives once, in sequence", async () => {
    const a = await instance();
    const seen = collect(a, f.meetingA.id);
    const results = [];
    for (let i = 0; i < 20; i++) results.push(await publish(view(i)));
    await until(() => seen.length >= 20, "20 changes");
    expect(seqs(seen)).toEqual(results.map((r) => r!.seq));
  });

  it("sends only the number when the state is too large for a notification; the stream reads it back", async () => {
    const a = await instance();
    const seen = collect(a, f.meetingA.id);
    // The largest valid view (50 annotation ids of 64 characters, about 3.5 kB) still rides in the notification.
    const big = view(3, { annotationIds: Array.from({ length: 50 }, (_, i) => `annotation-${i}-${"x".repeat(64)}`.slice(0, 64)) });
    const done = await publish(big);
    await until(() => seen.length > 0, "the change");
    const signal = (seen[0] as Extract<LiveEvent, { kind: "change" }>).signal;
    expect(signal).toMatchObject({ seq: done!.seq, snapshot: { view: { imageIndex: 3 } } });
    // A state over the limit (extra stored keys, as a later version might write) goes as its number only.
    await f.db.$executeRawUnsafe(`UPDATE "Meeting" SET "liveState" = $1::jsonb WHERE id = $2`, JSON.stringify({ ...big, padding: "p".repeat(8000) }), f.meetingA.id);
    const large = await commitLiveChange(f.db, f.meetingA.id, { onlyIfPresenter: f.users.chair.id });
    await until(() => seen.length > 1, "the large change");
    expect((seen[1] as Extract<LiveEvent, { kind: "change" }>).signal).toEqual({ meetingId: f.meetingA.id, seq: large!.seq, snapshot: null });

    const stream = liveEventStream({ bus: a.bus, meetingId: f.meetingA.id, lastEventId: large!.seq, load: () => readLiveSnapshot(f.db, f.meetingA.id) as Promise<LiveSnapshot> });
    const reading = readEvents(stream, 1);
    await new Promise((r) => setTimeout(r, 50));
    const next = await commitLiveChange(f.db, f.meetingA.id, { onlyIfPresenter: f.users.chair.id });
    const { events, reader } = await reading;
    await reader.cancel();
    expect(events.map((e) => e.seq)).toEqual([next!.seq]);
    // Read back from the database, as a view: unknown keys dropped.
    expect(events[0]!.view).toMatchObject({ imageIndex: 3 });
    expect(events[0]!.view).not.toHaveProperty("padding");
    await publish(view(0));
  });

  it("a follower's stream starts with the current state, then follows; a reconnect with Last-Event-ID gets only what it missed", async () => {
    const a = await instance();
    const load = () => readLiveSnapshot(f.db, f.meetingA.id) as Promise<LiveSnapshot>;
    const first = await publish(view(10));
    const stream = liveEventStream({ bus: a.bus, meetingId: f.meetingA.id, lastEventId: null, load });
    const reading = readEvents(stream, 3);
    await new Promise((r) => setTimeout(r, 50));
    await publish(view(11));
    await publish(view(12));
    const { events, reader } = await reading;
    await reader.cancel();
    expect(events.map((e) => (e.view as LiveView).imageIndex)).toEqual([10, 11, 12]);
    expect(events[0]!.seq).toBe(first!.seq);
    expect(a.bus.subscriberCount(f.meetingA.id)).toBe(0);

    // Disconnected: the presenter moves on twice. The reconnect names the last event it saw and catches up at once.
    await publish(view(13));
    const latest = await publish(view(14));
    const again = liveEventStream({ bus: a.bus, meetingId: f.meetingA.id, lastEventId: events[2]!.seq, load });
    const caughtUp = await readEvents(again, 1);
    await caughtUp.reader.cancel();
    expect(caughtUp.events.map((e) => [e.seq, (e.view as LiveView).imageIndex])).toEqual([[latest!.seq, 14]]);
  });

  it("sends a ping event while nothing changes, so a browser can tell a quiet connection from a dead one", async () => {
    const a = await instance();
    const stream = liveEventStream({ bus: a.bus, meetingId: f.meetingA.id, lastEventId: null, heartbeatMs: 20, load: () => readLiveSnapshot(f.db, f.meetingA.id) as Promise<LiveSnapshot> });
    const reader = stream.getReader();
    let text = "";
    while ((text.match(/event: ping/g) ?? []).length < 2) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(text.startsWith("retry: 1000\n\n")).toBe(true);
    expect(text).toContain("event: state");
  });

  // PGlite runs in this process: there is no connection to lose. On PostgreSQL the LISTEN connection is real.
  if (process.env.DATABASE_URL) it("reconnects its LISTEN connection after the server drops it, and subscribers catch up", async () => {
    const a = await instance({ minDelayMs: 100 });
    const seen = collect(a, f.meetingA.id);
    const stream = liveEventStream({ bus: a.bus, meetingId: f.meetingA.id, lastEventId: null, load: () => readLiveSnapshot(f.db, f.meetingA.id) as Promise<LiveSnapshot> });
    const reading = readEvents(stream, 2, 20_000);

    // The server ends this instance's LISTEN connection (as a failover or a restart would); the presenter publishes
    // at once: that notification goes nowhere, and the bus must find the state again after it reconnects.
    const pid = await a.backendPid();
    expect(pid).toEqual(expect.any(Number));
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query("SELECT pg_terminate_backend($1)", [pid]);
    await admin.end();
    const missed = await publish(view(42));
    await until(() => seen.some((e) => e.kind === "resync"), "the resync after reconnecting", 20_000);
    const { events, reader } = await reading;
    await reader.cancel();
    expect(events.at(-1)).toMatchObject({ seq: missed!.seq, view: { imageIndex: 42 } });

    // And the new connection hears later changes again.
    const after = await publish(view(43));
    await until(() => seqs(seen).includes(after!.seq), "a change after the reconnect");
  });
});
