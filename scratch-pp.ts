import { Agent, request } from "node:http";
import path from "node:path";
import { startBenchOrthanc, PACS_BENCH_STUDY_UID } from "./bench/pacs-proxy";
import { framesNearestMiddleFirst, VIEWER_FRAME_ACCEPT } from "@/server/fast-path/pacs-frames";
import { keepAliveAsAnnounced } from "@/integrations/pacs/keep-alive-agent";

const lidcDir = path.join(process.env.DEMO_DATA_DIR ?? "/work/shared/data", "radiology", "lidc-idri-0001");
const orthanc = await startBenchOrthanc(lidcDir);
const auth = `Basic ${Buffer.from(`${orthanc.username}:${orthanc.password}`).toString("base64")}`;
function get(url: string, headers: Record<string, string>, agent: Agent): Promise<{ ms: number; ttfb: number; bytes: number; body: Buffer }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    request(url, { headers, agent }, (res) => {
      const ttfb = performance.now() - t0;
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on("data", (c: Buffer) => { bytes += c.length; if (chunks.length < 10000 && headers.Accept?.includes("json")) chunks.push(c); });
      res.on("end", () => resolve({ ms: performance.now() - t0, ttfb, bytes, body: Buffer.concat(chunks) }));
    }).on("error", reject).end();
  });
}
const json = async (url: string) => (await fetch(url, { headers: { Authorization: auth, Accept: "application/dicom+json" } })).json() as Promise<Record<string, { Value: string[] }>[]>;
for (const suffix of [".1", ".2", ".3", ".4", ".5", ".6"]) {
  const study = PACS_BENCH_STUDY_UID + suffix;
  const series = (await json(`${orthanc.dicomwebUrl}/studies/${study}/series`))[0]!["0020000E"]!.Value[0]!;
  const agent = keepAliveAsAnnounced(new Agent({ keepAlive: true, maxSockets: 6 }));
  if (suffix === ".1" || suffix === ".4") {
    const meta = await get(`${orthanc.dicomwebUrl}/studies/${study}/series/${series}/metadata`, { Authorization: auth, Accept: "application/dicom+json" }, agent);
    const queue = framesNearestMiddleFirst(JSON.parse(meta.body.toString()));
    const t0 = performance.now();
    let first = 0;
    await Promise.all(Array.from({ length: 6 }, async () => { for (let n = queue.shift(); n; n = queue.shift()) { await get(`${orthanc.dicomwebUrl}/studies/${study}/series/${series}/instances/${n.sop}/frames/1`, { Authorization: auth, Accept: VIEWER_FRAME_ACCEPT }, agent); first ||= performance.now() - t0; } }));
    console.log(suffix, "viewer direct: metadata", meta.ms.toFixed(0), "first", first.toFixed(0), "all frames after metadata", (performance.now() - t0).toFixed(0));
  } else {
    const meta = await get(`${orthanc.dicomwebUrl}/studies/${study}/series/${series}/metadata`, { Authorization: auth, Accept: "application/dicom+json" }, agent);
    const r = await get(`${orthanc.dicomwebUrl}/studies/${study}/series/${series}`, { Authorization: auth, Accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' }, agent);
    const r2 = await get(`${orthanc.dicomwebUrl}/studies/${study}/series/${series}`, { Authorization: auth, Accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' }, agent);
    console.log(suffix, "metadata", meta.ms.toFixed(0), "series read: ttfb", r.ttfb.toFixed(0), "end", r.ms.toFixed(0), (r.bytes / 1e6).toFixed(1), "MB; again", r2.ttfb.toFixed(0), r2.ms.toFixed(0));
  }
}
await orthanc.stop();
