/**
 * Where each frame lies in a stored Part 10 file ([position, length] runs), recorded on the DicomInstance row so that
 * a frame is served as a positioned read of the file, without reading and parsing the whole file per request.
 */
import type { Prisma } from "@/generated/prisma/client";
import { frameByteRanges, parseStoredInstance, type ByteRange } from "@/integrations/dicomweb/pixel-data";
import type { Db } from "../db-types";

export type FrameRanges = ByteRange[][];

/** The frames' byte ranges of a file, or null when they cannot be served as plain ranges (the parser serves them). */
export function frameRangesOfFile(bytes: Uint8Array): FrameRanges | null {
  try {
    return frameByteRanges(parseStoredInstance(bytes));
  } catch {
    return null;
  }
}

/** Reads the stored JSON column back, refusing anything that is not a list of [position, length] runs per frame. */
export function parseFrameRanges(value: unknown): FrameRanges | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  for (const frame of value) {
    if (!Array.isArray(frame) || frame.length === 0) return null;
    for (const run of frame) {
      if (!Array.isArray(run) || run.length !== 2 || !Number.isSafeInteger(run[0]) || !Number.isSafeInteger(run[1]) || run[0] < 0 || run[1] < 0) return null;
    }
  }
  return value as FrameRanges;
}

/** Records the ranges of an instance imported before they were kept at import (lazy backfill). */
export async function recordFrameRanges(db: Db, sopInstanceUid: string, ranges: FrameRanges): Promise<void> {
  await db.dicomInstance.updateMany({ where: { sopInstanceUid }, data: { frameRanges: ranges as unknown as Prisma.InputJsonValue } });
}
