import { imageRegionsOf } from "@/domain/findings/image-region";
import { recordAudit } from "../audit/record-audit";
import type { Actor, Db } from "../db-types";
import type { Code, MeasurementValue, SlideRegion } from "./read-findings-file";

// Measurements and codes are JSON columns written by several importers: read them defensively.
function measurementsOf(value: unknown): MeasurementValue[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((m: unknown) => {
    if (!m || typeof m !== "object") return [];
    const { name, value: v, unit } = m as Record<string, unknown>;
    return typeof name === "string" && typeof v === "number" && Number.isFinite(v) && typeof unit === "string" ? [{ name, value: v, unit }] : [];
  });
}

function codeOf(value: unknown): Code | null {
  if (!value || typeof value !== "object") return null;
  const { code, scheme, meaning } = value as Record<string, unknown>;
  return typeof code === "string" && typeof scheme === "string" && typeof meaning === "string" ? { code, scheme, meaning } : null;
}

function regionOf(value: unknown): SlideRegion | null {
  if (!value || typeof value !== "object") return null;
  const { x, y, width, height } = value as Record<string, unknown>;
  return [x, y, width, height].every((n) => typeof n === "number" && Number.isFinite(n))
    ? { x: x as number, y: y as number, width: width as number, height: height as number }
    : null;
}

/** A patient's findings, newest first, with what the board needs to judge them: who or what made them, measurements, codes, references, review. */
export async function listPatientFindings(db: Db, actor: Actor, patientId: string) {
  const findings = await db.finding.findMany({
    where: { patientId },
    orderBy: [{ observedAt: "desc" }, { createdAt: "asc" }, { id: "asc" }],
    include: {
      author: { select: { name: true } },
      reviewedBy: { select: { name: true } },
      imagingStudy: { select: { studyInstanceUid: true } },
    },
  });

  await recordAudit(db, actor, { action: "finding.list", entityType: "Patient", entityId: patientId, patientId, detail: { count: findings.length } });

  return findings.map((f) => ({
    id: f.id,
    source: f.source,
    algorithmName: f.algorithmName,
    algorithmVersion: f.algorithmVersion,
    author: f.author?.name ?? null,
    kind: f.kind,
    description: f.description,
    observedAt: f.observedAt,
    measurements: measurementsOf(f.measurements),
    findingCode: codeOf(f.findingCode),
    findingSiteCode: codeOf(f.findingSiteCode),
    trackingId: f.trackingId,
    trackingUid: f.trackingUid,
    references: {
      imagingStudyId: f.imagingStudyId,
      studyInstanceUid: f.imagingStudy?.studyInstanceUid ?? null,
      seriesInstanceUid: f.seriesInstanceUid,
      sopInstanceUid: f.sopInstanceUid,
      frameNumber: f.frameNumber,
      slideId: f.slideId,
      slideRegion: regionOf(f.slideRegion),
      imageRegions: imageRegionsOf(f.imageRegions),
      sourceSopInstanceUid: f.sourceSopInstanceUid,
      segmentNumber: f.segmentNumber,
    },
    review: {
      state: f.review,
      reviewedBy: f.reviewedBy?.name ?? null,
      reviewedAt: f.reviewedAt,
      reason: f.reviewReason,
    },
  }));
}
