/**
 * Log-rank test of k groups, as R's `survdiff(Surv(time, status) ~ group)` with rho = 0 (survival 3.5).
 *
 * How it is computed:
 * 1. All observations are pooled and sorted once; walking the distinct death times, with n at risk (time >= t) and
 *    d deaths overall, n_g at risk and d_g deaths in group g:
 *      observed O_g = sum d_g,  expected E_g = sum d n_g / n,
 *      variance V_gh = sum d (n - d) / (n - 1) * n_g / n * (1[g = h] - n_h / n)   (times with n = 1 add nothing).
 * 2. Groups with E_g = 0 (no one at risk at any death) are dropped, as R does; the first remaining group is left out
 *    of (O - E) and V, which are singular otherwise, and chi-square = (O - E)' V^-1 (O - E) with
 *    (number of remaining groups - 1) degrees of freedom; p = P(chi-square > statistic).
 * 3. Fewer than two groups with someone at risk at a death, or no death at all, is refused: there is nothing to test.
 */
import { Matrix, solve } from "ml-matrix";
import { chiSquareUpperTail } from "./distributions";
import { assertValidObservations, type SurvivalObservation } from "./kaplan-meier";

export interface LogRankResult {
  chiSquare: number;
  df: number;
  pValue: number;
  /** Per group, in the order given. */
  observed: number[];
  expected: number[];
  /** Variance-covariance matrix of O - E, k x k. */
  variance: number[][];
}

export class LogRankNotApplicableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LogRankNotApplicableError";
  }
}

export function logRank(groups: readonly (readonly SurvivalObservation[])[]): LogRankResult {
  const k = groups.length;
  if (k < 2) throw new LogRankNotApplicableError(`the log-rank test compares at least two groups (got ${k})`);
  const pooled: { time: number; event: boolean; group: number }[] = [];
  groups.forEach((observations, group) => {
    assertValidObservations(observations);
    for (const o of observations) pooled.push({ time: o.time, event: o.event, group });
  });
  pooled.sort((a, b) => a.time - b.time);

  const atRisk = groups.map((g) => g.length);
  let total = pooled.length;
  const observed = new Array<number>(k).fill(0);
  const expected = new Array<number>(k).fill(0);
  const variance = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const deathsByGroup = new Array<number>(k).fill(0);
  const leavingByGroup = new Array<number>(k).fill(0);

  for (let i = 0; i < pooled.length; ) {
    const time = pooled[i]!.time;
    deathsByGroup.fill(0);
    leavingByGroup.fill(0);
    let deaths = 0;
    let leaving = 0;
    for (; i < pooled.length && pooled[i]!.time === time; i++) {
      const { group, event } = pooled[i]!;
      leavingByGroup[group]!++;
      leaving++;
      if (event) {
        deathsByGroup[group]!++;
        deaths++;
      }
    }
    if (deaths > 0) {
      const n = total;
      for (let g = 0; g < k; g++) {
        observed[g]! += deathsByGroup[g]!;
        expected[g]! += (deaths * atRisk[g]!) / n;
      }
      if (n > 1) {
        const factor = (deaths * (n - deaths)) / (n - 1);
        for (let g = 0; g < k; g++) {
          const share = atRisk[g]! / n;
          for (let h = 0; h < k; h++) variance[g]![h]! += factor * share * ((g === h ? 1 : 0) - atRisk[h]! / n);
        }
      }
    }
    for (let g = 0; g < k; g++) atRisk[g]! -= leavingByGroup[g]!;
    total -= leaving;
  }

  const kept = expected.map((e, g) => (e > 0 ? g : -1)).filter((g) => g >= 0);
  if (observed.every((o) => o === 0)) throw new LogRankNotApplicableError("no deaths: the log-rank test has nothing to compare");
  if (kept.length < 2) throw new LogRankNotApplicableError("only one group has patients at risk at the death times");
  const tested = kept.slice(1);
  const difference = Matrix.columnVector(tested.map((g) => observed[g]! - expected[g]!));
  const v = new Matrix(tested.map((g) => tested.map((h) => variance[g]![h]!)));
  const chiSquare = difference.transpose().mmul(solve(v, difference)).get(0, 0);
  const df = tested.length;
  return { chiSquare, df, pValue: chiSquareUpperTail(chiSquare, df), observed, expected, variance };
}
