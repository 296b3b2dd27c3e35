/**
 * Audit of image reads over DICOMweb. Metadata, QIDO and whole-instance requests are audited one event per request.
 * Frames, rendered images and thumbnails come in bursts and are audited at most once per user, series and minute
 * (see ../audit/record-audit-throttled.ts).
 */
import { recordAudit } from "../audit/record-audit";
import { auditedWithinMinute, recordAuditOncePerMinute } from "../audit/record-audit-throttled";
import type { Actor, Db } from "../db-types";

export interface ReadTarget {
  patientId: string;
  studyInstanceUid: string;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  /** What was read, e.g. "study metadata", "frames". */
  resource: string;
}

function dicomwebReadEntry(target: ReadTarget) {
  return {
    action: "dicomweb.read",
    entityType: "ImagingStudy",
    entityId: target.studyInstanceUid,
    patientId: target.patientId,
    detail: { resource: target.resource, ...(target.seriesInstanceUid ? { seriesInstanceUid: target.seriesInstanceUid } : {}), ...(target.sopInstanceUid ? { sopInstanceUid: target.sopInstanceUid } : {}) },
  };
}

export async function auditDicomwebRead(db: Db, actor: Actor, target: ReadTarget) {
  await recordAudit(db, actor, dicomwebReadEntry(target));
}

/** Pixel reads: at most one event per user, series and minute. */
export async function auditImageRead(db: Db, actor: Actor, target: ReadTarget & { seriesInstanceUid: string }, now: number = Date.now()) {
  const entry = dicomwebReadEntry({ ...target, resource: `${target.resource} (first read this minute)` });
  await recordAuditOncePerMinute(db, actor, seriesThing(target.seriesInstanceUid), entry, now);
}

const seriesThing = (seriesInstanceUid: string) => `series:${seriesInstanceUid}`;

/** Whether auditImageRead would record nothing now (this user's pixel read of this series is audited this minute). */
export const imageReadAudited = (actorId: string, seriesInstanceUid: string, now: number = Date.now()) => auditedWithinMinute(actorId, seriesThing(seriesInstanceUid), now);
