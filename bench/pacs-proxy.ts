// DICOMweb through Concilium's guarded PACS proxy beside the same requests sent to Orthanc directly.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import path from "node:path";
import dcmjs from "dcmjs";
import type { PrismaClient } from "@/generated/prisma/client";
import { keepAliveAsAnnounced } from "@/integrations/pacs/keep-alive-agent";
import { startOrthanc, type RunningOrthanc } from "@/integrations/pacs/testing/orthanc";
import { framesNearestMiddleFirst, VIEWER_FRAME_ACCEPT } from "@/server/fast-path/pacs-frames";
import { percentile } from "./http";

// dcmjs ships no types; the bench needs only reading and writing a Part 10 file.
interface Part10Message {
  meta: Record<string, { Value: unknown[] }>;
  dict: Record<string, { Value: unknown[] }>;
  write(): ArrayBuffer;
}
const { DicomMessage } = dcmjs.data as unknown as { DicomMessage: { readFile(buffer: ArrayBuffer): Part10Message } };

export const PACS_BENCH_STUDY_UID = "2.25.424242424242424242";
/** The sides measured, in this order: Orthanc direct, a plain Node proxy, Concilium's proxy. */
const SIDES = 3;
const CONCILIUM_SIDE = 2;
/**
 * How often each side opens the series as one viewer. One opening varies by half its time from run to run on a busy
 * two-core machine, so the figure is the median of several, each on a fresh copy, the sides taking turns first.
 */
const VIEWER_OPENINGS = 5;
/** A copy of its own for each opening, so that no side reads files another side's reads warmed. */
const openingStudyUid = (round: number, side: number) => `${PACS_BENCH_STUDY_UID}.${1 + round * SIDES + side}`;
/** The same for a meeting's followers opening one series together (after the single viewers' copies). */
const meetingStudyUid = (side: number) => openingStudyUid(VIEWER_OPENINGS, side);
const COPY_STUDY_UIDS = Array.from({ length: (VIEWER_OPENINGS + 1) * SIDES }, (_, i) => openingStudyUid(Math.floor(i / SIDES), i % SIDES));
const PACS_BENCH_MRN = "BENCH-PACS";

/**
 * Starts a real Orthanc holding copies of the LIDC CT under study UIDs of their own (the built-in store already
 * holds the original), so the same images can be fetched through the proxy and from Orthanc directly.
 */
export async function startBenchOrthanc(lidcDir: string): Promise<RunningOrthanc> {
  const orthanc = await startOrthanc();
  for (const file of readdirSync(lidcDir).filter((f) => f.endsWith(".dcm"))) {
    const bytes = readFileSync(path.join(lidcDir, file));
    for (const studyUid of [PACS_BENCH_STUDY_UID, ...COPY_STUDY_UIDS]) {
      const message = DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      message.dict["0020000D"]!.Value = [studyUid];
      message.dict["00100020"]!.Value = [PACS_BENCH_MRN];
      if (studyUid !== PACS_BENCH_STUDY_UID) {
        // A PACS finds a series and an instance by their own UIDs: a copy needs new ones.
        message.dict["0020000E"]!.Value = [copiedUid(String(message.dict["0020000E"]!.Value[0]), studyUid)];
        const sop = copiedUid(String(message.dict["00080018"]!.Value[0]), studyUid);
        message.dict["00080018"]!.Value = [sop];
        message.meta["00020003"]!.Value = [sop];
      }
      await orthanc.upload(new Uint8Array(message.write()));
    }
  }
  return orthanc;
}

/** A UID of its own for a copy (2.25 and a number derived from the original and the copy's study). */
const copiedUid = (uid: string, copy: string) => `2.25.${BigInt(`0x${createHash("sha256").update(`${copy}/${uid}`).digest("hex").slice(0, 30)}`)}`;

