/**
 * How well a Cox model predicts patients it was not fitted on: k-fold cross-validated discrimination (Harrell's C)
 * and calibration of the predicted survival at one time point against the Kaplan-Meier survival observed.
 *
 * How it is computed:
 * 1. Rows are shuffled with the seed (synthetic-cohort.ts) and dealt to `folds` folds in turn, deaths and censored
 *    rows separately, so every fold gets its share of deaths.
 * 2. For each fold the model is fitted on the other folds (cox.ts) and applied to the fold: risk score
 *    x'beta (centred at the training means) and predicted survival S_i(t) = exp(-H0(t) exp(x_i'beta)).
 *    A fold whose training fit does not converge is reported with its reason and left out of the pooled figures.
 * 3. Discrimination: Harrell's C of the risk score on the held-out rows (per fold, and pooled over all held-out rows).
 * 4. Calibration in the large: the mean predicted survival at t beside the Kaplan-Meier survival of the same rows at
 *    t (log-log 95% interval). Calibration slope: the coefficient of the held-out risk score in a Cox model fitted on
 *    the held-out rows (1 = well calibrated, < 1 = predictions too extreme, i.e. overfitting).
 * 5. Grouped calibration: pooled held-out rows cut into `groups` groups of (near) equal size by predicted survival;
 *    per group, mean predicted survival at t against the Kaplan-Meier survival of the group at t.
 */
import { concordance } from "./concordance";
import { type CoxFit, type CoxRow, fitCox } from "./cox";
import { normalQuantile } from "./distributions";
import { kaplanMeier, survivalAt } from "./kaplan-meier";
import { createRandom, shuffled } from "./synthetic-cohort";

export interface CalibrationInTheLarge {
  /** Mean predicted survival at the time point. */
  predicted: number;
  /** Kaplan-Meier survival at the time point, with its 95% (log-log) interval. */
  observed: number;
  lower: number;
  upper: number;
}

export interface CalibrationSlope {
  estimate: number;
  lower: number;
  upper: number;
}

export interface CalibrationGroup {
  n: number;
  events: number;
  predicted: number;
  observed: number;
  lower: number;
  upper: number;
}

export interface FoldValidation {
  fold: number;
  trainingRows: number;
  testRows: number;
  testEvents: number;
  converged: boolean;
  reason?: string;
  /** Harrell's C on the held-out rows; NaN when nothing is comparable (no death). */
  concordance: number;
  calibrationInTheLarge: CalibrationInTheLarge | null;
  calibrationSlope: CalibrationSlope | null;
}

export interface CrossValidation {
  folds: FoldValidation[];
  time: number;
  seed: number;
  pooled: {
    rows: number;
    events: number;
    concordance: { estimate: number; standardError: number };
    /** Mean of the per-fold C of the folds that converged. */
    meanFoldConcordance: number;
    calibrationInTheLarge: CalibrationInTheLarge;
    calibrationSlope: CalibrationSlope | null;
    groups: CalibrationGroup[];
  };
}

export interface CrossValidationOptions {
  folds: number;
  seed: number;
  /** The time point of the calibration (same unit as the rows' times). */
  time: number;
  /** Number of risk groups of the calibration table; 5 unless given. */
  groups?: number;
}

const Z95 = normalQuantile(0.975);

interface Prediction {
  row: CoxRow;
  risk: number;
  survival: number;
}

function predict(fit: CoxFit, rows: readonly CoxRow[], time: number): Prediction[] {
  let index = -1;
  fit.baselineCumulativeHazard.forEach((point, i) => {
    if (point.time <= time) index = i;
  });
  const baseline = index < 0 ? 0 : fit.baselineCumulativeHazard[index]!.hazard;
  return rows.map((row) => {
    const risk = row.covariates.reduce((sum, v, j) => sum + (v - fit.means[j]!) * fit.coefficients[j]!.beta, 0);
    return { row, risk, survival: Math.exp(-baseline * Math.exp(risk)) };
  });
}

