import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { CLINICAL_ROLES } from "@/domain/roles";
import { freehandGeometrySchema, rectangleGeometrySchema } from "@/server/services/slides/annotation-geometry";
import { getImportStatus, getSlide, listPatientSlides } from "@/server/services/slides/read-slides";
import { SlidePermissionError } from "@/server/services/slides/slide-actor";
import { createSlideAnnotation, deleteSlideAnnotation, listSlideAnnotations } from "@/server/services/slides/slide-annotations";
import { guardedProcedure, router } from "../trpc";
import { id, patientHeaderSchema } from "./schemas";

const slideFormatSchema = z.enum(["APERIO_SVS", "TIFF", "DICOM_WSI"]);
const importStatusSchema = z.enum(["PENDING", "CONVERTING", "READY", "FAILED"]);
const annotationKindSchema = z.enum(["RECTANGLE", "FREEHAND"]);

const slideSummary = z.object({
  id: z.string(),
  patientId: z.string(),
  label: z.string(),
  specimen: z.string(),
  stain: z.string(),
  format: slideFormatSchema,
  widthPx: z.number().int(),
  heightPx: z.number().int(),
  micronsPerPixel: z.number().nullable(),
  acquiredAt: z.date(),
  importStatus: importStatusSchema,
  importProgress: z.number().min(0).max(1),
  importError: z.string().nullable(),
  createdAt: z.date(),
});

const tileLevelSchema = z.object({
  level: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  tileWidth: z.number().int(),
  tileHeight: z.number().int(),
  tilesAcross: z.number().int(),
  tilesDown: z.number().int(),
});

const tileLayoutSchema = z.object({
  width: z.number().int(),
  height: z.number().int(),
  overlap: z.number().int(),
  format: z.literal("jpeg"),
  minLevel: z.number().int(),
  maxLevel: z.number().int(),
  levels: z.array(tileLevelSchema),
});

const slideDetail = slideSummary.extend({
  patient: patientHeaderSchema,
  tiles: tileLayoutSchema.nullable(),
  cases: z.array(z.object({ id: z.string(), boardName: z.string(), clinicalQuestion: z.string(), createdAt: z.date() })),
});

const annotationSchema = z.object({
  id: z.string(),
  slideId: z.string(),
  caseId: z.string().nullable(),
  kind: annotationKindSchema,
  label: z.string(),
  geometry: z.union([rectangleGeometrySchema, freehandGeometrySchema]),
  author: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.date(),
  canDelete: z.boolean(),
});

const label = z.string().trim().max(200, "Keep the label under 200 characters.");
const annotationTarget = { slideId: id, caseId: id, label };
const createAnnotationInput = z.discriminatedUnion("kind", [
  z.object({ ...annotationTarget, kind: z.literal("RECTANGLE"), geometry: rectangleGeometrySchema }),
  z.object({ ...annotationTarget, kind: z.literal("FREEHAND"), geometry: freehandGeometrySchema }),
]);

export type SlideDetailOutput = z.infer<typeof slideDetail>;
export type SlideAnnotationOutput = z.infer<typeof annotationSchema>;

const viaSlide = { roles: CLINICAL_ROLES, scope: { via: "slide", field: "slideId" } } as const;

/** The slide services refuse someone else's annotation with SlidePermissionError: that is FORBIDDEN to the client. */
async function asPermission<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof SlidePermissionError) throw new TRPCError({ code: "FORBIDDEN", message: error.message, cause: error });
    throw error;
  }
}

export const slideRouter = router({
  get: guardedProcedure(viaSlide)
    .input(z.object({ slideId: id }))
    .output(slideDetail)
    .query(({ ctx, input }) => getSlide(ctx.db, ctx.user, input.slideId)),

  listForPatient: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "patient", field: "patientId" } })
    .input(z.object({ patientId: id }))
    .output(z.object({ patient: patientHeaderSchema, slides: z.array(slideSummary) }))
    .query(({ ctx, input }) => listPatientSlides(ctx.db, ctx.user, input.patientId)),

  importStatus: guardedProcedure(viaSlide)
    .input(z.object({ slideId: id }))
    .output(z.object({ id: z.string(), importStatus: importStatusSchema, importProgress: z.number().min(0).max(1), importError: z.string().nullable() }))
    .query(({ ctx, input }) => getImportStatus(ctx.db, input.slideId)),

  annotations: router({
    list: guardedProcedure(viaSlide)
      .input(z.object({ slideId: id, caseId: id.nullish() }))
      .output(z.array(annotationSchema))
      .query(({ ctx, input }) => asPermission(() => listSlideAnnotations(ctx.db, ctx.user, input))),

    create: guardedProcedure(viaSlide)
      .input(createAnnotationInput)
      .output(annotationSchema)
      .mutation(({ ctx, input }) => asPermission(() => createSlideAnnotation(ctx.db, ctx.user, input))),

    delete: guardedProcedure(viaSlide)
      .input(z.object({ slideId: id, annotationId: id }))
      .output(z.object({ id: z.string(), deleted: z.literal(true) }))
      .mutation(({ ctx, input }) => asPermission(() => deleteSlideAnnotation(ctx.db, ctx.user, input))),
  }),
});
