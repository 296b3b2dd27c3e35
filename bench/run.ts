// `npm run bench`: prints figures, never a verdict. `npm run bench -- load` runs only the load figure (see mainLoad), `npm run bench -- survival` only the survival statistics, `npm run bench -- estimates` only the per-option estimate, `npm run bench -- indicators` only the quality indicators and similar cases, `npm run bench -- dataset-export` only the research export's, `npm run bench -- viewer` only the in-browser viewer timings, `npm run bench -- pacs-proxy` only the PACS proxy beside Orthanc, `npm run bench -- frames` only the CT frames under load beside Orthanc, `npm run bench -- exchange` only the image exchange (remote retrieve, Orthanc pulling from Concilium, expert's first CT image). Runs on its own embedded database under data/bench (or, with
// DATABASE_URL, on a fresh database `concilium_bench` on that server) against the production build.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { PrismaClient } from "@/generated/prisma/client";
import { createCaller } from "@/server/api/root";
import { createInnerContext } from "@/server/api/trpc";
import { databaseConfigFromEnv, openDatabase } from "@/server/database/open-database";
import { loadSessionUser } from "@/server/services/auth/load-session-user";
import { locateDemoData } from "@/integrations/demo-data/locate-demo-data";
import type { RunningOrthanc } from "@/integrations/pacs/testing/orthanc";
import { measureInBrowser, summarise } from "./browser";
import { addAgendaOfSize, addReadinessFacts, addRichCase, BENCH_ROOM } from "./fixtures";
import { measureImagingLoad } from "./imaging";
import { compareProxyWithOrthanc, registerBenchPacsStudy, startBenchOrthanc, type Opening } from "./pacs-proxy";
import { httpTimings, percentile, signInOverHttp, waitForHttp } from "./http";
import { benchAgendaReadiness, countAgendaReadinessQueries } from "./agenda-readiness";
import { measureDecisionEntry } from "./decision-entry";
import { measureHistoryImport } from "./history-import";
import { measureLiveFollow } from "./live-follow";
import { measureStowFlood } from "./stow-flood";
import { measureMinutesPdfInProcess, measureMinutesPdfOverHttp, prepareMinutesBench } from "./minutes-pdf";
import { prepareLoad, runLoad, signInAll } from "./load";
import { addBoardWithDecisions, measureIndicators, measureSimilarCases } from "./indicators";
import { measureDatasetExport, seedDatasetDecisions } from "./dataset-export";
import { startThrowawayPostgres, type ThrowawayPostgres } from "@/server/testing/throwaway-postgres";
import { measureSurvival } from "./survival";
import { measureEstimates } from "./estimates";
import { measureExpertFirstImage, measureOrthancPull, measureRemoteRetrieve, prepareExchange, startCodeMailbox, startExchangeOrthanc, type ExchangeSetup } from "./exchange";

const PORT = process.env.BENCH_PORT ?? "3200";
const BASE = `http://127.0.0.1:${PORT}`;
const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PORT, AUTH_SECRET: process.env.AUTH_SECRET ?? "bench-only-secret-0123456789abcdef" };
const figures: [string, string][] = [];
const report = (name: string, value: string) => {
  figures.push([name, value]);
  console.log(`${name.padEnd(58)} ${value}`);
};
const ms = (n: number) => `${n.toFixed(1)} ms`;
let richCaseId = "";
let minutesMeetingId = "";
let readinessMeetingId = "";
// The LIDC patient's CT and SVS slide, found in the database before the server starts.
const lidc = { patientId: "", studyUid: "", slideId: "", slideStoragePath: "" };
let orthanc: RunningOrthanc | null = null;
// Image exchange (./exchange.ts): another hospital's Orthanc, and a mailbox for the expert's codes.
let exchange: { setup: ExchangeSetup; orthanc: RunningOrthanc; mailbox: Awaited<ReturnType<typeof startCodeMailbox>> } | null = null;

async function prepareDatabase() {
  // Image and slide files of the benchmark live here whichever database is used.
  env.CONCILIUM_DATA_DIR = path.resolve("data/bench");
  rmSync(env.CONCILIUM_DATA_DIR, { recursive: true, force: true });
  if (process.env.DATABASE_URL) {
    const server = new URL(process.env.DATABASE_URL);
    const admin = new pg.Client({ connectionString: server.toString() });
    await admin.connect();
    // BENCH_DATABASE: another name, so that two benches on one shared server do not drop each other's database.
    const name = process.env.BENCH_DATABASE ?? "concilium_bench";
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error("BENCH_DATABASE: lower-case letters, digits and _ only");
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    server.pathname = `/${name}`;
    env.DATABASE_URL = server.toString();
  }
  const started = performance.now();
  const result = spawnSync("node_modules/.bin/tsx", ["scripts/prepare-database.ts"], { env, stdio: "ignore" });
  if (result.status !== 0) throw new Error("preparing the bench database failed");
  report("First run: migrations + demo seed", ms(performance.now() - started));
}

