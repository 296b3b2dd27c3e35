/**
 * The outside expert's own annotation layer (issue 15): measurements the expert keeps on the shared images. Written
 * only with the session of the very link they belong to, while it is open; never mixed with the board's findings.
 * The board reads them with the case's second opinions (case-shares.ts).
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { REFUSALS } from "@/domain/expert-opinion/share-rules";
import { recordAudit } from "../audit/record-audit";
import type { RequestSource } from "../db-types";
import { expertActor, expertSession } from "./expert-access";

export interface ExpertAnnotationInput {
  kind: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string | null;
  values: { name: string; value: number; unit: string }[];
  text: string;
  label: string;
}

export interface ExpertAnnotationView {
  id: string;
  kind: string;
  text: string;
  label: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string | null;
  createdAt: Date;
}

const VIEW = { id: true, kind: true, text: true, label: true, studyInstanceUid: true, seriesInstanceUid: true, sopInstanceUid: true, createdAt: true } as const;

export const NOT_SHARED_STUDY = "These images were not shared with you.";

/**
 * Keeps one annotation in the expert's layer. `session` is the expert's cookie and `token` the link in the address:
 * both must name the same open share, so another link's expert, a withdrawn link and a board member (who has no
 * expert session) are all refused.
 */
export async function keepExpertAnnotation(
  db: PrismaClient,
  session: string | null,
  token: string,
  input: ExpertAnnotationInput,
  source?: RequestSource,
): Promise<{ ok: true; annotation: ExpertAnnotationView } | { ok: false; message: string }> {
  const expert = await expertSession(db, session, token);
  if (!expert) return { ok: false, message: REFUSALS.sessionEnded };
  const actor = expertActor({ id: expert.shareId, expertEmail: expert.expertEmail }, source);
  if (!expert.studyInstanceUids.includes(input.studyInstanceUid)) {
    await recordAudit(db, actor, { action: "expert-annotation.create.denied", entityType: "ExpertShare", entityId: expert.shareId, patientId: expert.patientId, reason: NOT_SHARED_STUDY, ground: null });
    return { ok: false, message: NOT_SHARED_STUDY };
  }
  const annotation = await db.$transaction(async (tx) => {
    const created = await tx.expertAnnotation.create({
      data: {
        shareId: expert.shareId,
        kind: input.kind,
        studyInstanceUid: input.studyInstanceUid,
        seriesInstanceUid: input.seriesInstanceUid,
        sopInstanceUid: input.sopInstanceUid,
        values: input.values,
        text: input.text.trim(),
        label: input.label.trim(),
      },
      select: VIEW,
    });
    await recordAudit(tx, actor, {
      action: "expert-annotation.create",
      entityType: "ExpertAnnotation",
      entityId: created.id,
      patientId: expert.patientId,
      ground: "EXPERT_SHARE",
      detail: { shareId: expert.shareId, kind: input.kind, studyInstanceUid: input.studyInstanceUid },
    });
    return created;
  });
  return { ok: true, annotation };
}

/** The expert's layer of one share, oldest first. */
export async function listExpertAnnotations(db: PrismaClient, shareId: string): Promise<ExpertAnnotationView[]> {
  return db.expertAnnotation.findMany({ where: { shareId }, orderBy: { createdAt: "asc" }, select: VIEW });
}
