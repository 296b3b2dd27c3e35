/**
 * Kaplan-Meier survival curve with Greenwood's variance, as R's `survfit(Surv(time, status) ~ 1)` (survival 3.5).
 *
 * How the curve is computed:
 * 1. Observations are sorted by time; every distinct time (event or censoring) is a step, as in R's survfit object.
 *    At a time, deaths happen before censorings: a patient censored at t was at risk at t.
 * 2. S(t) = prod over steps <= t of (1 - d/n), with n the number at risk (time >= t) and d the deaths at t.
 * 3. Greenwood: var(-log S(t)) = sum over steps <= t of d / (n (n - d)). `stdErr` of a step is the standard error of
 *    S itself, S * sqrt(that sum) (what R's summary.survfit prints; survfit's own `std.err` is sqrt(sum)).
 * 4. Pointwise interval with z = qnorm(1 - (1 - level) / 2), R's survfit_confint:
 *    - "log" (R's default): exp(log S -/+ z se), upper capped at 1;
 *    - "log-log" (the default here, for displayed curves): S^exp(-/+ z se / log S), which stays inside (0, 1);
 *    - "plain": S -/+ z se(S), clipped to [0, 1].
 *    where R gives NA (log-log at S = 1, log and log-log at S = 0, where the variance is infinite) this module gives
 *    the point estimate itself as both limits; the median below still treats those as R's NA.
 * 5. Median and its interval exactly as R's print.survfit (survmean's `minmin`): the first time the curve (for the
 *    interval: the lower limit gives the lower bound, the upper limit the upper bound) is <= 0.5, with a tolerance of
 *    sqrt(machine epsilon); when that value is 0.5 itself (a flat stretch at exactly one half), the midpoint of that
 *    time and the first later time the value drops below 0.5. Null when the curve never reaches 0.5.
 *    The median interval is that of the chosen `intervalType`: with "log" it reproduces R's default printout
 *    (NCCTG lung: 310, 285-363); with "log-log" R's `conf.type = "log-log"` (310, 284-361).
 */
import { normalQuantile } from "./distributions";

export interface SurvivalObservation {
  time: number;
  event: boolean;
}

export type IntervalType = "log" | "log-log" | "plain";

export interface KaplanMeierStep {
  time: number;
  nRisk: number;
  nEvent: number;
  nCensor: number;
  survival: number;
  /** Standard error of the survival estimate (Greenwood). */
  stdErr: number;
  lower: number;
  upper: number;
}

export interface KaplanMeierCurve {
  n: number;
  events: number;
  confidenceLevel: number;
  intervalType: IntervalType;
  steps: KaplanMeierStep[];
  median: { estimate: number | null; lower: number | null; upper: number | null };
}

export interface KaplanMeierOptions {
  /** Two-sided level of the pointwise interval, 0.95 unless given. */
  confidenceLevel?: number;
  /** "log-log" unless given; R's survfit default is "log". */
  intervalType?: IntervalType;
}

/** Throws a RangeError unless every time is a finite number >= 0. */
export function assertValidObservations(observations: readonly SurvivalObservation[]): void {
  for (const [index, observation] of observations.entries()) {
    if (!Number.isFinite(observation.time) || observation.time < 0) {
      throw new RangeError(`observation ${index + 1}: time must be a finite number >= 0 (got ${observation.time})`);
    }
  }
}

/** The z of a two-sided interval at this level. */
export function zForLevel(confidenceLevel: number): number {
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
    throw new RangeError(`confidence level must be between 0 and 1 (got ${confidenceLevel})`);
  }
  return normalQuantile(1 - (1 - confidenceLevel) / 2);
}

/**
 * Limits of a pointwise interval for survival s with standard error seLog of -log s (R's survfit_confint with
 * logse = TRUE). NaN where R gives NA.
 */
export function survivalInterval(s: number, seLog: number, z: number, type: IntervalType): [number, number] {
  if (type === "plain") {
    const half = z * seLog * s;
    return [Math.max(s - half, 0), Math.min(s + half, 1)];
  }
  if (type === "log") {
    if (s === 0 || !Number.isFinite(seLog)) return [NaN, NaN];
    return [Math.exp(Math.log(s) - z * seLog), Math.min(Math.exp(Math.log(s) + z * seLog), 1)];
  }
  if (s === 0 || s === 1 || !Number.isFinite(seLog)) return [NaN, NaN];
  const logMinusLog = Math.log(-Math.log(s));
  const spread = (z * seLog) / Math.log(s);
  return [Math.exp(-Math.exp(logMinusLog - spread)), Math.exp(-Math.exp(logMinusLog + spread))];
}

