// The case switch of a meeting: N followers open the same CT at the same moment. Each does what the viewer does over
// HTTP: the series metadata, then every frame, 6 requests at a time (a browser's connections per host).
import { percentile } from "./http";

export interface CaseSwitchTarget {
  /** Series metadata URL. */
  metadataUrl: string;
  /** Frame URL of each instance, in the series' order. */
  frameUrls: string[];
  headers: Record<string, string>;
}

export interface CaseSwitchResult {
  followers: number;
  /** When the last follower had its first image (ms after the switch). */
  allFirstImageMs: number;
  /** When the last follower had the whole series. */
  allSeriesMs: number;
  medianSeriesMs: number;
  failures: number;
}

const FRAME_ACCEPT = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';

async function follower(target: CaseSwitchTarget, started: number, parallel: number) {
  let failures = 0;
  const get = async (url: string, accept: string) => {
    try {
      const res = await fetch(url, { headers: { ...target.headers, Accept: accept } });
      await res.arrayBuffer();
      if (!res.ok) failures++;
    } catch {
      // A reset connection is a failure of the figure, not of the whole benchmark.
      failures++;
    }
  };
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
  return { firstImageMs, seriesMs: performance.now() - started, failures };
}

export async function measureCaseSwitch(target: CaseSwitchTarget, followers = 20, parallel = 6): Promise<CaseSwitchResult> {
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: followers }, () => follower(target, started, parallel)));
  return {
    followers,
    allFirstImageMs: Math.max(...results.map((r) => r.firstImageMs)),
    allSeriesMs: Math.max(...results.map((r) => r.seriesMs)),
    medianSeriesMs: percentile(results.map((r) => r.seriesMs), 50),
    failures: results.reduce((n, r) => n + r.failures, 0),
  };
}