/** Queries per agenda request, counted in-process on the embedded database through the real router and guard. */
async function countAgendaQueries() {
  let counting = false;
  let queries = 0;
  const db = await openDatabase(databaseConfigFromEnv(env), { onQuery: () => counting && queries++ });
  try {
    const coordinator = await db.prisma.user.findUniqueOrThrow({ where: { email: "coordinator@concilium.test" } });
    const meetingIds = { 40: await addAgendaOfSize(db.prisma, 40), 10: await addAgendaOfSize(db.prisma, 10) };
    richCaseId = await addRichCase(db.prisma);
    minutesMeetingId = (await prepareMinutesBench(db.prisma, 40)).meetingId;
    const minutes = await measureMinutesPdfInProcess(db.prisma, minutesMeetingId);
    report(`Minutes PDF, ${minutes.cases} signed decisions: load + render (median of ${minutes.runs})`, `${ms(minutes.loadAndRenderMsMedian)} (${minutes.pages} pages, ${(minutes.bytes / 1024).toFixed(0)} KiB)`);
    report("Minutes PDF: render alone (median)", ms(minutes.renderMsMedian));
    report("Minutes PDF: memory (heap delta median, RSS delta max)", `${minutes.heapDeltaMiBMedian.toFixed(1)} MiB, ${minutes.rssDeltaMiBMax.toFixed(1)} MiB`);
    if (orthanc) await registerBenchPacsStudy(db.prisma);
    const history = await measureHistoryImport(db.prisma, 10_000);
    report(`Import of ${history.rows.toLocaleString("en-GB")} CSV rows: seconds (check, import, re-import unchanged)`, `${history.importSeconds.toFixed(1)} s (dry run ${history.dryRunSeconds.toFixed(1)} s, re-import ${history.reimportSeconds.toFixed(1)} s)`);
    await findLidc(db.prisma);
    const caller = createCaller(createInnerContext({ db: db.prisma, user: await loadSessionUser(db.prisma, coordinator.id) }));
    if (db.kind === "pglite") {
      for (const size of [10, 40] as const) {
        await caller.meeting.agenda({ meetingId: meetingIds[size] }); // warm
        queries = 0;
        counting = true;
        await caller.meeting.agenda({ meetingId: meetingIds[size] });
        counting = false;
        report(`Database queries per agenda request (${size} cases)`, `${queries}`);
      }
      // The same agendas again, now with imaging, slides, findings and ECOG behind every readiness item.
      await addReadinessFacts(db.prisma, meetingIds[10]);
      await addReadinessFacts(db.prisma, meetingIds[40]);
      readinessMeetingId = meetingIds[40];
      const counted = await countAgendaReadinessQueries(caller, meetingIds, {
        start: () => {
          queries = 0;
          counting = true;
        },
        stop: () => {
          counting = false;
          return queries;
        },
      });
      for (const [name, value] of Object.entries(counted)) report(name, value);
    } else {
      report("Database queries per agenda request", "counted on the embedded database only");
    }
    return meetingIds[40];
  } finally {
    await db.close();
  }
}

/** The LIDC patient's CT and SVS slide, looked up before the server starts. */
async function findLidc(db: PrismaClient) {
  const patient = await db.patient.findUnique({ where: { mrn: "LIDC-IDRI-0001" }, include: { imagingStudies: true, slides: true } });
  if (!patient) return;
  lidc.patientId = patient.id;
  lidc.studyUid = patient.imagingStudies[0]?.studyInstanceUid ?? "";
  const svs = patient.slides.find((slide) => slide.format === "APERIO_SVS" && slide.storagePath);
  lidc.slideId = svs?.id ?? "";
  lidc.slideStoragePath = svs?.storagePath ?? "";
}

