import { type AnalysisRow, COVARIATE_DEFINITIONS, type CovariateName, survivalOf, tooFewEventsReason } from "@/domain/cohorts/cohort";
import { MIN_OPTION_PATIENTS, optionOf, type TreatmentOption } from "@/domain/cohorts/treatment-options";
import { crossValidate } from "@/domain/statistics/calibration";
import { type CoxFit, fitCox } from "@/domain/statistics/cox";

/** The model's adjustment: what "comparable" means. The option dummies come after these columns. */
export const ADJUSTMENT: readonly CovariateName[] = ["stage_ordinal", "age", "sex", "ecog"];
/** Changes whenever the model's definition does: stored with every estimate kept at signing. */
export const OPTION_MODEL_SPEC = "cox-os-efron:stage_ordinal+age+sex+ecog+option:v1";
/** Calibration is measured at 2 years on held-out folds. */
const CALIBRATION_DAYS = 730;
const FOLDS = 5;
const SEED = 20261206;

export interface OptionStats extends TreatmentOption {
  patients: number;
  events: number;
}

export type OptionModel =
  | {
      status: "fitted";
      fit: CoxFit;
      names: string[];
      /** Options in the model; the first is the reference (no dummy), option i > 0 has dummy column adjustment + i - 1. */
      options: OptionStats[];
      notEstimated: OptionStats[];
      patients: number;
      events: number;
      leftOut: { reason: string; count: number }[];
      validation: {
        folds: number;
        concordance: number | null;
        calibration: { atDays: number; predicted: number; observed: number; lower: number; upper: number } | null;
        calibrationSlope: number | null;
      } | null;
    }
  | { status: "thin"; reason: string; patients: number; events: number; options: OptionStats[]; notEstimated: OptionStats[] };

const finiteOrNull = (v: number | undefined | null) => (v === undefined || v === null || !Number.isFinite(v) ? null : v);

/**
 * Fits the per-option model on a board's rows of one site: overall survival on stage (I-IV), age, sex, ECOG and one
 * indicator per treatment option (options with fewer than MIN_OPTION_PATIENTS patients are not estimated), then
 * measures discrimination and calibration on held-out folds. Refuses in words when the data are too thin.
 */
export function fitOptionModel(rows: readonly AnalysisRow[]): OptionModel {
  const complete: { row: AnalysisRow; option: TreatmentOption; time: number; event: boolean; adjustment: number[] }[] = [];
  const leftOut = new Map<string, number>();
  const count = (reason: string) => leftOut.set(reason, (leftOut.get(reason) ?? 0) + 1);
  for (const row of rows) {
    const survival = survivalOf(row, "OS");
    if ("issue" in survival) {
      count(survival.issue);
      continue;
    }
    const option = optionOf(row);
    if (!option) {
      count("no treatment option recorded");
      continue;
    }
    let adjustment: number[] = [];
    let missing: string | null = null;
    for (const c of ADJUSTMENT) {
      const v = COVARIATE_DEFINITIONS[c].values(row);
      if (v === null) {
        missing = COVARIATE_DEFINITIONS[c].missing;
        break;
      }
      adjustment = adjustment.concat(v);
    }
    if (missing) count(missing);
    else complete.push({ row, option, ...survival.observation, adjustment });
  }

  const byOption = new Map<string, OptionStats>();
  for (const c of complete) {
    const s = byOption.get(c.option.key) ?? { ...c.option, patients: 0, events: 0 };
    s.patients += 1;
    if (c.event) s.events += 1;
    byOption.set(c.option.key, s);
  }
  const all = [...byOption.values()].sort((a, b) => b.patients - a.patients || a.label.localeCompare(b.label));
  const options = all.filter((o) => o.patients >= MIN_OPTION_PATIENTS);
  const notEstimated = all.filter((o) => o.patients < MIN_OPTION_PATIENTS);
  const used = complete.filter((c) => options.some((o) => o.key === c.option.key));
  const events = used.filter((c) => c.event).length;
  const thin = (reason: string): OptionModel => ({ status: "thin", reason, patients: used.length, events, options, notEstimated });

  if (options.length === 0) {
    return thin(`No treatment option was recommended to at least ${MIN_OPTION_PATIENTS} of this board's patients with complete data (stage, age, sex, ECOG and follow-up).`);
  }
  const names = [...ADJUSTMENT.flatMap((c) => COVARIATE_DEFINITIONS[c].columns), ...options.slice(1).map((o) => `option: ${o.label}`)];
  const tooFew = tooFewEventsReason(events, names.length);
  if (tooFew) return thin(`The board's own data are too thin for an estimate. ${tooFew.replace(" Choose fewer covariates or a wider cohort.", "")}`);

  const design = used.map((c) => ({
    time: c.time,
    event: c.event,
    covariates: [...c.adjustment, ...options.slice(1).map((o) => (o.key === c.option.key ? 1 : 0))],
  }));
  const fit = fitCox(design, names);
  if (!fit.converged) return thin(`The model did not converge${fit.reason ? ` (${fit.reason})` : ""}, so no estimate is shown.`);

  let validation: Extract<OptionModel, { status: "fitted" }>["validation"] = null;
  try {
    const cv = crossValidate(design, names, { folds: FOLDS, seed: SEED, time: CALIBRATION_DAYS });
    const large = cv.pooled.calibrationInTheLarge;
    validation = {
      folds: FOLDS,
      concordance: finiteOrNull(cv.pooled.concordance.estimate),
      calibration: large && [large.predicted, large.observed].every(Number.isFinite)
        ? { atDays: CALIBRATION_DAYS, predicted: large.predicted, observed: large.observed, lower: finiteOrNull(large.lower) ?? large.observed, upper: finiteOrNull(large.upper) ?? large.observed }
        : null,
      calibrationSlope: finiteOrNull(cv.pooled.calibrationSlope?.estimate),
    };
  } catch (error) {
    // Too few rows for the folds: the estimate stands, its validation is reported as missing.
    if (!(error instanceof RangeError)) throw error;
  }
  return {
    status: "fitted",
    fit,
    names,
    options,
    notEstimated,
    patients: used.length,
    events,
    leftOut: [...leftOut.entries()].map(([reason, n]) => ({ reason, count: n })),
    validation,
  };
}
