/**
 * Cox proportional hazards model, as R's `coxph(Surv(time, status) ~ x1 + ... + xp)` (survival 3.5, default
 * control), with the survival curve of `survfit(fit, newdata = ...)` and the test of `cox.zph(fit)`.
 *
 * How the model is fitted:
 * 1. Covariates are centred at their means (R's fit$means). Rows are sorted by time once; every pass walks them from
 *    the latest time backwards, adding each row's risk r = exp(x'beta), r x and r x x' to the risk-set sums S0, S1,
 *    S2, so a pass costs O(n p^2).
 * 2. Ties by Efron's approximation (the default, as R) or Breslow's: at a time with d deaths, for k = 0..d-1,
 *    D_k = S0 - (k/d) S0_deaths, M_k = (S1 - (k/d) S1_deaths) / D_k;
 *    log partial likelihood += sum(deaths' x'beta) - sum_k log D_k; score += sum(deaths' x) - sum_k M_k;
 *    information += sum_k (S2 - (k/d) S2_deaths) / D_k - M_k M_k'. Breslow: k/d replaced by 0.
 * 3. Newton-Raphson from beta = 0 as R's coxfit6: a step that lowers the likelihood is halved; converged when
 *    |1 - loglik_old / loglik_new| <= 1e-9 after a full step; at most 20 iterations (iterations = R's fit$iter).
 * 4. Not converged, with the reason, when: the information matrix is singular (a constant covariate, or one that is a
 *    combination of others: R's cholesky2 test, a pivot below 1.8e-12 times the largest diagonal; estimates are then
 *    left empty); the likelihood converged while a coefficient still moves (R's "coefficient may be infinite":
 *    |next Newton step| > 1e-9 and > sqrt(1e-9) |beta|, monotone likelihood); the iterations ran out; or the
 *    likelihood overflowed. In the last three cases the last estimates are kept, as R does, but must not be reported.
 * 5. Variance = inverse information at the estimate; Wald z = beta / se, p = P(|Z| > |z|); HR = exp(beta) with
 *    exp(beta -/+ 1.96 se); likelihood-ratio chi-square = 2 (loglik(beta) - loglik(0)) on p df.
 * 6. Concordance: Harrell's C of x'beta and its standard error as R's concordance() (see concordance.ts).
 * 7. Baseline cumulative hazard at the means (R's basehaz(fit, centered = TRUE)), at every distinct time:
 *    Efron fits use R's survfit.coxph default (ctype 2): dH = sum_k 1/D_k; Breslow fits dH = d / S0.
 *    Each entry also carries the cumulative variance term sum_k 1/D_k^2 and the cumulative sum_k M_k / D_k, which
 *    the confidence interval of a predicted curve needs.
 * 8. predictSurvival: H(t | z) = H0(t) exp((z - means)'beta), S = exp(-H), and R's variance (Tsiatis, including the
 *    uncertainty of beta): var H = exp(2 (z - means)'beta) (sum_k 1/D_k^2 + a(t)' V a(t)),
 *    a(t) = H0(t) (z - means) - sum M_k / D_k. Interval "log" (R's survfit default) exp(log S -/+ 1.96 se(H)), or
 *    "log-log".
 * 9. Proportional hazards, cox.zph (transform "km", the score test of survival >= 3.0): g(t) = 1 - KM(t-) of all
 *    rows, centred at its mean over the deaths; the score of the added covariates x g(t) at gamma = 0 and the 2p x 2p
 *    information [I, I g; I g, I g^2] summed over death times with beta fixed. Per covariate, u' A^-1 u on the rows
 *    and columns of the p covariates and that covariate's time term (1 df); global, on all 2p (p df).
 */
import { CholeskyDecomposition, inverse, Matrix, solve } from "ml-matrix";
import { concordance as concordanceOf } from "./concordance";
import { chiSquareUpperTail, normalQuantile, twoSidedNormalPValue } from "./distributions";
import { type IntervalType, survivalInterval } from "./kaplan-meier";

export interface CoxRow {
  time: number;
  event: boolean;
  covariates: readonly number[];
}

export interface CoxCoefficient {
  name: string;
  beta: number;
  standardError: number;
  hazardRatio: number;
  lower: number;
  upper: number;
  z: number;
  pValue: number;
}

