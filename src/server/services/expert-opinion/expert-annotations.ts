/**
 * The outside expert's own annotation layer (issue 15): measurements the expert keeps on the shared images. Written
 * only with the session of the very link they belong to, while it is open; never mixed with the board's findings.
 * The board reads them with the case's second opinions (case-shares.ts), and draws them read-only on the images
 * (expertLayersForPatient below, the viewer's expert-layer.tsx).
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { isWorldPoint, type ExpertLayerAnnotation, type WorldPoint } from "@/domain/expert-opinion/expert-layer";
import { REFUSALS } from "@/domain/expert-opinion/share-rules";
import { recordAudit } from "../audit/record-audit";
import type { Actor, RequestSource } from "../db-types";
import { expertActor, expertSession } from "./expert-access";

export interface ExpertAnnotationInput {
  kind: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string | null;
  values: { name: string; value: number; unit: string }[];
  text: string;
  label: string;
  /** The tool's handles in patient (world) coordinates, for drawing; empty when the viewer gave none. */
  points?: WorldPoint[];
}

export interface ExpertAnnotationView extends ExpertLayerAnnotation {
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
        points: input.points ?? [],
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

export const NO_SUCH_ANNOTATION = "This annotation is not in your layer (any more).";

/**
 * Removes one annotation from the expert's own layer, with the same credentials as keeping it: the session of the very
 * link it belongs to, while that link is open. Another link's annotation is answered as one that does not exist.
 */
export async function deleteExpertAnnotation(
  db: PrismaClient,
  session: string | null,
  token: string,
  annotationId: string,
  source?: RequestSource,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const expert = await expertSession(db, session, token);
  if (!expert) return { ok: false, message: REFUSALS.sessionEnded };
  const actor = expertActor({ id: expert.shareId, expertEmail: expert.expertEmail }, source);
  return db.$transaction(async (tx) => {
    const { count } = await tx.expertAnnotation.deleteMany({ where: { id: annotationId, shareId: expert.shareId } });
    if (count === 0) {
      await recordAudit(tx, actor, { action: "expert-annotation.delete.denied", entityType: "ExpertAnnotation", entityId: annotationId.slice(0, 100), patientId: expert.patientId, reason: NO_SUCH_ANNOTATION, ground: null });
      return { ok: false as const, message: NO_SUCH_ANNOTATION };
    }
    await recordAudit(tx, actor, { action: "expert-annotation.delete", entityType: "ExpertAnnotation", entityId: annotationId, patientId: expert.patientId, ground: "EXPERT_SHARE", detail: { shareId: expert.shareId } });
    return { ok: true as const };
  });
}

/** One expert's layer as the board's viewer draws it. */
export interface ExpertLayer {
  shareId: string;
  expertName: string;
  annotations: (ExpertAnnotationView & { points: WorldPoint[] })[];
}

/**
 * The experts' layers on a patient's images, for a board member's viewer: the shares of cases on the reader's own
 * boards only (another board's second opinion stays with that board). Audited as a read of the patient's images.
 */
export async function expertLayersForPatient(db: PrismaClient, actor: Actor & { boardIds: readonly string[] }, patientId: string): Promise<ExpertLayer[]> {
  const shares = await db.expertShare.findMany({
    where: { case: { patientId, boardId: { in: [...actor.boardIds] } }, annotations: { some: {} } },
    orderBy: { createdAt: "asc" },
    select: { id: true, expertName: true, annotations: { orderBy: { createdAt: "asc" }, select: { ...VIEW, points: true } } },
  });
  const layers = shares.map((s) => ({
    shareId: s.id,
    expertName: s.expertName,
    annotations: s.annotations.map(({ points, ...a }) => ({ ...a, points: Array.isArray(points) ? points.filter(isWorldPoint) : [] })),
  }));
  await recordAudit(db, actor, {
    action: "expert-annotation.read",
    entityType: "Patient",
    entityId: patientId,
    patientId,
    detail: { layers: layers.length, annotations: layers.reduce((n, l) => n + l.annotations.length, 0) },
  });
  return layers;
}
