/**
 * What the fast path needs to serve an instance's frames, kept in memory per instance: its file, its patient (for
 * the audit), its transfer syntax and where its frames lie. A stored instance never changes; a moved or deleted one,
 * or a study that changed patient, is announced by the database (access events drop everything here at once).
 */
import { readFile } from "node:fs/promises";
import type { PrismaClient } from "@/generated/prisma/client";
import { accessCaches, currentGeneration } from "@/server/services/auth/access-caches";
import { frameRangesOfFile, parseFrameRanges, recordFrameRanges, type FrameRanges } from "@/server/services/imaging/frame-ranges";
import { imageStoreFromEnv, resolveInStore } from "@/server/services/imaging/image-store";

export interface StoredInstanceFrames {
  file: string;
  patientId: string;
  transferSyntaxUid: string;
  /** Null when the frames are not plain byte ranges of the file: the full route serves those. */
  ranges: FrameRanges | null;
}

const LIMIT = 50_000;
const KEY = Symbol.for("concilium.storedInstanceFrames");
const holder = globalThis as { [KEY]?: Map<string, StoredInstanceFrames> };
const instances = (holder[KEY] ??= new Map());

export function forgetStoredInstances(): void {
  instances.clear();
}

/** The instance as kept in memory, while access events are received (without them a deleted one would be remembered). */
export function storedInstanceFramesFromMemory(study: string, series: string, sop: string): StoredInstanceFrames | undefined {
  return accessCaches.live ? instances.get(`${study}/${series}/${sop}`) : undefined;
}

/** The instance of this study, series and SOP Instance UID, or null when there is none (the full route says so). */
export async function storedInstanceFrames(db: PrismaClient, study: string, series: string, sop: string): Promise<StoredInstanceFrames | null> {
  const known = storedInstanceFramesFromMemory(study, series, sop);
  if (known) return known;
  const key = `${study}/${series}/${sop}`;
  const since = currentGeneration();
  const row = await db.dicomInstance.findFirst({
    where: { sopInstanceUid: sop, series: { seriesInstanceUid: series, imagingStudy: { studyInstanceUid: study } } },
    select: { storagePath: true, transferSyntaxUid: true, frameRanges: true, series: { select: { imagingStudy: { select: { patientId: true } } } } },
  });
  if (!row) return null;
  const file = resolveInStore(imageStoreFromEnv(), row.storagePath);
  const ranges = parseFrameRanges(row.frameRanges) ?? (await backfillRanges(db, sop, file));
  const found = { file, patientId: row.series.imagingStudy.patientId, transferSyntaxUid: row.transferSyntaxUid, ranges };
  if (since === currentGeneration()) {
    if (instances.size >= LIMIT) instances.clear();
    instances.set(key, found);
  }
  return found;
}

/** Instances imported before ranges were recorded: computed from the file once, and recorded for every instance. */
async function backfillRanges(db: PrismaClient, sop: string, file: string): Promise<FrameRanges | null> {
  const bytes = await readFile(file).catch(() => null);
  if (!bytes) return null;
  const ranges = frameRangesOfFile(bytes);
  if (ranges) await recordFrameRanges(db, sop, ranges);
  return ranges;
}
