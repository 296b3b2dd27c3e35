import { z } from "zod";
import { COVARIATES, ENDPOINTS, GROUP_FIELDS } from "@/domain/cohorts/cohort";
import { PERMISSIONS } from "@/domain/permissions";
import { hazardModel } from "@/server/services/cohorts/hazard-model";
import { survivalCurves } from "@/server/services/cohorts/survival-curves";
import { guardedProcedure, router } from "../trpc";

const text = z.string().trim().min(1).max(100);
const list = z.array(text).max(50).optional();
const quarter = z.string().regex(/^\d{4}-Q[1-4]$/, "A period is a quarter such as 2024-Q1.").nullable().optional();

export const cohortFilterSchema = z.object({
  boards: list,
  sites: list,
  stageGroups: list,
  histologies: list,
  biomarker: z.string().trim().max(100).nullable().optional(),
  ecog: z.array(z.number().int().min(0).max(5)).max(6).optional(),
  ageBands: list,
  intents: list,
  modalities: list,
  periodFrom: quarter,
  periodTo: quarter,
});

// Medians and intervals R leaves as NA (not reached) travel as null.
const maybe = z.number().nullable();
const rowIssue = z.object({ pseudonym: z.string(), issue: z.string() });
const chiSquare = z.object({ chiSquare: z.number(), df: z.number(), pValue: z.number() });

const choicesSchema = z.object({
  boards: z.array(z.string()),
  sites: z.array(z.string()),
  stageGroups: z.array(z.string()),
  histologies: z.array(z.string()),
  biomarkers: z.array(z.string()),
  ecog: z.array(z.number()),
  ageBands: z.array(z.string()),
  intents: z.array(z.string()),
  modalities: z.array(z.string()),
  quarters: z.array(z.string()),
});

const survivalOutput = z.object({
  status: z.enum(["ok", "too-few"]),
  patients: z.number().int(),
  minimumPatients: z.number().int(),
  dataIssues: z.array(rowIssue),
  choices: choicesSchema,
  ticks: z.array(z.number()),
  groups: z.array(
    z.object({
      label: z.string(),
      n: z.number().int(),
      events: z.number().int(),
      median: z.object({ estimate: maybe, lower: maybe, upper: maybe }),
      steps: z.array(z.object({ time: z.number(), nRisk: z.number(), nEvent: z.number(), nCensor: z.number(), survival: z.number(), lower: maybe, upper: maybe })),
      atRisk: z.array(z.number().int()),
    }),
  ),
  smallGroups: z.array(z.object({ label: z.string(), n: z.number().int() })),
  leftOutGroups: z.object({ groups: z.number().int(), patients: z.number().int() }),
  logRank: chiSquare.nullable(),
  logRankNote: z.string().nullable(),
});

const hazardOutput = z.object({
  status: z.enum(["ok", "refused"]),
  reason: z.string().nullable(),
  patients: z.number().int(),
  usedPatients: z.number().int(),
  events: z.number().int(),
  dataIssues: z.array(rowIssue),
  leftOut: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  leftOutSentence: z.string().nullable(),
  model: z
    .object({
      coefficients: z.array(z.object({ name: z.string(), hazardRatio: z.number(), lower: z.number(), upper: z.number(), pValue: z.number(), beta: z.number(), standardError: z.number() })),
      concordance: z.number(),
      likelihoodRatio: chiSquare,
      proportionalHazards: z.object({ terms: z.array(chiSquare.extend({ name: z.string() })), global: chiSquare }),
    })
    .nullable(),
});

const finite = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? null : v);

/** The cohort explorer: analyses of the user's boards' pseudonymised outcome dataset, each audited like an export. */
export const cohortRouter = router({
  survival: guardedProcedure({ roles: PERMISSIONS.seeDataset, scope: { via: "none" } })
    .input(z.object({ filter: cohortFilterSchema, groupBy: z.enum(GROUP_FIELDS), endpoint: z.enum(ENDPOINTS) }))
    .output(survivalOutput)
    .query(async ({ ctx, input }) => {
      const result = await survivalCurves(ctx.db, ctx.user, ctx.user.boardIds, input);
      return {
        ...result,
        groups: result.groups.map((g) => ({
          ...g,
          median: { estimate: finite(g.median.estimate), lower: finite(g.median.lower), upper: finite(g.median.upper) },
          steps: g.steps.map((s) => ({ ...s, lower: finite(s.lower), upper: finite(s.upper) })),
        })),
      };
    }),

  hazards: guardedProcedure({ roles: PERMISSIONS.seeDataset, scope: { via: "none" } })
    .input(z.object({ filter: cohortFilterSchema, endpoint: z.enum(ENDPOINTS), covariates: z.array(z.enum(COVARIATES)).min(1, "Choose at least one covariate.").max(COVARIATES.length) }))
    .output(hazardOutput)
    .query(({ ctx, input }) => hazardModel(ctx.db, ctx.user, ctx.user.boardIds, input)),
});
