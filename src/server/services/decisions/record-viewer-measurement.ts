import type { Prisma } from "@/generated/prisma/client";
import type { Actor, Db } from "../db-types";
import { ServiceError } from "../errors";
import { recordAudit } from "../audit/record-audit";

export interface ViewerMeasurement {
  patientId: string;
  studyInstanceUid: string;
  seriesInstanceUid: string | null;
  sopInstanceUid: string | null;
  frameNumber: number | null;
  /** What was measured, e.g. "Lung nodule". */
  kind: string;
  description: string;
  measurements: { name: string; value: number; unit: string }[];
}

/** A measurement a person made in the viewer, kept as a PERSON finding so that decision summaries pull it in. */
export async function recordViewerMeasurement(db: Db, actor: Actor, input: ViewerMeasurement) {
  const study = await db.imagingStudy.findUnique({ where: { studyInstanceUid: input.studyInstanceUid }, select: { id: true, patientId: true } });
  if (!study || study.patientId !== input.patientId) throw new ServiceError("NOT_FOUND", "That study is not one of this patient's.");
  const finding = await db.finding.create({
    data: {
      patientId: input.patientId,
      source: "PERSON",
      authorId: actor.id,
      kind: input.kind,
      description: input.description,
      measurements: input.measurements as unknown as Prisma.InputJsonValue,
      imagingStudyId: study.id,
      seriesInstanceUid: input.seriesInstanceUid,
      sopInstanceUid: input.sopInstanceUid,
      frameNumber: input.frameNumber,
      observedAt: new Date(),
    },
  });
  await recordAudit(db, actor, { action: "finding.create", entityType: "Finding", entityId: finding.id, patientId: input.patientId, detail: { source: "PERSON" } });
  return { id: finding.id };
}