export interface ChiSquareTest {
  chiSquare: number;
  df: number;
  pValue: number;
}

export interface BaselineHazardPoint {
  time: number;
  /** Cumulative baseline hazard at the covariate means. */
  hazard: number;
  /** Cumulative sum of the hazard's own variance terms (sum_k 1/D_k^2), for predicted intervals. */
  hazardVariance: number;
  /** Cumulative sum of M_k / D_k per covariate (centred), for predicted intervals. */
  weightedMeans: number[];
}

export interface CoxFit {
  converged: boolean;
  /** Why the fit did not converge; its estimates are then not to be shown. */
  reason?: string;
  ties: "efron" | "breslow";
  iterations: number;
  n: number;
  events: number;
  names: string[];
  coefficients: CoxCoefficient[];
  /** Log partial likelihood at beta = 0 and at the estimate. */
  logLikelihood: [number, number];
  likelihoodRatio: ChiSquareTest;
  concordance: { estimate: number; standardError?: number };
  means: number[];
  baselineCumulativeHazard: BaselineHazardPoint[];
  proportionalHazards: { terms: ({ name: string } & ChiSquareTest)[]; global: ChiSquareTest };
  variance: number[][];
}

export interface CoxOptions {
  ties?: "efron" | "breslow";
  maxIterations?: number;
}

const CONVERGENCE_EPS = 1e-9;
const TOLERANCE_INFINITE = Math.sqrt(CONVERGENCE_EPS);
const TOLERANCE_CHOLESKY = Math.pow(2.220446049250313e-16, 0.75);
const Z95 = normalQuantile(0.975);

/** Rows sorted by time, covariates centred, in flat typed arrays. */
interface Prepared {
  n: number;
  p: number;
  time: Float64Array;
  event: Uint8Array;
  x: Float64Array;
  means: number[];
  efron: boolean;
}

function prepare(rows: readonly CoxRow[], names: readonly string[], efron: boolean): Prepared {
  const p = names.length;
  rows.forEach((row, index) => {
    if (!Number.isFinite(row.time) || row.time < 0) throw new RangeError(`row ${index + 1}: time must be a finite number >= 0`);
    if (row.covariates.length !== p) throw new RangeError(`row ${index + 1}: ${row.covariates.length} covariates for ${p} names`);
    if (row.covariates.some((v) => !Number.isFinite(v))) throw new RangeError(`row ${index + 1}: covariates must be finite numbers`);
  });
  const n = rows.length;
  const times = Float64Array.from(rows, (row) => row.time);
  const order = new Uint32Array(n).map((_, i) => i).sort((a, b) => times[a]! - times[b]!);
  const means = new Array<number>(p).fill(0);
  for (const row of rows) for (let j = 0; j < p; j++) means[j]! += row.covariates[j]! / n;
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  const x = new Float64Array(n * p);
  order.forEach((source, i) => {
    const row = rows[source]!;
    time[i] = row.time;
    event[i] = row.event ? 1 : 0;
    for (let j = 0; j < p; j++) x[i * p + j] = row.covariates[j]! - means[j]!;
  });
  return { n, p, time, event, x, means, efron };
}

interface Evaluation {
  logLikelihood: number;
  score: Float64Array;
  /** p x p, row-major. */
  information: Float64Array;
}

interface TimeWeighted {
  /** Score of x g(t). */
  score: Float64Array;
  /** sum g I_t and sum g^2 I_t, p x p each. */
  informationG: Float64Array;
  informationG2: Float64Array;
}

/**
 * One backward pass at beta: log partial likelihood, score and information; with per-row time weights g (constant
 * within a time), also the cox.zph sums.
 */