async function startServer(): Promise<{ server: ChildProcess; coldStartMs: number }> {
  const started = performance.now();
  // As `npm start` serves: Next with the fast path for tiles and frames in front (CONCILIUM_FAST_PATH=off: without).
  // BENCH_SERVER_NODE_ARGS: Node options for the server alone (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const server = spawn("node", [...nodeArgs, "scripts/serve.mjs", "-p", PORT], { env: { ...env, NODE_ENV: "production" }, stdio: ["ignore", "ignore", "pipe"] });
  // A server that dies mid-run would leave only "fetch failed": say how it ended, with the end of what it wrote.
  let lastWords = "";
  server.stderr!.on("data", (chunk: Buffer) => {
    lastWords = (lastWords + chunk.toString("utf8")).slice(-2000);
  });
  server.on("exit", (code, signal) => {
    // server.killed: the bench itself stopped it (the server exits 0 on SIGTERM, saying so).
    if (!server.killed) console.error(`The app server stopped during the bench (exit code ${code}, signal ${signal}).${lastWords ? `\nIts last output:\n${lastWords}` : ""}`);
  });
  await waitForHttp(`${BASE}/login`, 120_000);
  return { server, coldStartMs: performance.now() - started };
}

async function main() {
  measureSurvival(report);
  await measureEstimates(report);
  const build = spawnSync("node_modules/.bin/next", ["build"], { env, stdio: "ignore" });
  if (build.status !== 0) throw new Error("next build failed");
  await prepareDatabase();
  const shared = locateDemoData();
  if (shared?.kind === "shared") {
    try {
      orthanc = await startBenchOrthanc(path.join(shared.dir, "radiology", "lidc-idri-0001"));
      Object.assign(env, { CONCILIUM_PACS_URL: orthanc.dicomwebUrl, CONCILIUM_PACS_USERNAME: orthanc.username, CONCILIUM_PACS_PASSWORD: orthanc.password, CONCILIUM_PACS_NAME: "Bench Orthanc" });
    } catch (error) {
      report("PACS proxy beside Orthanc", `not measured: ${error instanceof Error ? error.message : error}`);
    }
  }
  const bigMeetingId = await countAgendaQueries();
  await indicatorFigures();
  await datasetExportFigures();
  await exchangeFiguresBeforeServer();

  const { server, coldStartMs } = await startServer();
  try {
    report("Cold start to first page (next start -> /login 200)", ms(coldStartMs));
    const cookie = await signInOverHttp(BASE, "coordinator@concilium.test", "concilium-demo");

    const firstPage = await httpTimings(`${BASE}/meetings`, cookie, 1);
    report("First signed-in page (/meetings), first request", ms(firstPage[0]!));

    const meetingList = await fetch(`${BASE}/api/trpc/meeting.list`, { headers: { cookie } }).then((r) => r.json());
    const thoracic = meetingList.result.data.json.upcoming.find((m: { boardName: string; location: string | null }) => m.boardName.startsWith("Thoracic") && !m.location?.startsWith(BENCH_ROOM));
    const agenda = await fetch(`${BASE}/api/trpc/meeting.agenda?input=${encodeURIComponent(JSON.stringify({ json: { meetingId: thoracic.id } }))}`, { headers: { cookie } }).then((r) => r.json());
    // Not `lidc`: that name holds the patient's study and slide, found before the server started.
    const lidcItem = agenda.result.data.json.items.find((i: { patient: { mrn: string } }) => i.patient.mrn === "LIDC-IDRI-0001");

    const casePage = await httpTimings(`${BASE}/cases/${lidcItem.caseId}`, cookie, 30);
    report("Case page server time, seeded LIDC case (median of 30)", ms(percentile(casePage, 50)));
    report("Case page server time, seeded LIDC case (p95)", ms(percentile(casePage, 95)));

    const richCase = await httpTimings(`${BASE}/cases/${richCaseId}`, cookie, 30);
    report("Case page, 10 studies + 4 slides + 30 findings (median of 30)", ms(percentile(richCase, 50)));
    report("Case page, 10 studies + 4 slides + 30 findings (p95)", ms(percentile(richCase, 95)));

    const agendaPage = await httpTimings(`${BASE}/meetings/${bigMeetingId}`, cookie, 30);
    report("Agenda of 40 cases, page server time (median of 30)", ms(percentile(agendaPage, 50)));
    report("Agenda of 40 cases, page server time (p95)", ms(percentile(agendaPage, 95)));

    if (orthanc && !process.env.BENCH_SKIP_PACS_PROXY) await proxyFigures(cookie);

    if (lidc.studyUid && lidc.slideId) {
      const browser = await measureInBrowser(BASE, `/patients/${lidc.patientId}/imaging?study=${lidc.studyUid}`, `/slides/${lidc.slideId}`);
      report("Browser: navigation to first LIDC CT image drawn (page clock)", summarise(browser.firstCtImage));
      report("Browser: the same as the test driver sees it", summarise(browser.firstCtImageDriver));
      report("Browser: whole CT stack loaded (prefetch, nearest slices first)", summarise(browser.ctStackLoaded));
      report("Browser: next slice (arrow key to new image)", summarise(browser.nextSlice));
      report("Browser: navigation to slide's first view fully drawn (page clock)", summarise(browser.firstSlideTiles));
      report("Browser: the same as the test driver sees it", summarise(browser.firstSlideTilesDriver));
      report("Browser: next field of view at 40x (pan, tiles drawn)", summarise(browser.nextFieldOfView));
    }
    await imagingLoadFigures(cookie);

    if (readinessMeetingId) for (const [name, value] of Object.entries(await benchAgendaReadiness(BASE, cookie, readinessMeetingId))) report(name, value);

    const minutesHttp = await measureMinutesPdfOverHttp(BASE, cookie, minutesMeetingId);
    report("Minutes PDF over HTTP, 40 cases (median of 7)", minutesHttp.status === 200 ? ms(minutesHttp.httpMsMedian) : `HTTP ${minutesHttp.status}`);

    const entry = await measureDecisionEntry(BASE, 5);
    report(`Standard decision by keyboard, first key to "saved" (median of ${entry.runsMs.length})`, `${ms(entry.medianMs)} (p90 ${ms(entry.p90Ms)}, ${entry.keystrokes} keys, ${entry.saveRequests} save requests)`);

    // Followers: every board member of the thoracic board in turn (several followers share a session).
    const chairCookie = await signInOverHttp(BASE, "chair@concilium.test", "concilium-demo");
    const memberCookies = [cookie];
    for (const email of ["radiologist", "pathologist", "oncologist", "surgeon"]) memberCookies.push(await signInOverHttp(BASE, `${email}@concilium.test`, "concilium-demo"));
    const live = await measureLiveFollow(BASE, { presenterCookie: chairCookie, followerCookies: memberCookies, followers: 50, changes: 100 });
    report(`Live follow, ${live.followers} SSE followers, ${live.changes} changes: presenter to follower`, `median ${ms(live.medianMs)}, p95 ${ms(live.p95Ms)}, max ${ms(live.maxMs)}, ${live.missing} lost`);
    report("Live follow: publish request (store + NOTIFY), median", ms(live.publishMedianMs));

    const flood = await measureStowFlood(BASE, cookie);
    report(`STOW-RS, ${flood.parts.toLocaleString("en-GB")} empty parts (${(flood.bodyBytes / 1024).toFixed(0)} KiB): time to answer`, `${ms(flood.answerMs)} (${flood.status})`);
    report(
      "GET /login meanwhile (median, max; before: median)",
      `${ms(percentile(flood.loginDuringMs, 50))}, ${ms(Math.max(...flood.loginDuringMs))} over ${flood.loginDuringMs.length} request(s); before ${ms(flood.loginBeforeMedianMs)}`,
    );

    const agendaApi = await httpTimings(`${BASE}/api/trpc/meeting.agenda?input=${encodeURIComponent(JSON.stringify({ json: { meetingId: bigMeetingId } }))}`, cookie, 30);
    report("Agenda of 40 cases, tRPC meeting.agenda (median of 30)", ms(percentile(agendaApi, 50)));

    await exchangeFiguresWithServer();

    if (env.DATABASE_URL && lidc.slideId) await loadFigures();
    else report("Load (100 signed-in users)", "on PostgreSQL only: set DATABASE_URL, or run `npm run bench -- load`");
  } finally {
    server.kill("SIGTERM");
    await orthanc?.stop();
    await stopExchange();
  }
  console.log(`\nDatabase: ${env.DATABASE_URL ? "PostgreSQL" : "embedded PGlite"}; ${new Date().toISOString()}`);
}

