import { z } from "zod";
import type { Action } from "@/domain/permissions";
import { INTENTS } from "@/domain/decisions/catalogue";
import { OUTCOME_KINDS } from "@/domain/outcomes/vocabulary";
import { ROLES, SPECIALTIES } from "@/domain/roles";
import { TNM_PREFIXES } from "@/domain/staging/tnm";
import { idSchema } from "../id-schema";

// Shared zod vocabulary for inputs and outputs; the enums mirror prisma/schema.prisma, built from the domain's
// constants where the domain has them (never restated).
export const id = idSchema;
export const roleSchema = z.enum(ROLES);
export const specialtySchema = z.enum(SPECIALTIES);
export const sexSchema = z.enum(["FEMALE", "MALE", "OTHER", "UNKNOWN"]);
export const questionTypeSchema = z.enum(["DIAGNOSIS", "STAGING", "PRIMARY_TREATMENT", "RECURRENCE", "FOLLOW_UP", "OTHER"]);
export const urgencySchema = z.enum(["ROUTINE", "URGENT"]);
export const caseStatusSchema = z.enum(["REFERRED", "SCHEDULED", "DISCUSSED", "CLOSED"]);
export const meetingStatusSchema = z.enum(["PLANNED", "IN_PROGRESS", "FINISHED", "CANCELLED"]);
export const agendaItemStatusSchema = z.enum(["PENDING", "DISCUSSED", "DEFERRED"]);
export const tnmPrefixSchema = z.enum(TNM_PREFIXES);
export const intentSchema = z.enum(INTENTS);
export const decisionStatusSchema = z.enum(["DRAFT", "SIGNED"]);
export const outcomeKindSchema = z.enum(OUTCOME_KINDS);
export const reviewSchema = z.enum(["PENDING", "ACCEPTED", "REJECTED"]);

export const patientHeaderSchema = z.object({
  id: z.string(),
  mrn: z.string(),
  familyName: z.string(),
  givenName: z.string(),
  birthDate: z.date(),
  sex: sexSchema,
});

export const readinessStatusSchema = z.enum(["READY", "STALE", "NOT_READY"]);

/** A case on a board's waiting list, as the board page and the meeting's "add from the waiting list" show it. */
export const waitingCaseSchema = z.object({
  caseId: z.string(),
  questionType: questionTypeSchema,
  clinicalQuestion: z.string(),
  urgency: urgencySchema,
  referredAt: z.date(),
  waitingReason: z.string().nullable(),
  referrerName: z.string(),
  patient: patientHeaderSchema,
  readiness: readinessStatusSchema,
});

/**
 * What this user may do with the thing a procedure returns, as domain/permissions.ts's `can` computes it from the
 * guard's own table: `can: { sign: true, correct: false, ... }`.
 */
export function canSchema<A extends Action>(actions: readonly A[]) {
  return z.object(Object.fromEntries(actions.map((a) => [a, z.boolean()])) as Record<A, z.ZodBoolean>);
}
