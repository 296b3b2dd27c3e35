import { z } from "zod";
import { SPECIALTIES } from "@/domain/roles";
import type { ReadinessRule } from "@/domain/readiness/readiness";

const specialty = z.enum(SPECIALTIES);
const base = { key: z.string().trim().min(1).max(40), label: z.string().trim().min(1, "Give each rule a label.").max(120), responsibleSpecialty: specialty };

/** One readiness rule as stored in ReadinessRuleSet.rules and as the rule editor sends it. */
export const readinessRuleSchema = z.discriminatedUnion("kind", [
  z.object({ ...base, kind: z.literal("IMAGING"), modality: z.string().trim().toUpperCase().min(2).max(4), bodyPart: z.string().trim().max(40).nullish(), maxAgeDays: z.number().int().min(1).max(3650) }),
  z.object({ ...base, kind: z.literal("PATHOLOGY"), maxAgeDays: z.number().int().min(1).max(3650).nullish() }),
  z.object({ ...base, kind: z.literal("AI_FINDINGS_REVIEWED") }),
  z.object({ ...base, kind: z.literal("ECOG"), maxAgeDays: z.number().int().min(1).max(3650) }),
]) satisfies z.ZodType<ReadinessRule, unknown>;

export const readinessRulesSchema = z.array(readinessRuleSchema).max(30);

/** Reads stored rules; a row that no longer parses counts as no rules rather than breaking every agenda. */
export function parseStoredRules(json: unknown): ReadinessRule[] {
  const parsed = readinessRulesSchema.safeParse(json);
  return parsed.success ? parsed.data : [];
}
