import { z } from "zod";
import { canAll, PERMISSIONS } from "@/domain/permissions";
import { CLINICAL_ROLES } from "@/domain/roles";
import { DEFAULT_SHARE_DAYS, MAX_SHARE_DAYS } from "@/domain/expert-opinion/share-rules";
import { mailConfig } from "@/integrations/mail/smtp";
import { listCaseShares, revokeShare } from "@/server/services/expert-opinion/case-shares";
import { expertLayersForPatient } from "@/server/services/expert-opinion/expert-annotations";
import { shareCase } from "@/server/services/expert-opinion/share-case";
import { listShareableMaterial } from "@/server/services/expert-opinion/shareable-material";
import { guardedProcedure, router } from "../trpc";
import { canSchema, id } from "./schemas";

const CASE_SCOPE = { via: "case", field: "caseId" } as const;
const ACTIONS = ["askExpert"] as const;
const uid = z.string().regex(/^[0-9.]{1,64}$/, "A DICOM UID is digits and dots.");

const shareOutput = z.object({
  id: z.string(),
  expertName: z.string(),
  expertEmail: z.string(),
  sharedBy: z.string(),
  createdAt: z.date(),
  expiresAt: z.date(),
  state: z.enum(["open", "revoked", "expired", "locked", "answered"]),
  identifiable: z.boolean(),
  studies: z.number().int(),
  slides: z.number().int(),
  opinion: z.object({ agreesWithPlan: z.boolean(), alternative: z.string(), reasons: z.string(), comment: z.string(), submittedAt: z.date() }).nullable(),
  annotations: z.array(z.object({ id: z.string(), kind: z.string(), text: z.string(), label: z.string(), createdAt: z.date() })),
});

export const expertOpinionRouter = router({
  /** The case's second-opinion links and answers, what can be shared, and whether this user may share. */
  forCase: guardedProcedure({ roles: CLINICAL_ROLES, scope: CASE_SCOPE })
    .input(z.object({ caseId: id }))
    .output(
      z.object({
        shares: z.array(shareOutput),
        material: z.object({
          studies: z.array(z.object({ studyInstanceUid: z.string(), label: z.string() })),
          slides: z.array(z.object({ id: z.string(), label: z.string() })),
          decision: z.object({ status: z.enum(["DRAFT", "SIGNED"]), recommendation: z.string() }).nullable(),
        }),
        emailConfigured: z.boolean(),
        defaultDays: z.number().int(),
        can: canSchema(ACTIONS),
      }),
    )
    .query(async ({ ctx, input }) => ({
      shares: await listCaseShares(ctx.db, input.caseId),
      material: await listShareableMaterial(ctx.db, input.caseId),
      emailConfigured: mailConfig() !== null,
      defaultDays: DEFAULT_SHARE_DAYS,
      can: canAll(ctx.user, ACTIONS, ctx.access.boardIds),
    })),

  /** Shares the case with an outside expert: e-mails them a link (no patient data in the mail). */
  share: guardedProcedure({ roles: PERMISSIONS.askExpert, scope: CASE_SCOPE })
    .input(
      z.object({
        caseId: id,
        expertName: z.string().trim().min(1, "Give the expert's name.").max(200),
        expertEmail: z.string().trim().max(254),
        question: z.string().trim().min(1, "Say what you ask the expert.").max(4000),
        studyInstanceUids: z.array(uid).max(50),
        slideIds: z.array(id).max(50),
        includeDecision: z.boolean(),
        identifiable: z.boolean().default(false),
        days: z.number().int().min(1).max(MAX_SHARE_DAYS).default(DEFAULT_SHARE_DAYS),
        origin: z.url({ protocol: /^https?$/, error: "origin is the address of this site." }).max(200),
      }),
    )
    .output(z.object({ id: z.string(), expiresAt: z.date() }))
    .mutation(({ ctx, input }) => shareCase(ctx.db, ctx.user, input, { origin: new URL(input.origin).origin })),

  /** The outside experts' own annotation layers on the patient's images, drawn read-only in the board's viewer. */
  layers: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "patient", field: "patientId" } })
    .input(z.object({ patientId: id }))
    .output(
      z.array(
        z.object({
          shareId: z.string(),
          expertName: z.string(),
          annotations: z.array(
            z.object({
              id: z.string(),
              kind: z.string(),
              text: z.string(),
              label: z.string(),
              studyInstanceUid: z.string(),
              seriesInstanceUid: z.string(),
              sopInstanceUid: z.string().nullable(),
              points: z.array(z.tuple([z.number(), z.number(), z.number()])),
              createdAt: z.date(),
            }),
          ),
        }),
      ),
    )
    .query(({ ctx, input }) => expertLayersForPatient(ctx.db, ctx.user, input.patientId)),

  /** Withdraws a link at once. */
  revoke: guardedProcedure({ roles: PERMISSIONS.askExpert, scope: CASE_SCOPE })
    .input(z.object({ caseId: id, shareId: id }))
    .output(z.object({ revokedAt: z.date() }))
    .mutation(({ ctx, input }) => revokeShare(ctx.db, ctx.user, input.caseId, input.shareId)),
});