/** The PACS studies as the proxy expects them: a patient on the thoracic board with external studies. */
export async function registerBenchPacsStudy(db: PrismaClient) {
  const board = await db.board.findUniqueOrThrow({ where: { slug: "thoracic" } });
  const referrer = await db.user.findUniqueOrThrow({ where: { email: "oncologist@concilium.test" } });
  let patient = await db.patient.findFirst({ where: { mrn: PACS_BENCH_MRN } });
  if (!patient) {
    patient = await db.patient.create({
      data: { mrn: PACS_BENCH_MRN, familyName: "Bench", givenName: "Pacs", birthDate: new Date("1950-01-01T00:00:00Z"), sex: "MALE", researchPseudonym: "CON-BENCH-PACS" },
    });
    await db.case.create({ data: { patientId: patient.id, boardId: board.id, questionType: "OTHER", clinicalQuestion: "Benchmark", referringUserId: referrer.id } });
  }
  await db.imagingStudy.createMany({
    data: [PACS_BENCH_STUDY_UID, ...Array.from({ length: VIEWER_OPENINGS }, (_, round) => openingStudyUid(round, CONCILIUM_SIDE)), meetingStudyUid(CONCILIUM_SIDE)].map((studyInstanceUid) => ({ patientId: patient.id, studyInstanceUid, modality: "CT", studyDate: new Date("2000-01-01T00:00:00Z"), description: "", source: "DICOMWEB" as const })),
    skipDuplicates: true,
  });
}

// Node's http client with kept-alive connections for both sides. Not fetch: Orthanc answers "Keep-Alive: timeout=1",
// which fetch (undici) reads as "do not reuse", so fetch opened a connection per request to Orthanc (40-100 ms a
// frame under load) but reused its connection to Concilium, and the comparison measured the client, not the servers.
// Kept as long as Orthanc announces (keepAliveAsAnnounced), on every side, as a browser keeps them: Node's agent would
// otherwise drop each connection to Orthanc ("timeout=1") once idle, and the figures would time TCP connects.
const client = keepAliveAsAnnounced(new Agent({ keepAlive: true, maxSockets: 1 }));
/** A browser's connections to one host over HTTP/1.1, as the viewer's frame requests use them. */
const viewerAgent = () => keepAliveAsAnnounced(new Agent({ keepAlive: true, maxSockets: 6 }));
const oneViewer = viewerAgent();

function timeGet(url: string, headers: Record<string, string>, agent = client, body?: Buffer[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent }, (res) => {
      if (body) res.on("data", (chunk: Buffer) => body.push(chunk));
      else res.resume();
      res.on("error", reject);
      res.on("end", () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`${url} answered ${res.statusCode}`))));
    });
    req.on("error", reject);
    req.end();
  });
}

// The reference for the proxy's hop: a plain Node proxy (no session, no access check, no audit, no cache) in front of
// the same Orthanc, in a process of its own as the app is, over the same kept-alive connections.
const PLAIN_PROXY = `
const http = require("node:http");
const [target, authorization, port] = process.argv.slice(1);
const upstream = new URL(target);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
// As Concilium's client does (keepAliveAsAnnounced): idle connections kept for Orthanc's announced second, less 250 ms.
const keep = agent.keepSocketAlive.bind(agent);
agent.keepSocketAlive = (socket) => {
  const seconds = /^timeout=(\d+)/.exec(String(socket._httpMessage?.res?.headers["keep-alive"] ?? ""))?.[1];
  if (seconds === undefined) return keep(socket);
  socket.setKeepAlive(true, 1000);
  socket.unref();
  socket.setTimeout(Math.max(250, Number(seconds) * 1000 - 250));
  return true;
};
const reuse = agent.reuseSocket.bind(agent);
agent.reuseSocket = (socket, request) => {
  reuse(socket, request);
  socket.setTimeout(0);
};
http.createServer((req, res) => {
  const ask = http.request({ host: upstream.hostname, port: upstream.port, path: upstream.pathname + req.url, headers: { authorization, accept: req.headers.accept || "*/*" }, agent }, (answer) => {
    const headers = { "content-type": answer.headers["content-type"] || "application/octet-stream" };
    if (answer.headers["content-length"]) headers["content-length"] = answer.headers["content-length"];
    res.writeHead(answer.statusCode, headers);
    answer.pipe(res);
  });
  ask.on("error", () => { res.writeHead(502); res.end(); });
  ask.end();
}).listen(Number(port), "127.0.0.1");
`;

// The floor of any hop: a relay of the TCP bytes (no HTTP read at all) in front of the same Orthanc, in a process of
// its own. What a second process costs a single frame on this machine, whatever that process does.
const TCP_RELAY = `
const net = require("node:net");
const [port, target] = process.argv.slice(1);
net.createServer((client) => {
  const orthanc = net.connect(Number(target), "127.0.0.1");
  client.setNoDelay(true);
  orthanc.setNoDelay(true);
  client.pipe(orthanc);
  orthanc.pipe(client);
  client.on("error", () => orthanc.destroy());
  orthanc.on("error", () => client.destroy());
}).listen(Number(port), "127.0.0.1");
`;

