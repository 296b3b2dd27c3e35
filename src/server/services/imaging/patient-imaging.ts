/** A patient's studies in the built-in store with their series: the viewer's series browser. */
import type { PrismaClient } from "@/generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../db-types";

export async function listPatientImaging(db: PrismaClient, actor: Actor, patientId: string) {
  const studies = await db.imagingStudy.findMany({
    where: { patientId },
    orderBy: [{ studyDate: "desc" }, { studyInstanceUid: "asc" }],
    select: {
      id: true,
      studyInstanceUid: true,
      studyDate: true,
      modality: true,
      description: true,
      accessionNumber: true,
      source: true,
      numberOfSeries: true,
      numberOfInstances: true,
      series: {
        orderBy: [{ seriesNumber: "asc" }, { seriesInstanceUid: "asc" }],
        select: { seriesInstanceUid: true, modality: true, seriesNumber: true, description: true, numberOfInstances: true },
      },
    },
  });
  await recordAudit(db, actor, { action: "imaging.read", entityType: "Patient", entityId: patientId, patientId, detail: { studies: studies.length } });
  return studies;
}