function calibrationInTheLarge(predictions: readonly Prediction[], time: number): CalibrationInTheLarge {
  const observed = survivalAt(kaplanMeier(predictions.map((p) => p.row)), time);
  return {
    predicted: predictions.reduce((sum, p) => sum + p.survival, 0) / predictions.length,
    observed: observed.survival,
    lower: observed.lower,
    upper: observed.upper,
  };
}

function calibrationSlope(predictions: readonly Prediction[]): CalibrationSlope | null {
  const fit = fitCox(
    predictions.map((p) => ({ time: p.row.time, event: p.row.event, covariates: [p.risk] })),
    ["risk score"],
  );
  const coefficient = fit.coefficients[0];
  if (!fit.converged || !coefficient) return null;
  const half = Z95 * coefficient.standardError;
  return { estimate: coefficient.beta, lower: coefficient.beta - half, upper: coefficient.beta + half };
}

function harrell(predictions: readonly Prediction[]) {
  return concordance(
    predictions.map((p) => p.row.time),
    predictions.map((p) => p.row.event),
    predictions.map((p) => p.risk),
  );
}

export function crossValidate(rows: readonly CoxRow[], names: readonly string[], options: CrossValidationOptions): CrossValidation {
  const { folds, seed, time, groups = 5 } = options;
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError(`cross-validation needs at least 2 folds (got ${folds})`);
  if (rows.length < folds) throw new RangeError(`${rows.length} rows cannot be split into ${folds} folds`);
  if (!Number.isInteger(groups) || groups < 1) throw new RangeError(`groups must be a whole number >= 1 (got ${groups})`);
  const random = createRandom(seed);
  const foldOf = new Array<number>(rows.length);
  let next = 0;
  for (const dead of [true, false]) {
    const indices = rows.map((row, i) => (row.event === dead ? i : -1)).filter((i) => i >= 0);
    for (const i of shuffled(indices, random)) foldOf[i] = next++ % folds;
  }

  const results: FoldValidation[] = [];
  const pooled: Prediction[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const training = rows.filter((_, i) => foldOf[i] !== fold);
    const test = rows.filter((_, i) => foldOf[i] === fold);
    const testEvents = test.filter((row) => row.event).length;
    const fit = fitCox(training, names);
    if (!fit.converged) {
      results.push({
        fold: fold + 1,
        trainingRows: training.length,
        testRows: test.length,
        testEvents,
        converged: false,
        reason: fit.reason,
        concordance: NaN,
        calibrationInTheLarge: null,
        calibrationSlope: null,
      });
      continue;
    }
    const predictions = predict(fit, test, time);
    pooled.push(...predictions);
    results.push({
      fold: fold + 1,
      trainingRows: training.length,
      testRows: test.length,
      testEvents,
      converged: true,
      concordance: harrell(predictions).estimate,
      calibrationInTheLarge: calibrationInTheLarge(predictions, time),
      calibrationSlope: testEvents > 0 ? calibrationSlope(predictions) : null,
    });
  }
  if (pooled.length === 0) throw new RangeError("no fold's model converged: nothing to validate");

  const byPrediction = [...pooled].sort((a, b) => a.survival - b.survival);
  const table: CalibrationGroup[] = [];
  for (let g = 0; g < groups; g++) {
    const members = byPrediction.slice(Math.floor((g * byPrediction.length) / groups), Math.floor(((g + 1) * byPrediction.length) / groups));
    if (members.length === 0) continue;
    const large = calibrationInTheLarge(members, time);
    table.push({ n: members.length, events: members.filter((m) => m.row.event).length, ...large });
  }
  const converged = results.filter((r) => r.converged && !Number.isNaN(r.concordance));
  const pooledConcordance = harrell(pooled);
  return {
    folds: results,
    time,
    seed,
    pooled: {
      rows: pooled.length,
      events: pooled.filter((p) => p.row.event).length,
      concordance: { estimate: pooledConcordance.estimate, standardError: pooledConcordance.standardError },
      meanFoldConcordance: converged.reduce((sum, r) => sum + r.concordance, 0) / converged.length,
      calibrationInTheLarge: calibrationInTheLarge(pooled, time),
      calibrationSlope: calibrationSlope(pooled),
      groups: table,
    },
  };
}