/** 100 signed-in users for 60 s (LOAD_USERS, LOAD_SECONDS) on the running server; PostgreSQL only. */
async function loadFigures() {
  const users = Number(process.env.LOAD_USERS ?? 100);
  const seconds = Number(process.env.LOAD_SECONDS ?? 60);
  const db = await openDatabase(databaseConfigFromEnv(env));
  const prepared = await prepareLoad(db.prisma, env.CONCILIUM_DATA_DIR!, users).finally(() => db.close());
  const cookies = await signInAll(BASE, prepared.emails);
  // Warm: every request of the mix once, so that the figure is not Next's first compilation of a route.
  for (const request of prepared.cycle) await fetch(`${BASE}${request.path}`, { headers: { cookie: cookies[0]!, ...request.headers } }).then((r) => r.arrayBuffer());
  const loadBefore = os.loadavg()[0]!;
  const load = await runLoad(BASE, cookies, prepared.cycle, seconds);
  const title = `Load: ${load.users} signed-in users, ${seconds} s, no think time`;
  // The generator shares the machine with the server (and, on a shared machine, with everything else): say how busy it was.
  report("Load: machine load average (1 min) before / after", `${loadBefore.toFixed(1)} / ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores`);
  report(`${title}: all requests`, `p50 ${ms(load.all.p50)}, p95 ${ms(load.all.p95)}, ${load.requests} requests (${(load.requests / load.seconds).toFixed(0)}/s), ${load.errors} errors`);
  for (const [kind, figure] of Object.entries(load.byKind)) report(`Load: ${kind}`, `p50 ${ms(figure.p50)}, p95 ${ms(figure.p95)} (${figure.requests} requests)`);
  if (load.errors > 0) report("Load: errors seen", load.errorSamples.join("; "));
}

