// The case switch of a meeting: N followers open the same CT at the same moment. Each does what the viewer does over
// HTTP: the series metadata, then every frame, 6 requests at a time (a browser's connections per host).
//
// Two clients, both in this process (on the server's own cores):
//   "lean"  node:http, one keep-alive agent of 6 sockets per follower (a browser's connections per host), body bytes
//           counted and dropped, like wrk for the other rows: the load a room of browsers puts on the server, with
//           little of the followers' own work (they decode on their own machines) charged to the server's cores.
//   "fetch" Node's fetch (undici), each answer read into an ArrayBuffer: the figure as first measured, which also
//           counts the followers' work of receiving 1.36 GB in this process.
import http from "node:http";
import { keepAliveAsAnnounced } from "@/integrations/pacs/keep-alive-agent";
import { percentile } from "./http";

export type CaseSwitchClient = "lean" | "fetch";

export interface CaseSwitchTarget {
  /** Series metadata URL. */
  metadataUrl: string;
  /** Frame URL of each instance, in the series' order. */
  frameUrls: string[];
  headers: Record<string, string>;
}

export interface CaseSwitchResult {
  followers: number;
  client: CaseSwitchClient;
  /** When the last follower had its first image (ms after the switch). */
  allFirstImageMs: number;
  /** When the last follower had the whole series. */
  allSeriesMs: number;
  medianSeriesMs: number;
  failures: number;
  /** Body bytes received by all followers: as sent for the lean client, after decoding for fetch (which decodes gzip). */
  bytes: number;
}

const FRAME_ACCEPT = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';

type Get = (url: string, accept: string) => Promise<{ ok: boolean; bytes: number }>;

function fetchGetter(headers: Record<string, string>): { get: Get; close(): void } {
  return {
    async get(url, accept) {
      const res = await fetch(url, { headers: { ...headers, Accept: accept } });
      const body = await res.arrayBuffer();
      return { ok: res.ok, bytes: body.byteLength };
    },
    close() {},
  };
}

function leanGetter(headers: Record<string, string>, parallel: number): { get: Get; close(): void } {
  // Connections kept as a browser keeps them: Node's own agent drops each one to Orthanc ("Keep-Alive: timeout=1") once
  // idle, and Orthanc direct paid a new connection for nearly every frame (35 s for the whole series, not 4 s).
  const agent = keepAliveAsAnnounced(new http.Agent({ keepAlive: true, maxSockets: parallel }));
  return {
    get: (url, accept) =>
      new Promise((resolve, reject) => {
        const request = http.get(url, { agent, headers: { ...headers, Accept: accept } }, (res) => {
          let bytes = 0;
          res.on("data", (chunk: Buffer) => (bytes += chunk.length));
          res.on("end", () => {
            const expected = Number(res.headers["content-length"] ?? bytes);
            resolve({ ok: res.statusCode === 200 && bytes === expected, bytes });
          });
          res.on("error", reject);
        });
        request.on("error", reject);
      }),
    close: () => agent.destroy(),
  };
}

async function follower(target: CaseSwitchTarget, started: number, parallel: number, client: CaseSwitchClient, extraHeaders: Record<string, string>) {
  let failures = 0;
  let bytes = 0;
  const headers = { ...target.headers, ...extraHeaders };
  const getter = client === "lean" ? leanGetter(headers, parallel) : fetchGetter(headers);
  const get = async (url: string, accept: string) => {
    try {
      const answer = await getter.get(url, accept);
      bytes += answer.bytes;
      if (!answer.ok) failures++;
    } catch {
      // A reset connection is a failure of the figure, not of the whole benchmark.
      failures++;
    }
  };
  try {
    await get(target.metadataUrl, "application/dicom+json");
    // The viewer asks for the slice it shows first, then the rest.
    const middle = Math.floor(target.frameUrls.length / 2);
    await get(target.frameUrls[middle]!, FRAME_ACCEPT);
    const firstImageMs = performance.now() - started;
    const rest = target.frameUrls.filter((_, i) => i !== middle);
    let next = 0;
    const lane = async () => {
      while (next < rest.length) await get(rest[next++]!, FRAME_ACCEPT);
    };
    await Promise.all(Array.from({ length: parallel }, lane));
    return { firstImageMs, seriesMs: performance.now() - started, failures, bytes };
  } finally {
    getter.close();
  }
}

export async function measureCaseSwitch(
  target: CaseSwitchTarget,
  options: { followers?: number; parallel?: number; client?: CaseSwitchClient; headers?: Record<string, string> } = {},
): Promise<CaseSwitchResult> {
  const { followers = 20, parallel = 6, client = "fetch", headers = {} } = options;
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: followers }, () => follower(target, started, parallel, client, headers)));
  return {
    followers,
    client,
    allFirstImageMs: Math.max(...results.map((r) => r.firstImageMs)),
    allSeriesMs: Math.max(...results.map((r) => r.seriesMs)),
    medianSeriesMs: percentile(results.map((r) => r.seriesMs), 50),
    failures: results.reduce((n, r) => n + r.failures, 0),
    bytes: results.reduce((n, r) => n + r.bytes, 0),
  };
}
