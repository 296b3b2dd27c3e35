import {
  type CohortFilter,
  type CovariateName,
  designMatrix,
  type Endpoint,
  filterRows,
  leftOutSentence,
  MIN_COHORT_PATIENTS,
  survivalData,
  tooFewEventsReason,
} from "@/domain/cohorts/cohort";
import { fitCox } from "@/domain/statistics/cox";
import { recordAudit } from "../audit/record-audit";
import type { Actor, Db } from "../db-types";
import { readAnalysisRows } from "./read-analysis-rows";

export interface HazardModelInput {
  filter: CohortFilter;
  endpoint: Endpoint;
  covariates: CovariateName[];
}

/**
 * A Cox proportional-hazards model (Efron ties) of a filtered cohort on chosen covariates: complete cases only, the
 * others counted; refused in words below 10 events per covariate or k patients; a fit that does not converge says
 * so and shows no numbers. Audited like an export.
 */
export async function hazardModel(db: Db, actor: Actor, boardIds: readonly string[], input: HazardModelInput) {
  const cohort = filterRows(await readAnalysisRows(db, boardIds), input.filter);
  const { usable, issues } = survivalData(cohort, input.endpoint);
  const design = designMatrix(usable, input.endpoint, [...new Set(input.covariates)]);
  const events = design.rows.filter((r) => r.event).length;
  const base = {
    patients: cohort.length,
    usedPatients: design.rows.length,
    events,
    dataIssues: issues,
    leftOut: design.leftOut,
    leftOutSentence: leftOutSentence(usable.length, design.leftOut),
  };

  await recordAudit(db, actor, {
    action: "analysis.cox",
    entityType: "Dataset",
    detail: { filter: JSON.parse(JSON.stringify(input.filter)), endpoint: input.endpoint, covariates: input.covariates, rows: cohort.length, used: design.rows.length, boards: [...boardIds] },
  });

  const refuse = (reason: string) => ({ ...base, status: "refused" as const, reason, model: null });
  if (design.names.length === 0) return refuse("Choose at least one covariate.");
  if (design.rows.length < MIN_COHORT_PATIENTS) return refuse(`Too few patients (${design.rows.length}) for an analysis: at least ${MIN_COHORT_PATIENTS} are needed.`);
  const thin = tooFewEventsReason(events, design.names.length);
  if (thin) return refuse(thin);

  const fit = fitCox(design.rows, design.names);
  if (!fit.converged) {
    return refuse(`The model did not converge${fit.reason ? ` (${fit.reason})` : ""}, so it shows no estimates. A covariate may separate the groups perfectly or be almost constant in this cohort.`);
  }
  return {
    ...base,
    status: "ok" as const,
    reason: null,
    model: {
      coefficients: fit.coefficients.map((c) => ({ name: c.name, hazardRatio: c.hazardRatio, lower: c.lower, upper: c.upper, pValue: c.pValue, beta: c.beta, standardError: c.standardError })),
      concordance: fit.concordance.estimate,
      likelihoodRatio: fit.likelihoodRatio,
      proportionalHazards: fit.proportionalHazards,
    },
  };
}

export type HazardModel = Awaited<ReturnType<typeof hazardModel>>;
