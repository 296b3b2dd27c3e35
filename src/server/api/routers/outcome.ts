import { z } from "zod";
import { PERMISSIONS } from "@/domain/permissions";
import { CLINICAL_ROLES } from "@/domain/roles";
import { INTENTS } from "@/domain/decisions/catalogue";
import { CAUSES_OF_DEATH, DEVIATION_REASONS, DISEASE_STATUS_EVIDENCE, DISEASE_STATUSES, OUTCOME_KINDS, OUTCOME_TREATMENTS, RECORD_SOURCES } from "@/domain/outcomes/vocabulary";
import { correctOutcome } from "@/server/services/outcomes/correct-outcome";
import { listCaseOutcomes } from "@/server/services/outcomes/list-case-outcomes";
import { listOutcomes } from "@/server/services/outcomes/list-outcomes";
import { recordOutcome } from "@/server/services/outcomes/record-outcome";
import { withdrawOutcome } from "@/server/services/outcomes/withdraw-outcome";
import { guardedProcedure, router } from "../trpc";
import { decisionStatusSchema, id, intentSchema, outcomeKindSchema } from "./schemas";

const outcomeRow = z.object({
  caseId: z.string(),
  boardName: z.string(),
  patient: z.object({ id: z.string(), mrn: z.string(), familyName: z.string(), givenName: z.string(), researchPseudonym: z.string() }),
  condition: z.object({ topographyDisplay: z.string(), morphologyDisplay: z.string() }).nullable(),
  decision: z.object({
    id: z.string(),
    version: z.number().int(),
    status: decisionStatusSchema,
    decidedAt: z.date(),
    staging: z.string(),
    intent: intentSchema,
    recommendation: z.string(),
  }),
  outcomes: z.array(z.object({ id: z.string(), kind: outcomeKindSchema, occurredOn: z.date(), note: z.string(), summary: z.string(), corrected: z.boolean() })),
  followUp: z.object({ open: z.number().int(), overdue: z.number().int(), nextDueOn: z.date().nullable() }),
});

const day = (what: string) => z.iso.date(`Give the ${what} as a date.`);
const timeZone = z.string().max(64).optional();
/** What an outcome says, per kind; the service checks which fields each kind needs (domain/outcomes/validate-outcome.ts). */
const outcomeFacts = z.object({
  occurredOn: day("date"),
  endedOn: day("end date").nullable().optional(),
  treatment: z.enum(OUTCOME_TREATMENTS).nullable().optional(),
  treatmentIntent: z.enum(INTENTS).nullable().optional(),
  followedRecommendation: z.boolean().nullable().optional(),
  deviationReason: z.enum(DEVIATION_REASONS).nullable().optional(),
  diseaseStatus: z.enum(DISEASE_STATUSES).nullable().optional(),
  evidence: z.array(z.enum(DISEASE_STATUS_EVIDENCE)).max(3).default([]),
  causeOfDeath: z.enum(CAUSES_OF_DEATH).nullable().optional(),
  note: z.string().trim().max(2000).default(""),
});
const reason = (what: string) => z.string().trim().min(3, `Say why the outcome is ${what}.`).max(2000);

const outcomeVersion = z.object({
  id: z.string(),
  lineageId: z.string(),
  version: z.number().int(),
  kind: outcomeKindSchema,
  occurredOn: z.date(),
  endedOn: z.date().nullable(),
  treatment: z.enum(OUTCOME_TREATMENTS).nullable(),
  treatmentIntent: intentSchema.nullable(),
  followedRecommendation: z.boolean().nullable(),
  deviationReason: z.enum(DEVIATION_REASONS).nullable(),
  diseaseStatus: z.enum(DISEASE_STATUSES).nullable(),
  evidence: z.array(z.enum(DISEASE_STATUS_EVIDENCE)),
  causeOfDeath: z.enum(CAUSES_OF_DEATH).nullable(),
  note: z.string(),
  correctionReason: z.string().nullable(),
  retractedAt: z.date().nullable(),
  retractionReason: z.string().nullable(),
  source: z.enum(RECORD_SOURCES),
  createdAt: z.date(),
  recordedBy: z.string(),
});
export type OutcomeVersion = z.infer<typeof outcomeVersion>;
const lineage = z.object({
  lineageId: z.string(),
  fromOtherCase: z.boolean(),
  current: outcomeVersion,
  corrected: z.boolean(),
  withdrawn: z.boolean(),
  olderVersions: z.array(outcomeVersion),
});
export type OutcomeLineage = z.infer<typeof lineage>;
const versionRef = z.object({ id: z.string(), lineageId: z.string(), version: z.number().int() });

// Recording and correcting outcomes is part of seeing one's boards' patients (domain/permissions.ts: seePatients).
export const outcomeRouter = router({
  list: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "none" } })
    .input(
      z
        .object({
          boardId: id.optional(),
          latestKind: z.enum([...OUTCOME_KINDS, "NONE"]).optional(),
          followUp: z.enum(["due", "overdue"]).optional(),
          patient: z.string().trim().max(100).optional(),
          page: z.number().int().min(1).max(100_000).optional(),
        })
        .optional(),
    )
    .output(z.object({ total: z.number().int(), page: z.number().int(), pages: z.number().int(), rows: z.array(outcomeRow) }))
    .query(({ ctx, input }) => listOutcomes(ctx.db, ctx.user, ctx.user.boardIds, input ?? {})),

  history: guardedProcedure({ roles: PERMISSIONS.seePatients, scope: { via: "case", field: "caseId" } })
    .input(z.object({ caseId: id }))
    .output(z.array(lineage))
    .query(({ ctx, input }) => listCaseOutcomes(ctx.db, ctx.user, input.caseId)),

  record: guardedProcedure({ roles: PERMISSIONS.seePatients, scope: { via: "case", field: "caseId" } })
    .input(outcomeFacts.extend({ caseId: id, kind: outcomeKindSchema, timeZone }))
    .output(versionRef)
    .mutation(({ ctx, input }) => recordOutcome(ctx.db, ctx.user, input)),

  correct: guardedProcedure({ roles: PERMISSIONS.seePatients, scope: { via: "outcome", field: "outcomeId" } })
    .input(outcomeFacts.extend({ outcomeId: id, reason: reason("corrected"), timeZone }))
    .output(versionRef)
    .mutation(({ ctx, input }) => correctOutcome(ctx.db, ctx.user, input)),

  withdraw: guardedProcedure({ roles: PERMISSIONS.seePatients, scope: { via: "outcome", field: "outcomeId" } })
    .input(z.object({ outcomeId: id, reason: reason("withdrawn") }))
    .output(z.object({ id: z.string(), retractedAt: z.date() }))
    .mutation(({ ctx, input }) => withdrawOutcome(ctx.db, ctx.user, input)),
});
