import type { PrismaClient } from "@/generated/prisma/client";

/** What of a case can be shared with an expert: the patient's studies and slides, and the board's latest recommendation. */
export async function listShareableMaterial(db: PrismaClient, caseId: string) {
  const kase = await db.case.findUniqueOrThrow({
    where: { id: caseId },
    select: {
      decisions: { orderBy: [{ version: "desc" }, { updatedAt: "desc" }], take: 1, select: { status: true, recommendation: true } },
      patient: {
        select: {
          imagingStudies: { orderBy: { studyDate: "desc" }, select: { studyInstanceUid: true, modality: true, description: true, studyDate: true } },
          slides: { where: { importStatus: "READY" }, orderBy: { acquiredAt: "desc" }, select: { id: true, label: true, stain: true } },
        },
      },
    },
  });
  return {
    studies: kase.patient.imagingStudies.map((s) => ({ studyInstanceUid: s.studyInstanceUid, label: `${s.modality} ${s.description} (${s.studyDate.toISOString().slice(0, 10)})`.trim() })),
    slides: kase.patient.slides.map((s) => ({ id: s.id, label: `${s.label} (${s.stain})` })),
    decision: kase.decisions[0] ?? null,
  };
}