/** Starts `script` with `args` in a process of its own, once `probeUrl` answers (with `headers`). */
async function startHop(name: string, script: string, args: string[], probeUrl: string, headers: Record<string, string>): Promise<{ stop(): void }> {
  const child = spawn(process.execPath, ["-e", script, ...args], { stdio: "ignore" });
  const deadline = Date.now() + 10_000;
  while (!(await fetch(probeUrl, { headers: { ...headers, Accept: "application/dicom+json" } }).then((r) => r.ok, () => false))) {
    if (Date.now() > deadline) throw new Error(`the ${name} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { stop: () => child.kill("SIGTERM") };
}

async function startPlainProxy(orthanc: RunningOrthanc, authorization: string, port: number): Promise<{ url: string; stop(): void }> {
  const url = `http://127.0.0.1:${port}`;
  const { stop } = await startHop("plain Node proxy", PLAIN_PROXY, [orthanc.dicomwebUrl, authorization, String(port)], `${url}/studies?limit=1`, {});
  return { url, stop };
}

/** The TCP relay's DICOMweb root (Orthanc's own path, through the relay's port). */
async function startTcpRelay(orthanc: RunningOrthanc, authorization: string, port: number): Promise<{ url: string; stop(): void }> {
  const dicomweb = new URL(orthanc.dicomwebUrl);
  const url = `http://127.0.0.1:${port}${dicomweb.pathname}`;
  const { stop } = await startHop("TCP relay", TCP_RELAY, [String(port), dicomweb.port], `${url}/studies?limit=1`, { Authorization: authorization });
  return { url, stop };
}

/**
 * A series opened as the viewer opens it: its metadata, then every frame, the middle slice first and outwards, six
 * requests at a time (a browser's connections to one host). Times from the metadata request to the first frame and
 * to the last.
 */
async function openSeriesAsViewer(root: string, headers: Record<string, string>, studyUid: string, seriesUid: string, viewerClient = oneViewer): Promise<Opening> {
  const started = performance.now();
  const body: Buffer[] = [];
  await timeGet(`${root}/studies/${studyUid}/series/${seriesUid}/metadata`, { ...headers, Accept: "application/dicom+json" }, viewerClient, body);
  const queue = framesNearestMiddleFirst(JSON.parse(Buffer.concat(body).toString("utf8")) as Parameters<typeof framesNearestMiddleFirst>[0]);
  let firstFrame = 0;
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      await timeGet(`${root}/studies/${studyUid}/series/${seriesUid}/instances/${next.sop}/frames/${next.frame}`, { ...headers, Accept: VIEWER_FRAME_ACCEPT }, viewerClient);
      firstFrame ||= performance.now() - started;
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return { firstFrame, wholeSeries: performance.now() - started };
}

export interface Opening {
  firstFrame: number;
  wholeSeries: number;
}

/** Several openings as one figure: the median of each time, with the whole series' fastest and slowest. */
const medianOpening = (openings: Opening[]) => ({
  firstFrame: percentile(openings.map((o) => o.firstFrame), 50),
  wholeSeries: percentile(openings.map((o) => o.wholeSeries), 50),
  wholeSeriesRange: [Math.min(...openings.map((o) => o.wholeSeries)), Math.max(...openings.map((o) => o.wholeSeries))] as const,
  count: openings.length,
});

/**
 * A meeting's followers (each a browser of its own) opening the same series at the same moment, as when the presenter
 * moves to the next case: times until every follower has the first frame and the whole series.
 */
async function openSeriesTogether(root: string, headers: Record<string, string>, studyUid: string, seriesUid: string, followers = 20): Promise<Opening> {
  const opened = await Promise.all(Array.from({ length: followers }, () => openSeriesAsViewer(root, headers, studyUid, seriesUid, viewerAgent())));
  return { firstFrame: Math.max(...opened.map((o) => o.firstFrame)), wholeSeries: Math.max(...opened.map((o) => o.wholeSeries)) };
}

/**
 * Median times for 40 frames and for the series metadata: directly, through a plain Node proxy and through
 * Concilium's proxy (frames also through a TCP relay, the floor of any hop). Frames first, each frame's first reads taken in turns, in a rotating order, so that Orthanc's own
 * caching of a file favours no side, and before the series' metadata is read through Concilium (which fetches the
 * series' frames ahead); then Concilium's again (kept in the proxy's memory); then the series opened as the viewer
 * opens it, VIEWER_OPENINGS times per side on copies of their own (median and range); then by 20 followers at once.
 */
export async function compareProxyWithOrthanc(base: string, cookie: string, orthanc: RunningOrthanc, ports: { plainProxy: number; tcpRelay: number }) {
  const authorization = `Basic ${Buffer.from(`${orthanc.username}:${orthanc.password}`).toString("base64")}`;
  const direct = { Authorization: authorization };
  const seriesList = (await (await fetch(`${orthanc.dicomwebUrl}/studies/${PACS_BENCH_STUDY_UID}/series`, { headers: { ...direct, Accept: "application/dicom+json" } })).json()) as Record<string, { Value: string[] }>[];
  const seriesUid = seriesList[0]!["0020000E"]!.Value[0]!;
  const metadataPath = `studies/${PACS_BENCH_STUDY_UID}/series/${seriesUid}/metadata`;
  const instances = (await (await fetch(`${orthanc.dicomwebUrl}/${metadataPath}`, { headers: { ...direct, Accept: "application/dicom+json" } })).json()) as Record<string, { Value: string[] }>[];
  const sops = instances.map((i) => i["00080018"]!.Value[0]!).slice(0, 40);

  const plain = await startPlainProxy(orthanc, authorization, ports.plainProxy);
  const relay = await startTcpRelay(orthanc, authorization, ports.tcpRelay).catch((error: unknown) => {
    plain.stop();
    throw error;
  });
  try {
    const json = { Accept: "application/dicom+json" };
    const frameAccept = { Accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' };
    const sides: { root: string; headers: Record<string, string> }[] = [
      { root: orthanc.dicomwebUrl, headers: direct },
      { root: plain.url, headers: {} },
      { root: `${base}/api/pacs`, headers: { cookie } },
    ];
    // Single frames also through the TCP relay (the fourth side), for the floor of a hop.
    const frameSides = [...sides, { root: relay.url, headers: direct }];
    const frames = frameSides.map(() => [] as number[]);
    const framePath = (sop: string) => `studies/${PACS_BENCH_STUDY_UID}/series/${seriesUid}/instances/${sop}/frames/1`;
    for (const [i, sop] of sops.entries()) {
      for (let k = 0; k < frameSides.length; k++) {
        const s = (i + k) % frameSides.length;
        frames[s]!.push(await timeGet(`${frameSides[s]!.root}/${framePath(sop)}`, { ...frameSides[s]!.headers, ...frameAccept }));
      }
    }
    const kept: number[] = [];
    for (const sop of sops) kept.push(await timeGet(`${base}/api/pacs/${framePath(sop)}`, { cookie, ...frameAccept }));
    const metadata = sides.map(() => [] as number[]);
    for (let i = 0; i < 10; i++) for (const [s, side] of sides.entries()) metadata[s]!.push(await timeGet(`${side.root}/${metadataPath}`, { ...side.headers, ...json }));
    const openings = sides.map(() => [] as Opening[]);
    for (let round = 0; round < VIEWER_OPENINGS; round++) {
      for (let k = 0; k < sides.length; k++) {
        const s = (round + k) % sides.length;
        const studyUid = openingStudyUid(round, s);
        openings[s]!.push(await openSeriesAsViewer(sides[s]!.root, sides[s]!.headers, studyUid, copiedUid(seriesUid, studyUid)));
      }
    }
    const meeting: Opening[] = [];
    for (const [s, side] of sides.entries()) meeting.push(await openSeriesTogether(side.root, side.headers, meetingStudyUid(s), copiedUid(seriesUid, meetingStudyUid(s))));
    const figure = (s: number) => ({ metadata: percentile(metadata[s]!, 50), frame: percentile(frames[s]!, 50), opening: medianOpening(openings[s]!), meeting: meeting[s]! });
    return { viaOrthanc: figure(0), viaPlainProxy: figure(1), viaProxy: figure(2), viaProxyKeptFrame: percentile(kept, 50), viaTcpRelayFrame: percentile(frames[3]!, 50) };
  } finally {
    plain.stop();
    relay.stop();
  }
}
