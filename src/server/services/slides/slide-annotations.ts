import type { AnnotationKind, PrismaClient } from "@/generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import type { Db } from "../db-types";
import { NOT_FOUND_MESSAGE, ServiceError } from "../errors";
import { freehandGeometrySchema, outsideImage, rectangleGeometrySchema, type AnnotationShape } from "./annotation-geometry";
import { SlidePermissionError, type SlideActor } from "./slide-actor";

export interface SlideAnnotationView {
  id: string;
  slideId: string;
  caseId: string | null;
  kind: AnnotationKind;
  label: string;
  geometry: AnnotationShape["geometry"];
  author: { id: string; name: string };
  createdAt: Date;
  /** The author or a chair may delete it. */
  canDelete: boolean;
}

const withAuthor = { author: { select: { id: true, name: true } } } as const;

function toView(
  actor: SlideActor,
  a: { id: string; slideId: string; caseId: string | null; kind: AnnotationKind; label: string; geometry: unknown; createdAt: Date; author: { id: string; name: string } },
): SlideAnnotationView {
  const geometry = a.kind === "RECTANGLE" ? rectangleGeometrySchema.parse(a.geometry) : freehandGeometrySchema.parse(a.geometry);
  return { ...a, geometry, canDelete: a.author.id === actor.id || actor.role === "CHAIR" };
}

/**
 * The case annotations are kept for: it must be about the slide's patient, and on one of the user's boards (the guard
 * only checked that the user may see the patient).
 */
async function checkCase(db: Db, actor: SlideActor, slide: { patientId: string }, caseId: string) {
  const kase = await db.case.findUnique({ where: { id: caseId }, select: { patientId: true, boardId: true } });
  // A case of another board is answered as one that does not exist, before anything else is said about it.
  if (!kase || !actor.boardIds.includes(kase.boardId)) throw new ServiceError("NOT_FOUND", NOT_FOUND_MESSAGE);
  if (kase.patientId !== slide.patientId) {
    throw new ServiceError("BAD_REQUEST", "This case is about another patient than the slide: open the slide from the patient's own case.", [
      { field: "caseId", message: "The case belongs to another patient." },
    ]);
  }
}

export async function listSlideAnnotations(db: Db, actor: SlideActor, input: { slideId: string; caseId?: string | null }): Promise<SlideAnnotationView[]> {
  const slide = await db.slide.findUniqueOrThrow({ where: { id: input.slideId }, select: { id: true, patientId: true } });
  let caseFilter: { caseId: string } | { OR: ({ caseId: null } | { caseId: { in: string[] } })[] };
  if (input.caseId) {
    await checkCase(db, actor, slide, input.caseId);
    caseFilter = { caseId: input.caseId };
  } else {
    // Without a case: the slide's unattached annotations and those of the user's boards' cases.
    const cases = await db.case.findMany({ where: { patientId: slide.patientId, boardId: { in: actor.boardIds } }, select: { id: true } });
    caseFilter = { OR: [{ caseId: null }, { caseId: { in: cases.map((c) => c.id) } }] };
  }
  const annotations = await db.slideAnnotation.findMany({ where: { slideId: slide.id, ...caseFilter }, include: withAuthor, orderBy: { createdAt: "asc" } });
  await recordAudit(db, actor, {
    action: "slide.annotation.list",
    entityType: "Slide",
    entityId: slide.id,
    patientId: slide.patientId,
    detail: { caseId: input.caseId ?? null, count: annotations.length },
  });
  return annotations.map((a) => toView(actor, a));
}

export type CreateAnnotationInput = { slideId: string; caseId: string; label: string } & AnnotationShape;

export async function createSlideAnnotation(db: PrismaClient, actor: SlideActor, input: CreateAnnotationInput): Promise<SlideAnnotationView> {
  return db.$transaction(async (tx) => {
    const slide = await tx.slide.findUniqueOrThrow({ where: { id: input.slideId }, select: { id: true, patientId: true, widthPx: true, heightPx: true } });
    await checkCase(tx, actor, slide, input.caseId);
    const outside = outsideImage(input, { width: slide.widthPx, height: slide.heightPx });
    if (outside) throw new ServiceError("BAD_REQUEST", outside, [{ field: "geometry", message: outside }]);
    const created = await tx.slideAnnotation.create({
      data: { slideId: slide.id, caseId: input.caseId, authorId: actor.id, kind: input.kind, label: input.label, geometry: input.geometry },
      include: withAuthor,
    });
    await recordAudit(tx, actor, {
      action: "slide.annotation.create",
      entityType: "SlideAnnotation",
      entityId: created.id,
      patientId: slide.patientId,
      detail: { slideId: slide.id, caseId: input.caseId, kind: input.kind },
    });
    return toView(actor, created);
  });
}

export async function deleteSlideAnnotation(db: PrismaClient, actor: SlideActor, input: { slideId: string; annotationId: string }) {
  return db.$transaction(async (tx) => {
    const annotation = await tx.slideAnnotation.findFirst({
      where: { id: input.annotationId, slideId: input.slideId },
      select: { id: true, authorId: true, caseId: true, slide: { select: { patientId: true } } },
    });
    if (!annotation) throw new ServiceError("NOT_FOUND", "No such annotation on this slide.");
    if (annotation.authorId !== actor.id && actor.role !== "CHAIR") {
      throw new SlidePermissionError("Only the author of an annotation or a chair may delete it.");
    }
    await tx.slideAnnotation.delete({ where: { id: annotation.id } });
    await recordAudit(tx, actor, {
      action: "slide.annotation.delete",
      entityType: "SlideAnnotation",
      entityId: annotation.id,
      patientId: annotation.slide.patientId,
      detail: { slideId: input.slideId, caseId: annotation.caseId },
    });
    return { id: annotation.id, deleted: true as const };
  });
}