function evaluate(data: Prepared, beta: ArrayLike<number>, g?: Float64Array): Evaluation & { timeWeighted?: TimeWeighted } {
  const { n, p, time, event, x, efron } = data;
  const s1 = new Float64Array(p);
  const s2 = new Float64Array(p * p);
  const d1 = new Float64Array(p);
  const d2 = new Float64Array(p * p);
  const deathX = new Float64Array(p);
  const mean = new Float64Array(p);
  const score = new Float64Array(p);
  const information = new Float64Array(p * p);
  const timeWeighted: TimeWeighted | undefined = g
    ? { score: new Float64Array(p), informationG: new Float64Array(p * p), informationG2: new Float64Array(p * p) }
    : undefined;
  let s0 = 0;
  let logLikelihood = 0;
  for (let i = n - 1; i >= 0; ) {
    const t = time[i]!;
    let deaths = 0;
    let d0 = 0;
    let deathLp = 0;
    const weight = g ? g[i]! : 0;
    for (; i >= 0 && time[i] === t; i--) {
      const offset = i * p;
      let lp = 0;
      for (let j = 0; j < p; j++) lp += x[offset + j]! * beta[j]!;
      const r = Math.exp(lp);
      s0 += r;
      for (let j = 0; j < p; j++) {
        const rxj = r * x[offset + j]!;
        s1[j]! += rxj;
        for (let k = 0; k <= j; k++) s2[j * p + k]! += rxj * x[offset + k]!;
      }
      if (event[i]) {
        if (deaths === 0) {
          d1.fill(0);
          d2.fill(0);
          deathX.fill(0);
        }
        deaths++;
        d0 += r;
        deathLp += lp;
        for (let j = 0; j < p; j++) {
          const xj = x[offset + j]!;
          deathX[j]! += xj;
          d1[j]! += r * xj;
          for (let k = 0; k <= j; k++) d2[j * p + k]! += r * xj * x[offset + k]!;
        }
      }
    }
    if (deaths === 0) continue;
    logLikelihood += deathLp;
    for (let j = 0; j < p; j++) {
      score[j]! += deathX[j]!;
      if (timeWeighted) timeWeighted.score[j]! += weight * deathX[j]!;
    }
    for (let k = 0; k < deaths; k++) {
      const f = efron ? k / deaths : 0;
      const denominator = s0 - f * d0;
      logLikelihood -= Math.log(denominator);
      for (let j = 0; j < p; j++) {
        mean[j] = (s1[j]! - f * d1[j]!) / denominator;
        score[j]! -= mean[j]!;
        if (timeWeighted) timeWeighted.score[j]! -= weight * mean[j]!;
      }
      for (let j = 0; j < p; j++) {
        for (let l = 0; l <= j; l++) {
          const v = (s2[j * p + l]! - f * d2[j * p + l]!) / denominator - mean[j]! * mean[l]!;
          information[j * p + l]! += v;
          if (timeWeighted) {
            timeWeighted.informationG[j * p + l]! += weight * v;
            timeWeighted.informationG2[j * p + l]! += weight * weight * v;
          }
        }
      }
    }
  }
  const symmetrize = (m: Float64Array) => {
    for (let j = 0; j < p; j++) for (let l = 0; l < j; l++) m[l * p + j] = m[j * p + l]!;
  };
  symmetrize(information);
  if (timeWeighted) {
    symmetrize(timeWeighted.informationG);
    symmetrize(timeWeighted.informationG2);
  }
  return { logLikelihood, score, information, timeWeighted };
}

function toMatrix(flat: Float64Array, p: number): Matrix {
  return new Matrix(Array.from({ length: p }, (_, j) => Array.from(flat.subarray(j * p, (j + 1) * p))));
}

/** Columns R's cholesky2 would declare singular (pivot < tolerance x largest diagonal). */
function singularColumns(information: Float64Array, p: number): number[] {
  const a = Array.from({ length: p }, (_, j) => Array.from(information.subarray(j * p, (j + 1) * p)));
  let largest = 0;
  for (let j = 0; j < p; j++) largest = Math.max(largest, a[j]![j]!);
  const eps = largest * TOLERANCE_CHOLESKY;
  const singular: number[] = [];
  for (let i = 0; i < p; i++) {
    const pivot = a[i]![i]!;
    if (!Number.isFinite(pivot) || pivot < eps || pivot <= 0) {
      a[i]![i] = 0;
      singular.push(i);
      continue;
    }
    for (let j = i + 1; j < p; j++) {
      const temp = a[j]![i]! / pivot;
      a[j]![i] = temp;
      a[j]![j]! -= temp * temp * pivot;
      for (let k = j + 1; k < p; k++) a[k]![j]! -= temp * a[k]![i]!;
    }
  }
  return singular;
}

