// Tiles and frames under load, side by side in one run: nginx and a plain Node file server on the slide's tile files,
// Orthanc's WADO-RS on a copy of the LIDC CT, and Concilium's own endpoints (signed in), at 1 and 32 connections;
// then the case switch of 20 followers, against Concilium and against Orthanc, with two clients (./case-switch.ts).
import os from "node:os";
import path from "node:path";
import type { RunningOrthanc } from "@/integrations/pacs/testing/orthanc";
import { measureCaseSwitch, type CaseSwitchResult } from "./case-switch";
import { startNodeFileServer, startNodeFrameServer } from "./node-file-server";
import { PACS_BENCH_STUDY_UID } from "./pacs-proxy";
import { listTiles, startNginx } from "./tiles";
import { hasWrk, runWrk, type WrkResult } from "./wrk";

type Report = (name: string, value: string) => void;

const FRAME_ACCEPT = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
const CONNECTIONS = [1, 32] as const;

interface SeriesFrames {
  metadataPath: string;
  framePaths: string[];
}

/**
 * A GET's JSON, asked again once if the kept-alive connection it went out on was closed by the server meanwhile (as a
 * browser does): after a minute and more of wrk saturating both cores, fetch's idle connection can outlive the
 * server's keep-alive timeout.
 */
async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const ask = async () => (await fetch(url, { headers })).json();
  try {
    return await ask();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return ask();
  }
}

/** The first series of a study over DICOMweb: its metadata path and the frame path of each instance. */
export async function seriesFrames(root: string, studyUid: string, headers: Record<string, string>): Promise<SeriesFrames> {
  const json = { ...headers, Accept: "application/dicom+json" };
  const series = (await getJson(`${root}/studies/${studyUid}/series`, json)) as Record<string, { Value: string[] }>[];
  const biggest = series.sort((a, b) => Number(b["00201209"]?.Value[0] ?? 0) - Number(a["00201209"]?.Value[0] ?? 0))[0]!;
  const seriesUid = biggest["0020000E"]!.Value[0]!;
  const metadataPath = `/studies/${studyUid}/series/${seriesUid}/metadata`;
  const instances = (await getJson(`${root}${metadataPath}`, json)) as Record<string, { Value: (string | number)[] }>[];
  instances.sort((a, b) => Number(a["00200013"]?.Value[0] ?? 0) - Number(b["00200013"]?.Value[0] ?? 0));
  return { metadataPath, framePaths: instances.map((i) => `/studies/${studyUid}/series/${seriesUid}/instances/${String(i["00080018"]!.Value[0])}/frames/1`) };
}

const rate = (r: WrkResult) =>
  `${r.requestsPerSecond.toFixed(0)}/s (p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms${Number.isFinite(r.generatorCores) ? `; wrk used ${r.generatorCores.toFixed(2)} of ${os.cpus().length} cores` : ""}${r.failures ? `, ${r.failures} FAILED` : ""})`;
const ratio = (a: WrkResult, b: WrkResult) => (a.requestsPerSecond / b.requestsPerSecond).toFixed(2);
const switchFigure = (r: CaseSwitchResult) =>
  `all first image ${r.allFirstImageMs.toFixed(0)} ms, all whole series ${r.allSeriesMs.toFixed(0)} ms (median ${r.medianSeriesMs.toFixed(0)} ms, ${(r.bytes / 1e6).toFixed(0)} MB ${r.client === "lean" ? "sent" : "decoded"}; load ${os.loadavg()[0]!.toFixed(1)})${r.failures ? `, ${r.failures} FAILED` : ""}`;

