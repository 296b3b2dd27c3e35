// A small hostile upload: STOW-RS with 40,000 empty parts (about 400 KB). Measures how long the server takes to
// answer it (a 413 above the part limit) and what the login page costs other users meanwhile. Figures only.
import { percentile } from "./http";

export interface StowFloodFigures {
  parts: number;
  bodyBytes: number;
  /** The HTTP status, or what went wrong with the connection. */
  status: string;
  answerMs: number;
  loginBeforeMedianMs: number;
  loginDuringMs: number[];
}

async function timeLogin(base: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${base}/login`);
  await res.arrayBuffer();
  return performance.now() - started;
}

export async function measureStowFlood(base: string, cookie: string, parts = 40_000): Promise<StowFloodFigures> {
  const boundary = "flood";
  const body = Buffer.from(`${"--flood\r\n\r\n\r\n".repeat(parts)}--flood--\r\n`);
  const before: number[] = [];
  for (let i = 0; i < 10; i++) before.push(await timeLogin(base));

  // Other users keep asking for the login page, one request after the other, while the upload is being answered.
  let uploading = true;
  const during: number[] = [];
  const others = (async () => {
    while (uploading || during.length === 0) during.push(await timeLogin(base));
  })();
  const started = performance.now();
  let status: string;
  try {
    const res = await fetch(`${base}/api/dicomweb/studies`, {
      method: "POST",
      headers: { cookie, "Content-Type": `multipart/related; type="application/dicom"; boundary=${boundary}`, Accept: "application/dicom+json" },
      body,
    });
    await res.arrayBuffer();
    status = `HTTP ${res.status}`;
  } catch (error) {
    status = `no answer: ${(error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.message : "failed")}`;
  }
  const answerMs = performance.now() - started;
  uploading = false;
  await others;
  return { parts, bodyBytes: body.length, status, answerMs, loginBeforeMedianMs: percentile(before, 50), loginDuringMs: during };
}