/** Newton step: information^-1 score (information positive definite). */
function newtonStep(evaluation: Evaluation, p: number): number[] {
  const cholesky = new CholeskyDecomposition(toMatrix(evaluation.information, p));
  return cholesky.solve(Matrix.columnVector(Array.from(evaluation.score))).getColumn(0);
}

function notConverged(
  data: Prepared,
  names: readonly string[],
  ties: "efron" | "breslow",
  iterations: number,
  reason: string,
  logLikelihood0: number,
): CoxFit {
  return {
    converged: false,
    reason,
    ties,
    iterations,
    n: data.n,
    events: data.event.reduce((a, b) => a + b, 0),
    names: [...names],
    coefficients: [],
    logLikelihood: [logLikelihood0, logLikelihood0],
    likelihoodRatio: { chiSquare: 0, df: 0, pValue: 1 },
    concordance: { estimate: NaN },
    means: data.means,
    baselineCumulativeHazard: [],
    proportionalHazards: { terms: [], global: { chiSquare: 0, df: 0, pValue: 1 } },
    variance: [],
  };
}

/** Fits the model; names label the covariates, in the order of each row's covariates. */
export function fitCox(rows: readonly CoxRow[], names: readonly string[], options: CoxOptions = {}): CoxFit {
  const ties = options.ties ?? "efron";
  const maxIterations = options.maxIterations ?? 20;
  if (names.length === 0) throw new RangeError("a Cox model needs at least one covariate");
  if (rows.length === 0) throw new RangeError("a Cox model needs at least one row");
  const data = prepare(rows, names, ties === "efron");
  const p = names.length;
  const events = data.event.reduce((a, b) => a + b, 0);

  let beta = new Array<number>(p).fill(0);
  let current = evaluate(data, beta);
  const logLikelihood0 = current.logLikelihood;
  if (events === 0) return notConverged(data, names, ties, 0, "there are no deaths to fit", logLikelihood0);
  const checkSingular = (evaluation: Evaluation, iteration: number): CoxFit | null => {
    const singular = singularColumns(evaluation.information, p);
    if (singular.length === 0) return null;
    const which = singular.map((j) => names[j]).join(", ");
    return notConverged(data, names, ties, iteration, `singular information matrix: ${which} constant or a combination of the other covariates`, logLikelihood0);
  };
  const singularAtStart = checkSingular(current, 0);
  if (singularAtStart) return singularAtStart;

  let bestLogLikelihood = current.logLikelihood;
  let step = newtonStep(current, p);
  let candidate = beta.map((b, j) => b + step[j]!);
  let halving = false;
  let converged = false;
  let iterations = 0;
  for (iterations = 1; iterations <= maxIterations; iterations++) {
    const next = evaluate(data, candidate);
    const finite = Number.isFinite(next.logLikelihood);
    if (finite) {
      const singular = checkSingular(next, iterations);
      if (singular) return singular;
    }
    if (finite && Math.abs(1 - bestLogLikelihood / next.logLikelihood) <= CONVERGENCE_EPS && !halving) {
      beta = candidate;
      current = next;
      converged = true;
      break;
    }
    if (iterations === maxIterations) {
      if (finite) {
        beta = candidate;
        current = next;
      }
      break;
    }
    if (!finite || next.logLikelihood < bestLogLikelihood) {
      // Not converging: go back half way.
      halving = true;
      candidate = candidate.map((c, j) => (c + beta[j]!) / 2);
    } else {
      halving = false;
      bestLogLikelihood = next.logLikelihood;
      beta = candidate;
      current = next;
      step = newtonStep(next, p);
      candidate = candidate.map((c, j) => c + step[j]!);
    }
  }
  iterations = Math.min(iterations, maxIterations);
  if (!Number.isFinite(current.logLikelihood)) {
    return notConverged(data, names, ties, iterations, "the likelihood overflowed: a coefficient may be infinite", logLikelihood0);
  }

  const variance = inverse(toMatrix(current.information, p));
  let reason: string | undefined;
  if (!converged) reason = `did not converge in ${maxIterations} iterations`;
  else {
    const nextStep = Matrix.rowVector(Array.from(current.score)).mmul(variance).getRow(0);
    const infinite = names.filter((_, j) => {
      const move = Math.abs(nextStep[j]!);
      return move > CONVERGENCE_EPS && move > TOLERANCE_INFINITE * Math.abs(beta[j]!);
    });
    if (infinite.length > 0) {
      converged = false;
      reason = `the likelihood converged before ${infinite.join(", ")}: coefficient may be infinite (monotone likelihood)`;
    }
  }

  const coefficients = names.map((name, j): CoxCoefficient => {
    const b = beta[j]!;
    const se = Math.sqrt(variance.get(j, j));
    const z = b / se;
    return {
      name,
      beta: b,
      standardError: se,
      hazardRatio: Math.exp(b),
      lower: Math.exp(b - Z95 * se),
      upper: Math.exp(b + Z95 * se),
      z,
      pValue: twoSidedNormalPValue(z),
    };
  });
  const lrt = 2 * (current.logLikelihood - logLikelihood0);
  const lp = new Float64Array(data.n);
  for (let i = 0; i < data.n; i++) for (let j = 0; j < p; j++) lp[i]! += data.x[i * p + j]! * beta[j]!;
  const c = concordanceOf(data.time, data.event, lp);

  return {
    converged,
    ...(reason ? { reason } : {}),
    ties,
    iterations,
    n: data.n,
    events,
    names: [...names],
    coefficients,
    logLikelihood: [logLikelihood0, current.logLikelihood],
    likelihoodRatio: { chiSquare: lrt, df: p, pValue: chiSquareUpperTail(lrt, p) },
    concordance: { estimate: c.estimate, standardError: c.standardError },
    means: data.means,
    baselineCumulativeHazard: baselineHazard(data, beta),
    proportionalHazards: proportionalHazardsTest(data, beta, names),
    variance: variance.to2DArray(),
  };
}