/**
 * `npm run bench -- load`: the load figure alone, on PostgreSQL: DATABASE_URL's server (database concilium_bench), or
 * else a throw-away PostgreSQL cluster of its own (the machine's PostgreSQL 15 binaries, fsync on).
 */
/** The research export of 100,000 decisions with outcomes, in-process (`npm run bench -- dataset-export` alone). */
async function datasetExportFigures(n = 100_000) {
  const db = await openDatabase(databaseConfigFromEnv(env));
  try {
    const { seconds, chairId } = await seedDatasetDecisions(db.prisma, n);
    report(`Dataset export: ${n.toLocaleString("en")} decisions + outcomes generated in SQL`, `${seconds.toFixed(1)} s`);
    for (const format of ["csv", "parquet"] as const) {
      const f = await measureDatasetExport(db.prisma, chairId, format);
      report(`Dataset export ${format.toUpperCase()}, ${f.rows.toLocaleString("en")} rows (pseudonymised, k-anonymous)`, `${Math.round(f.rowsPerSecond).toLocaleString("en")} rows/s (${f.seconds.toFixed(1)} s, ${(f.bytes / 1024 / 1024).toFixed(1)} MiB)`);
      report(`Dataset export ${format.toUpperCase()}: peak memory above idle (RSS, JS heap)`, `${f.peakRssMiB.toFixed(1)} MiB, ${f.peakHeapMiB.toFixed(1)} MiB`);
    }
  } finally {
    await db.close();
  }
}

async function mainDatasetExport() {
  await prepareDatabase();
  await datasetExportFigures(Number(process.env.BENCH_DATASET_ROWS ?? 100_000));
  console.log(`\nDatabase: ${process.env.DATABASE_URL ? "PostgreSQL" : "embedded PGlite (in this process: its memory counts in the RSS)"}; ${new Date().toISOString()}`);
}

async function mainLoad() {
  const build = spawnSync("node_modules/.bin/next", ["build"], { env, stdio: "ignore" });
  if (build.status !== 0) throw new Error("next build failed");
  let cluster: ThrowawayPostgres | null = null;
  if (!process.env.DATABASE_URL) {
    cluster = await startThrowawayPostgres({ durable: true });
    process.env.DATABASE_URL = cluster.url();
  }
  try {
    await prepareDatabase();
    const { server } = await startServer();
    try {
      await loadFigures();
    } finally {
      server.kill("SIGTERM");
    }
  } finally {
    await cluster?.destroy();
  }
  console.log(`\nDatabase: PostgreSQL${cluster ? " (throw-away cluster)" : ""}; ${new Date().toISOString()}`);
}

