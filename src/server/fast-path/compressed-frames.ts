/**
 * Single-frame WADO-RS answers kept gzipped beside the frame's bytes (./image-bytes-cache.ts), for clients that accept
 * gzip (every browser: fetch and XHR decode it transparently). An uncompressed CT slice (16-bit) halves, which halves
 * what a room of followers pulls through the server's network at a case switch. The first reads of a frame are
 * answered uncompressed while it is compressed off the event loop; later reads get the kept
 * gzip. Only native (uncompressed) frames: JPEG and friends do not shrink.
 * Compression is background work that competes with serving for the same cores, so it is kept small: only for a
 * client that accepts gzip (a frame read only by clients that cannot take gzip is never compressed), one frame at a
 * time (the other core keeps serving), and at most QUEUED frames waiting (more are compressed on a later read).
 */
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { newBoundary } from "@/integrations/dicomweb/multipart";
import { cachedImage, imageCacheGeneration, keepImage } from "./image-bytes-cache";

/** One boundary for the kept answers of this process, so that an answer can be compressed once and sent to all. */
export const KEPT_ANSWER_BOUNDARY = newBoundary();
const BOUNDARY_BYTES = Buffer.from(KEPT_ANSWER_BOUNDARY, "latin1");
const gzipAsync = promisify(gzip);
const AT_ONCE = 1;
const QUEUED = 64;

const queue: (() => Promise<void>) [] = [];
const pending = new Set<string>();
let running = 0;

/** The parts of a one-frame multipart/related answer with the given part type and boundary. */
export function oneFrameAnswer(frame: Buffer, partContentType: string, boundary: string): Buffer[] {
  return [Buffer.from(`--${boundary}\r\nContent-Type: ${partContentType}\r\n\r\n`, "latin1"), frame, Buffer.from(`\r\n--${boundary}--\r\n`, "latin1")];
}

const keyOf = (frameKey: string, partContentType: string) => `gzip:${partContentType}:${frameKey}`;

/** The kept gzipped answer (boundary KEPT_ANSWER_BOUNDARY) of this frame, if it is ready. */
export function gzippedFrameAnswer(frameKey: string, partContentType: string): Buffer | undefined {
  return cachedImage(keyOf(frameKey, partContentType));
}

/** Compresses this frame's answer in the background, unless it is kept or under way already. */
export function compressFrameLater(frameKey: string, partContentType: string, frame: Buffer): void {
  const key = keyOf(frameKey, partContentType);
  if (pending.has(key) || queue.length >= QUEUED || cachedImage(key)) return;
  // A frame that holds the boundary cannot be framed by it: it is always sent uncompressed, with a fresh one.
  if (frame.includes(BOUNDARY_BYTES)) return;
  pending.add(key);
  const since = imageCacheGeneration();
  queue.push(async () => {
    try {
      const packed = await gzipAsync(Buffer.concat(oneFrameAnswer(frame, partContentType, KEPT_ANSWER_BOUNDARY)), { level: 4 });
      if (since === imageCacheGeneration()) keepImage(key, packed);
    } finally {
      pending.delete(key);
    }
  });
  drain();
}

function drain() {
  while (running < AT_ONCE && queue.length) {
    const job = queue.shift()!;
    running += 1;
    void job()
      .catch(() => undefined)
      .finally(() => {
        running -= 1;
        drain();
      });
  }
}

/** Resolves once no compression is queued or running (tests). */
export async function compressionSettled(): Promise<void> {
  while (running || queue.length) await new Promise((resolve) => setTimeout(resolve, 5));
}
