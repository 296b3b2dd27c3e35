/**
 * Audit of image reads over DICOMweb. Metadata, QIDO and whole-instance requests are audited one event per request.
 * Frames, rendered images and thumbnails are not: a viewer fetches them one by one, hundreds per series, and an event
 * each would flood the audit log and drown the reads that matter. They are audited at most once per user, series and
 * minute (per server process), which still records who looked at which patient's images and when.
 */
import { recordAudit } from "../audit/record-audit";
import type { Actor, Db } from "../db-types";

export const IMAGE_READ_WINDOW_MS = 60_000;
const lastImageRead = new Map<string, number>();

export interface ReadTarget {
  patientId: string;
  studyInstanceUid: string;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  /** What was read, e.g. "study metadata", "frames". */
  resource: string;
}

export async function auditDicomwebRead(db: Db, actor: Actor, target: ReadTarget) {
  await recordAudit(db, actor, {
    action: "dicomweb.read",
    entityType: "ImagingStudy",
    entityId: target.studyInstanceUid,
    patientId: target.patientId,
    detail: { resource: target.resource, ...(target.seriesInstanceUid ? { seriesInstanceUid: target.seriesInstanceUid } : {}), ...(target.sopInstanceUid ? { sopInstanceUid: target.sopInstanceUid } : {}) },
  });
}

/** Pixel reads: at most one event per user, series and minute. */
export async function auditImageRead(db: Db, actor: Actor, target: ReadTarget & { seriesInstanceUid: string }, now: number = Date.now()) {
  const key = `${actor.id}|${target.seriesInstanceUid}`;
  const last = lastImageRead.get(key);
  if (last !== undefined && now - last < IMAGE_READ_WINDOW_MS) return;
  lastImageRead.set(key, now);
  if (lastImageRead.size > 10_000) {
    for (const [k, at] of lastImageRead) if (now - at >= IMAGE_READ_WINDOW_MS) lastImageRead.delete(k);
  }
  await auditDicomwebRead(db, actor, { ...target, resource: `${target.resource} (first read this minute)` });
}