const HALF_TOLERANCE = Math.sqrt(2.220446049250313e-16);

/** R's survmean `minmin`: the time the values first reach <= 0.5 (NaN entries skipped), with the flat-0.5 rule. */
export function firstTimeAtOrBelowHalf(times: readonly number[], values: readonly number[]): number | null {
  const kept: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (!Number.isNaN(values[i]!) && values[i]! < 0.5 + HALF_TOLERANCE) kept.push(i);
  }
  if (kept.length === 0) return null;
  const first = kept[0]!;
  if (Math.abs(values[first]! - 0.5) < HALF_TOLERANCE) {
    const below = kept.find((i) => values[i]! < values[first]!);
    if (below !== undefined) return (times[first]! + times[below]!) / 2;
  }
  return times[first]!;
}

/** Kaplan-Meier estimate of a group of observations; an empty group gives an empty curve. */
export function kaplanMeier(observations: readonly SurvivalObservation[], options: KaplanMeierOptions = {}): KaplanMeierCurve {
  assertValidObservations(observations);
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  const intervalType = options.intervalType ?? "log-log";
  const z = zForLevel(confidenceLevel);
  const sorted = [...observations].sort((a, b) => a.time - b.time);

  const steps: KaplanMeierStep[] = [];
  // R's NA limits kept as NaN for the median.
  const rawLower: number[] = [];
  const rawUpper: number[] = [];
  let survival = 1;
  let greenwood = 0;
  let events = 0;
  for (let i = 0; i < sorted.length; ) {
    const time = sorted[i]!.time;
    const nRisk = sorted.length - i;
    let nEvent = 0;
    let nCensor = 0;
    for (; i < sorted.length && sorted[i]!.time === time; i++) {
      if (sorted[i]!.event) nEvent++;
      else nCensor++;
    }
    events += nEvent;
    if (nEvent > 0) {
      survival *= 1 - nEvent / nRisk;
      greenwood += nEvent === nRisk ? Infinity : nEvent / (nRisk * (nRisk - nEvent));
    }
    const seLog = Math.sqrt(greenwood);
    const [lower, upper] = survivalInterval(survival, seLog, z, intervalType);
    rawLower.push(lower);
    rawUpper.push(upper);
    steps.push({
      time,
      nRisk,
      nEvent,
      nCensor,
      survival,
      stdErr: survival === 0 || !Number.isFinite(seLog) ? 0 : survival * seLog,
      lower: Number.isNaN(lower) ? survival : lower,
      upper: Number.isNaN(upper) ? survival : upper,
    });
  }

  const times = steps.map((step) => step.time);
  return {
    n: sorted.length,
    events,
    confidenceLevel,
    intervalType,
    steps,
    median: {
      estimate: firstTimeAtOrBelowHalf(times, steps.map((step) => step.survival)),
      lower: firstTimeAtOrBelowHalf(times, rawLower),
      upper: firstTimeAtOrBelowHalf(times, rawUpper),
    },
  };
}

/** Index of the last step at or before time, or -1. */
function lastStepAtOrBefore(steps: readonly KaplanMeierStep[], time: number): number {
  let lo = 0;
  let hi = steps.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid]!.time <= time) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Number of patients still at risk at time: followed for at least that long (R's summary(fit, times=)). */
function atRisk(curve: KaplanMeierCurve, time: number): number {
  const before = lastStepAtOrBefore(curve.steps, time);
  if (before >= 0 && curve.steps[before]!.time === time) return curve.steps[before]!.nRisk;
  const next = curve.steps[before + 1];
  return next ? next.nRisk : 0;
}

/**
 * The curve read at a time (right-continuous step function). Before the first step, survival is 1. After the last
 * step the last value is carried forward, as R's summary.survfit(extend = TRUE) does; nRisk is then 0.
 */
export function survivalAt(curve: KaplanMeierCurve, time: number): { survival: number; lower: number; upper: number; nRisk: number } {
  const index = lastStepAtOrBefore(curve.steps, time);
  const nRisk = atRisk(curve, time);
  if (index < 0) return { survival: 1, lower: 1, upper: 1, nRisk };
  const step = curve.steps[index]!;
  return { survival: step.survival, lower: step.lower, upper: step.upper, nRisk };
}

/** Numbers at risk at each time, for the table under a plotted curve. */
export function numbersAtRisk(curve: KaplanMeierCurve, times: readonly number[]): number[] {
  return times.map((time) => atRisk(curve, time));
}