export async function measureImagingLoad(options: {
  base: string;
  cookie: string;
  report: Report;
  dataDir: string;
  port: number;
  slideId: string;
  slideStoragePath: string;
  studyUid: string;
  orthanc: RunningOrthanc | null;
}) {
  const { base, cookie, report } = options;
  if (!hasWrk()) return report("Tiles and frames under load", "not measured: wrk is not installed (apt-get install wrk)");
  const seconds = Number(process.env.IMAGING_LOAD_SECONDS ?? 5);
  const workDir = path.join(options.dataDir, "wrk");
  const load = (origin: string, paths: string[], connections: number, headers: Record<string, string> = {}, warmUp = true) => {
    // A short warm-up first, so that no figure is a first compilation or a cold file cache.
    if (warmUp) runWrk(origin, paths, { connections, seconds: 1, headers, workDir });
    return runWrk(origin, paths, { connections, seconds, headers, workDir });
  };
  // Each side in turns (IMAGING_ROUNDS, default 3), each figure the median of its rounds: the other work on a shared
  // machine comes and goes, and a figure taken only before the other's would carry that into the ratio.
  const rounds = Math.max(1, Number(process.env.IMAGING_ROUNDS ?? 3));
  const median = (results: WrkResult[]) => [...results].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(results.length / 2)]!;
  // BENCH_IMAGING_FRAMES_ONLY=1 (`npm run bench -- frames`): the CT frames beside Orthanc only.
  const framesOnly = process.env.BENCH_IMAGING_FRAMES_ONLY === "1";

  if (options.slideId && !framesOnly) {
    const tilesDir = path.join(options.dataDir, "slides", options.slideStoragePath, "slide_files");
    const tiles = listTiles(tilesDir, 12);
    const nginx = await startNginx(tilesDir, options.port + 1, path.join(options.dataDir, "nginx"));
    const node = await startNodeFileServer(tilesDir, options.port + 2, tiles[0]!);
    try {
      for (const c of CONNECTIONS) {
        // In turns, each figure the median of its rounds, as for the frames below.
        const nginxRuns: WrkResult[] = [];
        const nodeRuns: WrkResult[] = [];
        const appRuns: WrkResult[] = [];
        for (let round = 0; round < rounds; round++) {
          if (nginx) nginxRuns.push(load(`http://127.0.0.1:${options.port + 1}`, tiles.map((t) => `/tiles/${t}`), c, {}, round === 0));
          nodeRuns.push(load(`http://127.0.0.1:${options.port + 2}`, tiles.map((t) => `/tiles/${t}`), c, {}, round === 0));
          appRuns.push(load(base, tiles.map((t) => `/api/slides/${options.slideId}/tiles/${t}`), c, { cookie }, round === 0));
        }
        const viaNginx = nginxRuns.length ? median(nginxRuns) : null;
        const viaNode = median(nodeRuns);
        const viaApp = median(appRuns);
        if (viaNginx) report(`Slide tiles c=${c}: nginx, same files (${tiles.length} tiles, median of ${rounds})`, rate(viaNginx));
        report(`Slide tiles c=${c}: plain Node http+fs, same files`, rate(viaNode));
        report(`Slide tiles c=${c}: Concilium, signed in`, `${rate(viaApp)} = ${ratio(viaApp, viaNode)}x Node${viaNginx ? `, ${ratio(viaApp, viaNginx)}x nginx` : ""} (load ${os.loadavg()[0]!.toFixed(1)})`);
      }
    } finally {
      nginx?.stop();
      node.stop();
    }
  }

  if (!options.studyUid) return;
  const app = await seriesFrames(`${base}/api/dicomweb`, options.studyUid, { cookie });
  const orthancAuth = options.orthanc ? { Authorization: `Basic ${Buffer.from(`${options.orthanc.username}:${options.orthanc.password}`).toString("base64")}` } : null;
  const orthancUrl = options.orthanc ? new URL(options.orthanc.dicomwebUrl) : null;
  const viaOrthancSeries = options.orthanc && orthancAuth ? await seriesFrames(options.orthanc.dicomwebUrl, PACS_BENCH_STUDY_UID, orthancAuth) : null;
  // As wrk asks by default (no Accept-Encoding), then as a browser's viewer asks (with its Accept-Encoding), both sides
  // asked the same.
  const askings: { label: string; headers: Record<string, string> }[] = [
    { label: "", headers: {} },
    { label: " as a browser asks (Accept-Encoding: gzip, deflate, br, zstd)", headers: { "Accept-Encoding": "gzip, deflate, br, zstd" } },
  ];
  // The ceiling beside them: the same frames' bytes from a plain Node server's memory (./node-file-server.ts), as wrk asks.
  const plainFrames = await startNodeFrameServer(
    app.framePaths.map((p) => `${base}/api/dicomweb${p}`),
    { cookie, Accept: FRAME_ACCEPT },
    path.join(options.dataDir, "plain-frames"),
    options.port + 4,
  );
  try {
    for (const asking of askings) {
      for (const c of CONNECTIONS) {
        const appRuns: WrkResult[] = [];
        const orthancRuns: WrkResult[] = [];
        const plainRuns: WrkResult[] = [];
        const withPlain = asking.label === "";
        for (let round = 0; round < rounds; round++) {
          appRuns.push(load(base, app.framePaths.map((p) => `/api/dicomweb${p}`), c, { cookie, Accept: FRAME_ACCEPT, ...asking.headers }, round === 0));
          if (orthancUrl && viaOrthancSeries && orthancAuth) {
            orthancRuns.push(load(orthancUrl.origin, viaOrthancSeries.framePaths.map((p) => `${orthancUrl.pathname}${p}`), c, { ...orthancAuth, Accept: FRAME_ACCEPT, ...asking.headers }, round === 0));
          }
          if (withPlain) plainRuns.push(load(`http://127.0.0.1:${options.port + 4}`, plainFrames.paths, c, { Accept: FRAME_ACCEPT }, round === 0));
        }
        const viaApp = median(appRuns);
        const load1 = `load ${os.loadavg()[0]!.toFixed(1)}`;
        const ofPlain = withPlain ? `, ${ratio(viaApp, median(plainRuns))}x the plain Node server` : "";
        if (withPlain) report(`CT frames c=${c}: plain Node http, the same frames' bytes from memory (no session, access check or audit)`, rate(median(plainRuns)));
        if (orthancRuns.length) {
          const viaOrthanc = median(orthancRuns);
          report(`CT frames c=${c}${asking.label}: Orthanc WADO-RS (${viaOrthancSeries!.framePaths.length} frames, median of ${rounds})`, rate(viaOrthanc));
          report(`CT frames c=${c}${asking.label}: Concilium WADO-RS, signed in`, `${rate(viaApp)} = ${ratio(viaApp, viaOrthanc)}x Orthanc${ofPlain} (${load1})`);
        } else report(`CT frames c=${c}${asking.label}: Concilium WADO-RS, signed in`, `${rate(viaApp)}${ofPlain} (${load1})`);
      }
    }
  } finally {
    plainFrames.stop();
  }
  if (framesOnly) return;

  // Lean: what a room of browsers asks (with a browser's Accept-Encoding), bodies counted, not decoded; fetch: the
  // figure as first measured, the followers' receiving and decoding done on the server's own two cores.
  const browserEncodings = { "Accept-Encoding": "gzip, deflate, br, zstd" };
  const appTarget = { metadataUrl: `${base}/api/dicomweb${app.metadataPath}`, frameUrls: app.framePaths.map((p) => `${base}/api/dicomweb${p}`), headers: { cookie } };
  const orthancTarget =
    options.orthanc && viaOrthancSeries && orthancAuth
      ? { metadataUrl: `${options.orthanc.dicomwebUrl}${viaOrthancSeries.metadataPath}`, frameUrls: viaOrthancSeries.framePaths.map((p) => `${options.orthanc!.dicomwebUrl}${p}`), headers: orthancAuth }
      : null;
  for (const client of ["lean", "fetch"] as const) {
    const headers = client === "lean" ? browserEncodings : {};
    const toApp = await measureCaseSwitch(appTarget, { client, headers });
    report(`Case switch, ${toApp.followers} followers open the ${app.framePaths.length}-slice CT (${client} client): Concilium`, switchFigure(toApp));
    if (orthancTarget) {
      const toOrthanc = await measureCaseSwitch(orthancTarget, { client, headers });
      report(`Case switch, ${toOrthanc.followers} followers (${client} client): Orthanc direct`, switchFigure(toOrthanc));
    }
  }
}