/** Quality indicators with 100,000 decisions and similar cases on the case page, in process on the bench database. */
async function indicatorFigures() {
  const db = await openDatabase(databaseConfigFromEnv(env));
  try {
    const started = performance.now();
    const boardId = await addBoardWithDecisions(db.prisma, 100_000);
    report("Quality indicators: 100,000 decisions generated in SQL", ms(performance.now() - started));
    // After the 100,000 thoracic decisions: the case page's similar cases among the site's whole history.
    const signed = await db.prisma.decision.count({ where: { status: "SIGNED", case: { board: { tumourSite: "thoracic" } } } });
    const similar = await measureSimilarCases(db.prisma);
    report(`Case page: similar cases among ${signed.toLocaleString("en")} signed thoracic decisions, first call (${similar.compared} candidates ranked)`, ms(similar.firstMs));
    report("Case page: similar cases, later calls (median / p95)", `${ms(similar.median)} / ${ms(similar.p95)}`);
    const indicators = await measureIndicators(db.prisma, boardId);
    report(`Quality indicators, ${indicators.cases} decisions in 16 quarters (median / p95)`, `${ms(indicators.median)} / ${ms(indicators.p95)}`);
  } finally {
    await db.close();
  }
}

/** `npm run bench -- indicators`: the indicator and similar-case figures alone (no build, no server). */
async function mainIndicators() {
  await prepareDatabase();
  await indicatorFigures();
}

/** `npm run bench -- survival`: the survival statistics figures alone, in process (no build, no database). */
async function mainSurvival() {
  measureSurvival(report);
}

/** `npm run bench -- estimates`: the per-option outcome estimate alone, in process on a fresh embedded database. */
async function mainEstimates() {
  await measureEstimates(report);
}

/** The PACS proxy beside Orthanc direct (./pacs-proxy.ts). */
async function proxyFigures(cookie: string) {
  const { viaOrthanc, viaPlainProxy, viaProxy, viaProxyKeptFrame, viaTcpRelayFrame } = await compareProxyWithOrthanc(BASE, cookie, orthanc!, { plainProxy: Number(PORT) + 3, tcpRelay: Number(PORT) + 6 });
  const times = (figure: number, reference: number) => `${ms(figure)} (x${(figure / reference).toFixed(2)})`;
  report("LIDC series metadata (133 instances): Orthanc direct, median", ms(viaOrthanc.metadata));
  report("LIDC series metadata: through a plain Node proxy, median", times(viaPlainProxy.metadata, viaOrthanc.metadata));
  report("LIDC series metadata: through Concilium's proxy, median", times(viaProxy.metadata, viaOrthanc.metadata));
  report("One CT frame (512x512x16 bit), alone, series not opened: Orthanc direct, median of 40", ms(viaOrthanc.frame));
  report("One CT frame, alone: through a TCP relay (bytes passed on, no HTTP; the floor of any hop), median of 40", times(viaTcpRelayFrame, viaOrthanc.frame));
  report("One CT frame, alone: through a plain Node proxy, median of 40", times(viaPlainProxy.frame, viaOrthanc.frame));
  report("One CT frame, alone: through Concilium's proxy, median of 40", `${times(viaProxy.frame, viaOrthanc.frame)}; x${(viaProxy.frame / viaPlainProxy.frame).toFixed(2)} the plain proxy; load ${os.loadavg()[0]!.toFixed(1)}`);
  report("One CT frame: Concilium's proxy, read again (kept in memory)", times(viaProxyKeptFrame, viaOrthanc.frame));
  const opening = (side: Opening, direct: Opening) =>
    side === direct ? `first frame ${ms(side.firstFrame)}, all 133 ${ms(side.wholeSeries)}` : `first frame ${times(side.firstFrame, direct.firstFrame)}, all 133 ${times(side.wholeSeries, direct.wholeSeries)}`;
  const range = (side: typeof viaOrthanc.opening) => `; ${side.count} openings, all 133 in ${ms(side.wholeSeriesRange[0])} to ${ms(side.wholeSeriesRange[1])}`;
  report("Series opened as the viewer does (metadata, then frames middle first, 6 at a time), median: Orthanc direct", opening(viaOrthanc.opening, viaOrthanc.opening) + range(viaOrthanc.opening));
  report("Series opened as the viewer does, median: through a plain Node proxy", opening(viaPlainProxy.opening, viaOrthanc.opening) + range(viaPlainProxy.opening));
  report("Series opened as the viewer does, median: through Concilium's proxy (fetches the series ahead)", opening(viaProxy.opening, viaOrthanc.opening) + range(viaProxy.opening));
  report("20 followers open one series at once (every one has it): Orthanc direct", opening(viaOrthanc.meeting, viaOrthanc.meeting));
  report("20 followers open one series at once: through a plain Node proxy", opening(viaPlainProxy.meeting, viaOrthanc.meeting));
  report("20 followers open one series at once: through Concilium's proxy", opening(viaProxy.meeting, viaOrthanc.meeting));
}

