import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMPTY_DECISION, type DecisionContent } from "@/domain/decisions/content";
import { handleTrpcRequest } from "../http/trpc-endpoint";
import { createCaller } from "../api/root";
import { createInnerContext } from "../api/trpc";
import { getDatabase } from "../db";
import type { LiveEvent } from "../live/live-bus";
import type { LiveSnapshot } from "../live/live-signal";
import { liveEventStream } from "../live/live-stream";
import { startLiveBus, type RunningLiveBus } from "../live/start-live-bus";
import { loadSessionUser } from "../services/auth/load-session-user";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "../services/errors";
import { commitLiveChange, readLiveSnapshot } from "../services/live/live-state";
import { createFixture, type Fixture } from "../testing/fixture";
import { startThrowawayPostgres, type ThrowawayPostgres } from "../testing/throwaway-postgres";
import { applyMigrations, readMigrations } from "./migrate";
import { DatabaseUnavailableError, openDatabase, type Database } from "./open-database";

// PostgreSQL restarted in the middle of a meeting, on a cluster of this test's own (never the shared server):
// requests meanwhile are told to try again, the app's pool and the live LISTEN connection come back by themselves,
// and nothing saved or signed before is lost.

let cluster: ThrowawayPostgres;
let database: Database;
let f: Fixture;
let live: RunningLiveBus;
const liveEvents: LiveEvent[] = [];
let followerStream: ReadableStreamDefaultReader<Uint8Array>;
const followerSnapshots: LiveSnapshot[] = [];
let signedId = "";
let agendaItemId = "";
// The session user as a request had it in hand when the server went down.
let chairUser: Awaited<ReturnType<typeof loadSessionUser>> = null;
let draftRevision = 0;

const standard: DecisionContent = {
  ...EMPTY_DECISION,
  tnmPrefix: "c",
  tCategory: "T2a",
  nCategory: "N2",
  mCategory: "M0",
  stageGroup: "IIIA",
  histology: "Adenocarcinoma",
  grade: "G2",
  ecog: 1,
  biomarkers: [{ marker: "EGFR", value: "Wild type" }],
  intent: "CURATIVE",
  modalities: ["CHEMORADIATION"],
  sequence: "Chemoradiation, then durvalumab",
  recommendation: "Concurrent chemoradiation followed by durvalumab.",
  guidelineConcordant: true,
  rationale: "Unresectable N2 disease.",
};

async function until<T>(attempt: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Reads the follower's SSE stream in the background into followerSnapshots. */
function follow(stream: ReadableStream<Uint8Array>) {
  followerStream = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  void (async () => {
    for (;;) {
      const { value, done } = await followerStream.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split("\n").find((l) => l.startsWith("data: "));
        if (block.includes("event: state") && data) followerSnapshots.push(JSON.parse(data.slice(6)) as LiveSnapshot);
      }
    }
  })();
}

const trpcGet = (procedure: string, input: unknown) =>
  handleTrpcRequest(new Request(`http://localhost/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`), async () =>
    createInnerContext({ db: f.db, user: await loadSessionUser(f.db, f.users.chair.id) }),
  );

beforeAll(async () => {
  cluster = await startThrowawayPostgres();
  database = await openDatabase({ kind: "postgres", url: cluster.url() });
  // The app's own getDatabase() (db.ts) opens this cluster too.
  process.env.DATABASE_URL = cluster.url();
  await applyMigrations(database.sql, await readMigrations(path.resolve(import.meta.dirname, "../../../prisma/migrations")), { advisoryLock: false });
  f = await createFixture(database.prisma);
  await f.db.meeting.update({ where: { id: f.meetingA.id }, data: { presenterId: f.users.chair.id, status: "IN_PROGRESS" } });
  live = startLiveBus(database.listenVia, { minDelayMs: 100, maxDelayMs: 1_000, pingMs: 0 });
  await live.ready;
  live.bus.subscribe(f.meetingA.id, (event) => liveEvents.push(event));
  follow(liveEventStream({ bus: live.bus, meetingId: f.meetingA.id, lastEventId: null, load: async () => (await readLiveSnapshot(f.db, f.meetingA.id))! }));
}, 180_000);

afterAll(async () => {
  await followerStream?.cancel().catch(() => undefined);
  await live?.close();
  await database?.close().catch(() => undefined);
  await cluster?.destroy();
}, 60_000);