/** Cumulative baseline hazard at the means, with the pieces of its variance, at every distinct time. */
function baselineHazard(data: Prepared, beta: readonly number[]): BaselineHazardPoint[] {
  const { n, p, time, event, x, efron } = data;
  const risk = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let lp = 0;
    for (let j = 0; j < p; j++) lp += x[i * p + j]! * beta[j]!;
    risk[i] = Math.exp(lp);
  }
  // Risk-set sums per distinct time, from the latest backwards.
  const increments: { time: number; hazard: number; variance: number; means: Float64Array }[] = [];
  let s0 = 0;
  const s1 = new Float64Array(p);
  for (let i = n - 1; i >= 0; ) {
    const t = time[i]!;
    let deaths = 0;
    let d0 = 0;
    const d1 = new Float64Array(p);
    for (; i >= 0 && time[i] === t; i--) {
      s0 += risk[i]!;
      for (let j = 0; j < p; j++) s1[j]! += risk[i]! * x[i * p + j]!;
      if (event[i]) {
        deaths++;
        d0 += risk[i]!;
        for (let j = 0; j < p; j++) d1[j]! += risk[i]! * x[i * p + j]!;
      }
    }
    let hazard = 0;
    let variance = 0;
    const means = new Float64Array(p);
    for (let k = 0; k < deaths; k++) {
      const f = efron ? k / deaths : 0;
      const denominator = s0 - f * d0;
      hazard += 1 / denominator;
      variance += 1 / (denominator * denominator);
      for (let j = 0; j < p; j++) means[j]! += (s1[j]! - f * d1[j]!) / (denominator * denominator);
    }
    increments.push({ time: t, hazard, variance, means });
  }
  increments.reverse();
  let hazard = 0;
  let variance = 0;
  const cumulativeMeans = new Array<number>(p).fill(0);
  return increments.map((increment) => {
    hazard += increment.hazard;
    variance += increment.variance;
    for (let j = 0; j < p; j++) cumulativeMeans[j]! += increment.means[j]!;
    return { time: increment.time, hazard, hazardVariance: variance, weightedMeans: [...cumulativeMeans] };
  });
}

