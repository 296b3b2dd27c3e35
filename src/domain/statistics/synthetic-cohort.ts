/**
 * A seeded random number generator and synthetic survival cohorts with a known truth, so that tests can show the
 * estimators recover it (e.g. that the Cox 95% interval contains the true log hazard ratio about 95% of the time).
 *
 * How a cohort is drawn:
 * 1. Random numbers: xoshiro128** (Blackman and Vigna), its 128-bit state filled from the seed by splitmix32; the same
 *    seed gives the same cohort on every machine. Normals by Box-Muller.
 * 2. Each patient is treated with probability `treatedFraction` and has covariates drawn standard normal.
 * 3. Event time from the exponential proportional-hazards model: hazard h = baselineHazard exp(logHazardRatio treated
 *    + sum covariateEffects_j x_j), T = -log(U) / h.
 * 4. Censoring time C exponential with `censoringHazard` (none when 0), capped at `followUp` (administrative end of
 *    study); the patient is observed at min(T, C) and died if T <= C.
 * 5. With `roundTo`, observed times are rounded up to a multiple of it (whole days, months), which creates ties.
 */
import type { CoxRow } from "./cox";

export interface Random {
  /** Uniform on (0, 1), never 0 or 1. */
  next(): number;
  /** Standard normal. */
  normal(): number;
  /** Integer in 0..n-1. */
  integer(n: number): number;
}

/** xoshiro128** seeded by splitmix32. */
export function createRandom(seed: number): Random {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const state = new Uint32Array([splitmix(), splitmix(), splitmix(), splitmix()]);
  const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;
  const nextUint32 = () => {
    const result = Math.imul(rotl(Math.imul(state[1]!, 5) >>> 0, 7), 9) >>> 0;
    const t = (state[1]! << 9) >>> 0;
    state[2]! ^= state[0]!;
    state[3]! ^= state[1]!;
    state[1]! ^= state[2]!;
    state[0]! ^= state[3]!;
    state[2]! ^= t;
    state[3] = rotl(state[3]!, 11);
    return result;
  };
  const next = () => (nextUint32() + 0.5) / 4294967296;
  let spare: number | null = null;
  return {
    next,
    normal() {
      if (spare !== null) {
        const value = spare;
        spare = null;
        return value;
      }
      const radius = Math.sqrt(-2 * Math.log(next()));
      const angle = 2 * Math.PI * next();
      spare = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    },
    integer(n: number) {
      return Math.floor(next() * n);
    },
  };
}

/** Fisher-Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.integer(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

export interface SyntheticCohortOptions {
  n: number;
  seed: number;
  /** True log hazard ratio of treatment (treated vs not). */
  logHazardRatio: number;
  /** True log hazard ratios of standard-normal covariates, one per covariate; none unless given. */
  covariateEffects?: readonly number[];
  treatedFraction?: number;
  /** Hazard of the untreated patient with covariates 0, per time unit; 1/365 (per day, median about 253) unless given. */
  baselineHazard?: number;
  /** Hazard of random censoring (loss to follow-up); 0 = none. 1/1000 unless given. */
  censoringHazard?: number;
  /** End of the study: everyone still alive is censored then. 1825 unless given. */
  followUp?: number;
  /** Round observed times up to a multiple of this, creating ties. */
  roundTo?: number;
}

export interface SyntheticCohort {
  rows: CoxRow[];
  /** "treated", then "x1", "x2", ... */
  names: string[];
  /** The true log hazard ratios, in the order of names. */
  truth: number[];
}

export function syntheticCohort(options: SyntheticCohortOptions): SyntheticCohort {
  const {
    n,
    seed,
    logHazardRatio,
    covariateEffects = [],
    treatedFraction = 0.5,
    baselineHazard = 1 / 365,
    censoringHazard = 1 / 1000,
    followUp = 1825,
    roundTo,
  } = options;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number >= 0 (got ${n})`);
  if (!(baselineHazard > 0) || !(censoringHazard >= 0) || !(followUp > 0)) throw new RangeError("hazards and follow-up must be positive");
  const random = createRandom(seed);
  const rows: CoxRow[] = [];
  for (let i = 0; i < n; i++) {
    const treated = random.next() < treatedFraction ? 1 : 0;
    const covariates = covariateEffects.map(() => random.normal());
    const lp = logHazardRatio * treated + covariates.reduce((sum, x, j) => sum + x * covariateEffects[j]!, 0);
    const eventTime = -Math.log(random.next()) / (baselineHazard * Math.exp(lp));
    const censorTime = Math.min(censoringHazard > 0 ? -Math.log(random.next()) / censoringHazard : Infinity, followUp);
    const event = eventTime <= censorTime;
    let time = Math.min(eventTime, censorTime);
    if (roundTo) time = Math.ceil(time / roundTo) * roundTo;
    rows.push({ time, event, covariates: [treated, ...covariates] });
  }
  return {
    rows,
    names: ["treated", ...covariateEffects.map((_, j) => `x${j + 1}`)],
    truth: [logHazardRatio, ...covariateEffects],
  };
}