describe("PostgreSQL restarts in the middle of a meeting", () => {
  it("before: a decision is signed, another draft saved, and the presenter's view followed", async () => {
    const chair = await f.callerFor("chair");
    chairUser = await loadSessionUser(f.db, f.users.chair.id);
    agendaItemId = (await f.db.agendaItem.findFirstOrThrow({ where: { meetingId: f.meetingA.id, caseId: f.caseA.id } })).id;
    const saved = await chair.decision.save({ caseId: f.caseA.id, meetingId: f.meetingA.id, decisionId: f.draftA.id, expectedRevision: 0, content: standard });
    signedId = (await chair.decision.sign({ decisionId: saved.id, expectedRevision: saved.revision, withoutQuorumReason: "Test fixture: no attendance recorded" })).id;
    const caseOnB = await f.db.case.create({ data: { patientId: f.patientA.id, boardId: f.boardA.id, conditionId: f.caseA.conditionId, questionType: "FOLLOW_UP", clinicalQuestion: "Next?", referringUserId: f.users.specialist.id } });
    await f.db.agendaItem.create({ data: { meetingId: f.meetingA.id, caseId: caseOnB.id, position: 2 } });
    const draft = await chair.decision.save({ caseId: caseOnB.id, meetingId: f.meetingA.id, decisionId: null, expectedRevision: 0, content: { ...standard, rationale: "Draft before the restart" } });
    draftRevision = draft.revision;
    const published = await commitLiveChange(f.db, f.meetingA.id, { view: { caseId: f.caseA.id, agendaItemId, viewer: "images", imageIndex: 5 }, onlyIfPresenter: f.users.chair.id });
    await until(async () => (followerSnapshots.some((s) => s.seq === published!.seq) ? true : undefined), "the follower to see the view");
  });

  it("during: a query in flight and every new request are told to try again (503 with Retry-After), never a 500", async () => {
    const inFlight = f.db.$queryRawUnsafe("SELECT pg_sleep(60)").then(
      () => null,
      (error: unknown) => error,
    );
    await new Promise((r) => setTimeout(r, 300));
    await cluster.stop("fast");
    expect(isDatabaseUnavailable(await inFlight)).toBe(true);

    const chair = await f.callerFor("specialist").catch((error: unknown) => error);
    // Loading the user is itself a query: it fails the same way.
    expect(isDatabaseUnavailable(chair)).toBe(true);

    const response = await trpcGet("decision.workspace", { caseId: f.caseA.id });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
    const body = (await response.json()) as { error: { json: { message: string; data: { code: string } } } };
    expect(body.error.json.data.code).toBe("SERVICE_UNAVAILABLE");
    expect(body.error.json.message).toMatch(/try again/);

    // Through a caller whose user was loaded before: the procedure's own query fails, mapped by the middleware.
    const caller = createCaller(createInnerContext({ db: f.db, user: chairUser }));
    await expect(caller.decision.workspace({ caseId: f.caseA.id })).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE", message: expect.stringMatching(/try again/) });
    await expect(
      caller.decision.save({ caseId: f.caseA.id, meetingId: f.meetingA.id, decisionId: f.draftA.id, expectedRevision: 0, content: standard }),
    ).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });

    // Opening the app's database while the server is down fails clearly, and is not remembered as failed.
    await expect(getDatabase()).rejects.toBeInstanceOf(DatabaseUnavailableError);
  });

  it("after: the pool, the app's database and live follow come back by themselves; nothing saved or signed is lost", async () => {
    const resyncsBefore = liveEvents.filter((e) => e.kind === "resync").length;
    await cluster.start();

    // The same PrismaClient and pool as before the restart: no reopening.
    const chair = await until(() => f.callerFor("chair"), "the pool to reconnect");
    const workspace = await chair.decision.workspace({ caseId: f.caseA.id });
    const signed = workspace.versions.find((v) => v.id === signedId);
    expect(signed).toMatchObject({ status: "SIGNED", content: { recommendation: standard.recommendation, stageGroup: "IIIA" } });
    const drafts = await f.db.decision.findMany({ where: { rationale: "Draft before the restart" } });
    expect(drafts).toHaveLength(1);
    expect(drafts[0]!.revision).toBe(draftRevision);
    expect((await trpcGet("decision.workspace", { caseId: f.caseA.id })).status).toBe(200);

    // The save refused during the outage goes through when retried.
    expect(await chair.decision.save({ caseId: drafts[0]!.caseId, meetingId: f.meetingA.id, decisionId: drafts[0]!.id, expectedRevision: draftRevision, content: { ...standard, rationale: "Saved after the restart" } })).toMatchObject({ revision: draftRevision + 1 });

    const app = await until(() => getDatabase(), "the app's database to open");
    expect(app.kind).toBe("postgres");
    await app.close();

    // Live follow: the LISTEN connection is back (a resync), and the follower sees the next change.
    await until(async () => (liveEvents.filter((e) => e.kind === "resync").length > resyncsBefore ? true : undefined), "the LISTEN connection to come back");
    const next = await commitLiveChange(f.db, f.meetingA.id, { view: { caseId: f.caseA.id, agendaItemId, viewer: "images", imageIndex: 6 }, onlyIfPresenter: f.users.chair.id });
    await until(async () => (followerSnapshots.some((s) => s.seq === next!.seq) ? true : undefined), "the follower to see the next view");
    expect(liveEvents.some((e) => e.kind === "change" && e.signal.seq === next!.seq)).toBe(true);
  });
});