/** Tiles, frames and the case switch under load, beside nginx, a plain Node file server and Orthanc (./imaging.ts). */
async function imagingLoadFigures(cookie: string) {
  await measureImagingLoad({
    base: BASE,
    cookie,
    report,
    dataDir: env.CONCILIUM_DATA_DIR!,
    port: Number(PORT),
    slideId: lidc.slideId,
    slideStoragePath: lidc.slideStoragePath,
    studyUid: lidc.studyUid,
    orthanc,
  });
}

/** `npm run bench -- pacs-proxy`: only the PACS proxy beside Orthanc direct (BENCH_NO_BUILD, DATABASE_URL as `imaging`). */
async function mainPacsProxy() {
  process.env.BENCH_PACS_ONLY = "1";
  await mainImaging();
}

/** `npm run bench -- frames`: only the CT frames under load beside Orthanc (BENCH_NO_BUILD, DATABASE_URL as `imaging`). */
async function mainFrames() {
  process.env.BENCH_IMAGING_FRAMES_ONLY = "1";
  process.env.BENCH_SKIP_PACS_PROXY = "1";
  await mainImaging();
}

/** `npm run bench -- imaging`: only the PACS proxy and the tiles/frames/case-switch figures (a few minutes). */
async function mainImaging() {
  // BENCH_NO_BUILD=1: measure the existing build (when comparing runs of the same sources).
  if (!process.env.BENCH_NO_BUILD) {
    const build = spawnSync("node_modules/.bin/next", ["build"], { env, stdio: "ignore" });
    if (build.status !== 0) throw new Error("next build failed");
  }
  // BENCH_REUSE_DATA=1: the database and files of the previous `imaging` run (PGlite only), to compare runs quickly.
  const reuse = process.env.BENCH_REUSE_DATA === "1" && !process.env.DATABASE_URL;
  if (reuse) env.CONCILIUM_DATA_DIR = path.resolve("data/bench");
  else await prepareDatabase();
  const shared = locateDemoData();
  if (shared?.kind === "shared") {
    orthanc = await startBenchOrthanc(path.join(shared.dir, "radiology", "lidc-idri-0001"));
    Object.assign(env, { CONCILIUM_PACS_URL: orthanc.dicomwebUrl, CONCILIUM_PACS_USERNAME: orthanc.username, CONCILIUM_PACS_PASSWORD: orthanc.password, CONCILIUM_PACS_NAME: "Bench Orthanc" });
  }
  const db = await openDatabase(databaseConfigFromEnv(env));
  try {
    // Every run: a reused database may predate the copies this bench opens now (registering is idempotent).
    if (orthanc) await registerBenchPacsStudy(db.prisma);
    await findLidc(db.prisma);
  } finally {
    await db.close();
  }
  const { server } = await startServer();
  try {
    const cookie = await signInOverHttp(BASE, "coordinator@concilium.test", "concilium-demo");
    if (orthanc && !process.env.BENCH_SKIP_PACS_PROXY) await proxyFigures(cookie);
    if (!process.env.BENCH_PACS_ONLY) await imagingLoadFigures(cookie);
  } finally {
    server.kill("SIGTERM");
    await orthanc?.stop();
  }
  console.log(`\nDatabase: ${env.DATABASE_URL ? "PostgreSQL" : "embedded PGlite"}; fast path ${process.env.CONCILIUM_FAST_PATH === "off" ? "off" : "on"}; ${new Date().toISOString()}`);
}

