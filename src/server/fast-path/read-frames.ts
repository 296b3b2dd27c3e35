/** Frames read as byte ranges of the stored file: one open and one positioned read per run, nothing parsed. */
import { open } from "node:fs/promises";
import type { FrameRanges } from "@/server/services/imaging/frame-ranges";
import { cachedImage, keepImage } from "./image-bytes-cache";

/** The bytes of the given frames (1-based, within range), in order; from memory when recently read. */
export async function readFrameRanges(file: string, ranges: FrameRanges, frameNumbers: number[]): Promise<Buffer[]> {
  const kept = cachedFrames(file, frameNumbers);
  if (kept) return kept;
  const handle = await open(file, "r");
  try {
    const frames: Buffer[] = [];
    for (const n of frameNumbers) {
      const known = cachedImage(`frame:${file}#${n}`);
      if (known) {
        frames.push(known);
        continue;
      }
      const runs = ranges[n - 1]!;
      const size = runs.reduce((total, [, length]) => total + length, 0);
      const frame = Buffer.allocUnsafe(size);
      let at = 0;
      for (const [position, length] of runs) {
        const { bytesRead } = await handle.read(frame, at, length, position);
        if (bytesRead !== length) throw new Error("The image file is shorter than its recorded frames.");
        at += length;
      }
      frames.push(frame);
      keepImage(`frame:${file}#${n}`, frame);
    }
    return frames;
  } finally {
    await handle.close();
  }
}

/** The given frames of this file when every one of them was read recently; undefined otherwise. */
export function cachedFrames(file: string, frameNumbers: number[]): Buffer[] | undefined {
  const kept = frameNumbers.map((n) => cachedImage(`frame:${file}#${n}`));
  return kept.every((frame): frame is Buffer => frame !== undefined) ? kept : undefined;
}
