import { z } from "zod";
import { MODALITIES } from "@/domain/decisions/catalogue";
import { PERMISSIONS } from "@/domain/permissions";
import { CLINICAL_ROLES } from "@/domain/roles";
import { STAGING_SITES } from "@/domain/staging/tnm";
import { correctDecision } from "@/server/services/decisions/correct-decision";
import { getDecisionWorkspace, pullDecisionMeasurements } from "@/server/services/decisions/get-decision-workspace";
import { saveDecision } from "@/server/services/decisions/save-decision";
import { signDecision } from "@/server/services/decisions/sign-decision";
import type { AccessPolicy } from "../access";
import { guardedProcedure, router } from "../trpc";
import { decisionStatusSchema, id, intentSchema, roleSchema, specialtySchema, tnmPrefixSchema } from "./schemas";

const category = z.string().trim().max(20).nullable().transform((v) => v || null);
const optionalText = (max: number) => z.string().trim().max(max).nullable().transform((v) => v || null);
const text = (max: number) => z.string().trim().max(max);

const measurementLine = z.object({ findingId: z.string().nullable().optional(), label: z.string().max(300), value: z.number().finite(), unit: z.string().max(40) });

/** The recorded fields of a decision, for input and output alike. */
export const decisionContentSchema = z.object({
  tnmPrefix: tnmPrefixSchema.nullable(),
  tCategory: category,
  nCategory: category,
  mCategory: category,
  stageGroup: category,
  stageGroupOverrideReason: optionalText(1000),
  histology: text(200),
  grade: category,
  ecog: z.number().int().min(0, "ECOG is a whole number from 0 to 5.").max(5, "ECOG is a whole number from 0 to 5.").nullable(),
  biomarkers: z.array(z.object({ marker: z.string().max(40), value: z.string().max(100), method: z.string().max(100).optional() })).max(30),
  intent: intentSchema,
  modalities: z.array(z.enum(MODALITIES)).max(MODALITIES.length).transform((m) => [...new Set(m)]),
  trialIdentifier: optionalText(40),
  sequence: text(1000),
  recommendation: text(4000),
  guidelineConcordant: z.boolean().nullable(),
  guidelineDeviationReason: optionalText(2000),
  rationale: text(4000),
  dissents: z.array(z.object({ userId: z.string().nullable().optional(), name: z.string().trim().min(1, "Name who dissented.").max(200), specialty: z.string().max(60).nullable().optional(), opinion: z.string().trim().min(1, "Write the dissenting opinion.").max(2000) })).max(20),
  measurementSummary: z.array(measurementLine).max(100),
});

const decisionRef = z.object({ id: z.string(), version: z.number().int(), status: decisionStatusSchema, revision: z.number().int() });
const change = z.object({ field: z.string(), label: z.string(), before: z.string(), after: z.string() });

const workspace = z.object({
  caseId: z.string(),
  site: z.enum(STAGING_SITES).nullable(),
  versions: z.array(
    z.object({
      id: z.string(),
      version: z.number().int(),
      status: decisionStatusSchema,
      revision: z.number().int(),
      meetingId: z.string().nullable(),
      meetingStartsAt: z.date().nullable(),
      content: decisionContentSchema,
      recordedBy: z.string(),
      createdAt: z.date(),
      updatedAt: z.date(),
      signedBy: z.string().nullable(),
      signedAt: z.date().nullable(),
      correctionReason: z.string().nullable(),
      /** Null outside a meeting. */
      quorate: z.boolean().nullable(),
      quorumMissing: z.array(specialtySchema),
      quorumOverrideReason: z.string().nullable(),
      /** The day the case was discussed (see domain/meetings/meeting-day.ts). */
      discussedOn: z.date(),
      changes: z.array(change),
    }),
  ),
  prefill: z.object({ decisionId: z.string(), fromCaseId: z.string(), version: z.number().int(), decidedAt: z.date(), content: decisionContentSchema }).nullable(),
  members: z.array(z.object({ id: z.string(), name: z.string(), role: roleSchema, specialty: specialtySchema.nullable() })),
  measurements: z.array(measurementLine),
  referralEcog: z.number().int().nullable(),
});

export type DecisionWorkspace = z.infer<typeof workspace>;
export type DecisionContentInput = z.input<typeof decisionContentSchema>;

/** Who may do what with a case's decision: the guard enforces these, and screens offer actions from them. */
export const DECISION_POLICIES = {
  workspace: { roles: CLINICAL_ROLES, scope: { via: "case", field: "caseId" } },
  save: { roles: PERMISSIONS.recordDecision, scope: { via: "case", field: "caseId" } },
  sign: { roles: PERMISSIONS.sign, scope: { via: "decision", field: "decisionId" } },
  correct: { roles: PERMISSIONS.correct, scope: { via: "decision", field: "decisionId" } },
  measurements: { roles: CLINICAL_ROLES, scope: { via: "case", field: "caseId" } },
} as const satisfies Record<string, AccessPolicy>;

export const decisionRouter = router({
  workspace: guardedProcedure(DECISION_POLICIES.workspace)
    .input(z.object({ caseId: id }))
    .output(workspace)
    .query(({ ctx, input }) => getDecisionWorkspace(ctx.db, ctx.user, input.caseId)),

  save: guardedProcedure(DECISION_POLICIES.save)
    .input(
      z.object({
        caseId: id,
        meetingId: id.nullable(),
        decisionId: id.nullable(),
        expectedRevision: z.number().int().min(0),
        content: decisionContentSchema,
      }),
    )
    .output(decisionRef.extend({ savedAt: z.date() }))
    .mutation(({ ctx, input }) => saveDecision(ctx.db, ctx.user, input)),

  sign: guardedProcedure(DECISION_POLICIES.sign)
    .input(
      z.object({
        decisionId: id,
        expectedRevision: z.number().int().min(0).optional(),
        /** Required when the quorum is not met: why the chair signs anyway. */
        withoutQuorumReason: z.string().trim().max(2000).optional(),
      }),
    )
    .output(decisionRef)
    .mutation(({ ctx, input }) => signDecision(ctx.db, ctx.user, input)),

  correct: guardedProcedure(DECISION_POLICIES.correct)
    .input(z.object({ decisionId: id, reason: z.string().trim().min(3, "Say why the signed decision is corrected.").max(2000) }))
    .output(decisionRef)
    .mutation(({ ctx, input }) => correctDecision(ctx.db, ctx.user, input)),

  measurements: guardedProcedure(DECISION_POLICIES.measurements)
    .input(z.object({ caseId: id }))
    .output(z.array(measurementLine))
    .query(({ ctx, input }) => pullDecisionMeasurements(ctx.db, ctx.user, input.caseId)),
});
