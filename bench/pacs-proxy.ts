// DICOMweb through Concilium's guarded PACS proxy beside the same requests sent to Orthanc directly.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import path from "node:path";
import dcmjs from "dcmjs";
import type { PrismaClient } from "@/generated/prisma/client";
import { startOrthanc, type RunningOrthanc } from "@/integrations/pacs/testing/orthanc";
import { percentile } from "./http";

// dcmjs ships no types; the bench needs only reading and writing a Part 10 file.
interface Part10Message {
  dict: Record<string, { Value: unknown[] }>;
  write(): ArrayBuffer;
}
const { DicomMessage } = dcmjs.data as unknown as { DicomMessage: { readFile(buffer: ArrayBuffer): Part10Message } };

export const PACS_BENCH_STUDY_UID = "2.25.424242424242424242";
const PACS_BENCH_MRN = "BENCH-PACS";

/**
 * Starts a real Orthanc holding a copy of the LIDC CT under a study UID of its own (the built-in store already
 * holds the original), so the same images can be fetched through the proxy and from Orthanc directly.
 */
export async function startBenchOrthanc(lidcDir: string): Promise<RunningOrthanc> {
  const orthanc = await startOrthanc();
  for (const file of readdirSync(lidcDir).filter((f) => f.endsWith(".dcm"))) {
    const bytes = readFileSync(path.join(lidcDir, file));
    const message = DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    message.dict["0020000D"]!.Value = [PACS_BENCH_STUDY_UID];
    message.dict["00100020"]!.Value = [PACS_BENCH_MRN];
    await orthanc.upload(new Uint8Array(message.write()));
  }
  return orthanc;
}

/** The PACS study as the proxy expects it: a patient on the thoracic board with an external study. */
export async function registerBenchPacsStudy(db: PrismaClient) {
  const board = await db.board.findUniqueOrThrow({ where: { slug: "thoracic" } });
  const referrer = await db.user.findUniqueOrThrow({ where: { email: "oncologist@concilium.test" } });
  const patient = await db.patient.create({
    data: { mrn: PACS_BENCH_MRN, familyName: "Bench", givenName: "Pacs", birthDate: new Date("1950-01-01T00:00:00Z"), sex: "MALE", researchPseudonym: "CON-BENCH-PACS" },
  });
  await db.case.create({ data: { patientId: patient.id, boardId: board.id, questionType: "OTHER", clinicalQuestion: "Benchmark", referringUserId: referrer.id } });
  await db.imagingStudy.create({
    data: { patientId: patient.id, studyInstanceUid: PACS_BENCH_STUDY_UID, modality: "CT", studyDate: new Date("2000-01-01T00:00:00Z"), description: "", source: "DICOMWEB" },
  });
}

// Node's http client with kept-alive connections for both sides. Not fetch: Orthanc answers "Keep-Alive: timeout=1",
// which fetch (undici) reads as "do not reuse", so fetch opened a connection per request to Orthanc (40-100 ms a
// frame under load) but reused its connection to Concilium, and the comparison measured the client, not the servers.
const client = new Agent({ keepAlive: true, maxSockets: 1 });

function timeGet(url: string, headers: Record<string, string>): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: client }, (res) => {
      res.resume();
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

async function startPlainProxy(orthanc: RunningOrthanc, authorization: string, port: number): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ["-e", PLAIN_PROXY, orthanc.dicomwebUrl, authorization, String(port)], { stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (!(await fetch(`${url}/studies?limit=1`, { headers: { Accept: "application/dicom+json" } }).then((r) => r.ok, () => false))) {
    if (Date.now() > deadline) throw new Error("the plain Node proxy did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop: () => child.kill("SIGTERM") };
}

/**
 * Median times for the series metadata and for 40 frames: directly, through a plain Node proxy and through
 * Concilium's proxy. Each frame's first reads are taken in turns, in a rotating order, so that Orthanc's own caching
 * of a file favours no side; then Concilium's again (kept in the proxy's memory).
 */
export async function compareProxyWithOrthanc(base: string, cookie: string, orthanc: RunningOrthanc, plainProxyPort: number) {
  const authorization = `Basic ${Buffer.from(`${orthanc.username}:${orthanc.password}`).toString("base64")}`;
  const direct = { Authorization: authorization };
  const seriesList = (await (await fetch(`${orthanc.dicomwebUrl}/studies/${PACS_BENCH_STUDY_UID}/series`, { headers: { ...direct, Accept: "application/dicom+json" } })).json()) as Record<string, { Value: string[] }>[];
  const seriesUid = seriesList[0]!["0020000E"]!.Value[0]!;
  const metadataPath = `studies/${PACS_BENCH_STUDY_UID}/series/${seriesUid}/metadata`;
  const instances = (await (await fetch(`${orthanc.dicomwebUrl}/${metadataPath}`, { headers: { ...direct, Accept: "application/dicom+json" } })).json()) as Record<string, { Value: string[] }>[];
  const sops = instances.map((i) => i["00080018"]!.Value[0]!).slice(0, 40);

  const plain = await startPlainProxy(orthanc, authorization, plainProxyPort);
  try {
    const json = { Accept: "application/dicom+json" };
    const frameAccept = { Accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' };
    const sides: { root: string; headers: Record<string, string> }[] = [
      { root: orthanc.dicomwebUrl, headers: direct },
      { root: plain.url, headers: {} },
      { root: `${base}/api/pacs`, headers: { cookie } },
    ];
    const metadata = sides.map(() => [] as number[]);
    for (let i = 0; i < 10; i++) for (const [s, side] of sides.entries()) metadata[s]!.push(await timeGet(`${side.root}/${metadataPath}`, { ...side.headers, ...json }));
    const frames = sides.map(() => [] as number[]);
    const framePath = (sop: string) => `studies/${PACS_BENCH_STUDY_UID}/series/${seriesUid}/instances/${sop}/frames/1`;
    for (const [i, sop] of sops.entries()) {
      for (let k = 0; k < sides.length; k++) {
        const s = (i + k) % sides.length;
        frames[s]!.push(await timeGet(`${sides[s]!.root}/${framePath(sop)}`, { ...sides[s]!.headers, ...frameAccept }));
      }
    }
    const kept: number[] = [];
    for (const sop of sops) kept.push(await timeGet(`${base}/api/pacs/${framePath(sop)}`, { cookie, ...frameAccept }));
    const figure = (s: number) => ({ metadata: percentile(metadata[s]!, 50), frame: percentile(frames[s]!, 50) });
    return { viaOrthanc: figure(0), viaPlainProxy: figure(1), viaProxy: figure(2), viaProxyKeptFrame: percentile(kept, 50) };
  } finally {
    plain.stop();
  }
}
