import { z } from "zod";
import { GRAPHIC_TYPES } from "@/domain/findings/image-region";
import { FINDING_REVIEWERS } from "@/domain/permissions";
import { CLINICAL_ROLES } from "@/domain/roles";
import { MAX_IMPORT_BASE64_LENGTH, MAX_IMPORT_FILE_LABEL } from "@/integrations/findings-json/import-limits";
import { importFindings } from "@/server/services/findings/import-findings";
import { listPatientFindings } from "@/server/services/findings/list-patient-findings";
import { recordViewerMeasurement } from "@/server/services/decisions/record-viewer-measurement";
import { REJECTION_NEEDS_REASON, reviewFinding } from "@/server/services/findings/review-finding";
import { guardedProcedure, router } from "../trpc";
import { id, reviewSchema } from "./schemas";

/** Who judges findings for the board: the clinicians who present and chair, not the coordinator or the administrator. */

const codeSchema = z.object({ code: z.string(), scheme: z.string(), meaning: z.string() });

const findingSchema = z.object({
  id: z.string(),
  source: z.enum(["AI", "PERSON"]),
  algorithmName: z.string().nullable(),
  algorithmVersion: z.string().nullable(),
  author: z.string().nullable(),
  kind: z.string(),
  description: z.string(),
  observedAt: z.date(),
  measurements: z.array(z.object({ name: z.string(), value: z.number(), unit: z.string() })),
  findingCode: codeSchema.nullable(),
  findingSiteCode: codeSchema.nullable(),
  trackingId: z.string().nullable(),
  trackingUid: z.string().nullable(),
  references: z.object({
    imagingStudyId: z.string().nullable(),
    studyInstanceUid: z.string().nullable(),
    seriesInstanceUid: z.string().nullable(),
    sopInstanceUid: z.string().nullable(),
    frameNumber: z.number().int().nullable(),
    slideId: z.string().nullable(),
    slideRegion: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }).nullable(),
    imageRegions: z.array(
      z.object({
        sopInstanceUid: z.string(),
        graphicType: z.enum(GRAPHIC_TYPES),
        points: z.array(z.number()),
        label: z.string().optional(),
      }),
    ),
    sourceSopInstanceUid: z.string().nullable(),
    segmentNumber: z.number().int().nullable(),
  }),
  review: z.object({ state: reviewSchema, reviewedBy: z.string().nullable(), reviewedAt: z.date().nullable(), reason: z.string().nullable() }),
});

export type PatientFinding = z.infer<typeof findingSchema>;

const importInput = z.object({
  patientId: id,
  kind: z.enum(["sr", "seg", "json"]),
  payloadBase64: z
    .base64("The file did not arrive intact (its base64 encoding is damaged); choose it again.")
    .min(1, "Choose a file to import.")
    .max(MAX_IMPORT_BASE64_LENGTH, `The file is larger than ${MAX_IMPORT_FILE_LABEL}, the most one import takes.`),
});

const reviewInput = z
  .object({
    patientId: id,
    findingId: id,
    decision: z.enum(["ACCEPTED", "REJECTED"]),
    reason: z.string().trim().max(2000).optional(),
  })
  .refine((r) => r.decision !== "REJECTED" || !!r.reason, { message: REJECTION_NEEDS_REASON, path: ["reason"] });

export const findingRouter = router({
  listForPatient: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "patient", field: "patientId" } })
    .input(z.object({ patientId: id }))
    .output(z.array(findingSchema))
    .query(({ ctx, input }) => listPatientFindings(ctx.db, ctx.user, input.patientId)),

  import: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "patient", field: "patientId" } })
    .input(importInput)
    .output(
      z.object({
        patientId: z.string(),
        imagingStudyId: z.string().nullable(),
        slideId: z.string().nullable(),
        sourceSopInstanceUid: z.string(),
        created: z.number().int(),
        alreadyPresent: z.number().int(),
        createdFindingIds: z.array(z.string()),
      }),
    )
    .mutation(({ ctx, input }) =>
      importFindings(ctx.db, ctx.user, { kind: input.kind, bytes: Buffer.from(input.payloadBase64, "base64"), patientId: input.patientId }),
    ),

  review: guardedProcedure({ roles: FINDING_REVIEWERS, scope: { via: "patient", field: "patientId" } })
    .input(reviewInput)
    .output(z.object({ id: z.string(), review: reviewSchema, reviewedAt: z.date(), reviewedBy: z.string().nullable(), reason: z.string().nullable() }))
    .mutation(({ ctx, input }) => reviewFinding(ctx.db, ctx.user, input)),

  /** A length or ROI measured in the viewer, kept as a PERSON finding for decision summaries. */
  recordMeasurement: guardedProcedure({ roles: FINDING_REVIEWERS, scope: { via: "patient", field: "patientId" } })
    .input(
      z.object({
        patientId: id,
        studyInstanceUid: z.string().min(1).max(64),
        seriesInstanceUid: z.string().max(64).nullable(),
        sopInstanceUid: z.string().max(64).nullable(),
        frameNumber: z.number().int().min(1).nullable(),
        kind: z.string().trim().min(1, "Say what was measured.").max(200),
        description: z.string().trim().max(2000).default(""),
        measurements: z.array(z.object({ name: z.string().trim().min(1).max(100), value: z.number().finite(), unit: z.string().max(40) })).min(1, "Give at least one measurement.").max(20),
      }),
    )
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => recordViewerMeasurement(ctx.db, ctx.user, input)),
});