/** cox.zph with transform "km": per-covariate and global score tests of a time-varying effect. */
function proportionalHazardsTest(data: Prepared, beta: readonly number[], names: readonly string[]): CoxFit["proportionalHazards"] {
  const { n, p, time, event } = data;
  // g = 1 - KM(t-), the left-continuous Kaplan-Meier of all rows, at each row's time.
  const g = new Float64Array(n);
  let survivalBefore = 1;
  for (let i = 0; i < n; ) {
    const t = time[i]!;
    const atRisk = n - i;
    let deaths = 0;
    const start = i;
    for (; i < n && time[i] === t; i++) deaths += event[i]!;
    for (let k = start; k < i; k++) g[k] = 1 - survivalBefore;
    survivalBefore *= 1 - deaths / atRisk;
  }
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) if (event[i]) {
    sum += g[i]!;
    count++;
  }
  const centre = sum / count;
  for (let i = 0; i < n; i++) g[i]! -= centre;

  const { information, timeWeighted } = evaluate(data, beta, g);
  const tw = timeWeighted!;
  const full = new Matrix(2 * p, 2 * p);
  for (let j = 0; j < p; j++) {
    for (let l = 0; l < p; l++) {
      full.set(j, l, information[j * p + l]!);
      full.set(j, p + l, tw.informationG[j * p + l]!);
      full.set(p + j, l, tw.informationG[j * p + l]!);
      full.set(p + j, p + l, tw.informationG2[j * p + l]!);
    }
  }
  const test = (indices: number[], df: number) => {
    const sub = full.selection(indices, indices);
    const u = Matrix.columnVector(indices.map((index) => (index < p ? 0 : tw.score[index - p]!)));
    const chiSquare = u.transpose().mmul(solve(sub, u)).get(0, 0);
    return { chiSquare, df, pValue: chiSquareUpperTail(chiSquare, df) };
  };
  const base = Array.from({ length: p }, (_, j) => j);
  return {
    terms: names.map((name, j) => ({ name, ...test([...base, p + j], 1) })),
    global: test([...base, ...base.map((j) => p + j)], p),
  };
}

export interface PredictedSurvival {
  time: number;
  survival: number;
  /** Standard error of the cumulative hazard, -log S (R's survfit std.err). */
  stdErrCumulativeHazard: number;
  lower: number;
  upper: number;
}

/**
 * Survival of a patient with these covariates at each time, with a pointwise interval (level 0.95 and type "log",
 * R's survfit.coxph defaults, unless given). Before the first time, survival is 1.
 */
export function predictSurvival(
  fit: CoxFit,
  covariates: readonly number[],
  times: readonly number[],
  options: { intervalType?: IntervalType; confidenceLevel?: number } = {},
): PredictedSurvival[] {
  if (fit.coefficients.length === 0) throw new RangeError(`the model has no estimates to predict from${fit.reason ? `: ${fit.reason}` : ""}`);
  const p = fit.coefficients.length;
  if (covariates.length !== p) throw new RangeError(`${covariates.length} covariates for a model of ${p}`);
  const intervalType = options.intervalType ?? "log";
  const z = normalQuantile(1 - (1 - (options.confidenceLevel ?? 0.95)) / 2);
  const centred = covariates.map((v, j) => v - fit.means[j]!);
  const lp = centred.reduce((sum, v, j) => sum + v * fit.coefficients[j]!.beta, 0);
  const risk = Math.exp(lp);
  const baseline = fit.baselineCumulativeHazard;
  return times.map((time) => {
    let lo = 0;
    let hi = baseline.length - 1;
    let index = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (baseline[mid]!.time <= time) {
        index = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (index < 0) return { time, survival: 1, stdErrCumulativeHazard: 0, lower: 1, upper: 1 };
    const point = baseline[index]!;
    const a = centred.map((v, j) => point.hazard * v - point.weightedMeans[j]!);
    let quadratic = 0;
    for (let j = 0; j < p; j++) for (let l = 0; l < p; l++) quadratic += a[j]! * fit.variance[j]![l]! * a[l]!;
    const se = Math.sqrt(point.hazardVariance + quadratic) * risk;
    const survival = Math.exp(-point.hazard * risk);
    const [lower, upper] = survivalInterval(survival, se, z, intervalType);
    return {
      time,
      survival,
      stdErrCumulativeHazard: se,
      lower: Number.isNaN(lower) ? survival : lower,
      upper: Number.isNaN(upper) ? survival : upper,
    };
  });
}