/** `npm run bench -- viewer`: only the in-browser viewer figures (first CT image, next slice, first slide view, next FOV at 40x). */
async function mainViewer() {
  const load = () => os.loadavg().map((n) => n.toFixed(2)).join(" ");
  report("Machine load (1, 5, 15 min) at start", `${load()} on ${os.cpus().length} cores`);
  if (!process.env.BENCH_NO_BUILD) {
    const build = spawnSync("node_modules/.bin/next", ["build"], { env, stdio: "ignore" });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const reuse = process.env.BENCH_REUSE_DATA === "1" && !process.env.DATABASE_URL;
  if (reuse) env.CONCILIUM_DATA_DIR = path.resolve("data/bench");
  else await prepareDatabase();
  const db = await openDatabase(databaseConfigFromEnv(env));
  try {
    await findLidc(db.prisma);
  } finally {
    await db.close();
  }
  if (!lidc.studyUid || !lidc.slideId) throw new Error("The LIDC case's CT and slide are missing from the demo seed (is ../shared/data there?).");
  const { server } = await startServer();
  try {
    const runs = Number(process.env.BENCH_RUNS ?? 7);
    const browser = await measureInBrowser(BASE, `/patients/${lidc.patientId}/imaging?study=${lidc.studyUid}`, `/slides/${lidc.slideId}`, runs, { warmUp: true, webGlComparison: true });
    report("Browser: navigation to first LIDC CT image drawn (goal < 1 s; page clock)", summarise(browser.firstCtImage));
    report("Browser: the same as the test driver sees it (goto to 'ready')", summarise(browser.firstCtImageDriver));
    report("Browser: whole CT stack loaded (prefetch, nearest first)", summarise(browser.ctStackLoaded));
    report("Browser: next slice, key to IMAGE_RENDERED (goal < 16 ms)", summarise(browser.nextSlice));
    report("Browser: next slice, the same with WebGL forced", summarise(browser.nextSliceWebGl));
    report("Browser: navigation to slide's first view drawn (goal < 0.5 s; page clock)", summarise(browser.firstSlideTiles));
    report("Browser: the same as the test driver sees it (goto to not busy)", summarise(browser.firstSlideTilesDriver));
    report("Browser: next field of view at 40x (goal median < 100 ms)", summarise(browser.nextFieldOfView));
  } finally {
    server.kill("SIGTERM");
  }
  report("Machine load (1, 5, 15 min) at end", load());
  console.log(`\nDatabase: ${env.DATABASE_URL ? "PostgreSQL" : "embedded PGlite"}; ${new Date().toISOString()}`);
}

/** Retrieve from a remote Orthanc (in process, before the server owns the embedded database); mailbox for codes. */
async function exchangeFiguresBeforeServer() {
  const shared = locateDemoData();
  if (shared?.kind !== "shared" || !lidc.studyUid) {
    report("Image exchange", "not measured: needs the shared demo data (LIDC CT)");
    return;
  }
  const mailbox = await startCodeMailbox(Number(PORT) + 5);
  Object.assign(env, { SMTP_URL: mailbox.url, SMTP_FROM: "Concilium <bench@concilium.test>" });
  const db = await openDatabase(databaseConfigFromEnv(env));
  try {
    const setup = await prepareExchange(db.prisma, lidc.patientId, lidc.studyUid);
    const remote = await startExchangeOrthanc(path.join(shared.dir, "radiology", "lidc-idri-0001"), setup, BASE);
    exchange = { setup, orthanc: remote, mailbox };
    await measureRemoteRetrieve(db.prisma, setup, remote, env.CONCILIUM_DATA_DIR!, report);
  } finally {
    await db.close();
  }
}

/** Orthanc pulling from Concilium, and the expert's wait for the first CT image (the server runs). */
async function exchangeFiguresWithServer() {
  if (!exchange) return;
  await measureOrthancPull(exchange.setup, exchange.orthanc, report);
  await measureExpertFirstImage(BASE, exchange.setup, exchange.mailbox.codeFor, report);
}

async function stopExchange() {
  await exchange?.orthanc.stop();
  await exchange?.mailbox.close();
  exchange = null;
}

/** `npm run bench -- exchange`: only the image exchange figures (issue 15), a few minutes. */
async function mainExchange() {
  if (!process.env.BENCH_NO_BUILD) {
    const build = spawnSync("node_modules/.bin/next", ["build"], { env, stdio: "ignore" });
    if (build.status !== 0) throw new Error("next build failed");
  }
  await prepareDatabase();
  const db = await openDatabase(databaseConfigFromEnv(env));
  try {
    await findLidc(db.prisma);
  } finally {
    await db.close();
  }
  await exchangeFiguresBeforeServer();
  const { server } = await startServer();
  try {
    await exchangeFiguresWithServer();
  } finally {
    server.kill("SIGTERM");
    await stopExchange();
  }
  console.log(`\nDatabase: ${env.DATABASE_URL ? "PostgreSQL" : "embedded PGlite"}; ${new Date().toISOString()}`);
}

const modes: Record<string, () => Promise<void>> = {
  viewer: mainViewer,
  exchange: mainExchange,
  load: mainLoad,
  imaging: mainImaging,
  "pacs-proxy": mainPacsProxy,
  frames: mainFrames,
  survival: mainSurvival,
  estimates: mainEstimates,
  indicators: mainIndicators,
  "dataset-export": mainDatasetExport,
};
(modes[process.argv[2] ?? ""] ?? main)().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.message}${error.cause ? ` (${String(error.cause)})` : ""}\n${error.stack}` : error);
  process.exit(1);
});
