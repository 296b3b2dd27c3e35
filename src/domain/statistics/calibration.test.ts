import { describe, expect, it } from "vitest";
// eslint-disable-next-line no-restricted-imports -- the tests compare with R on the real cohort, read through the demo-data setting
import { readNcctgLung } from "@/integrations/demo-data/ncctg-lung";
import { crossValidate } from "./calibration";
import type { CoxRow } from "./cox";
import { syntheticCohort } from "./synthetic-cohort";

describe("cross-validated discrimination and calibration", () => {
  it("a correctly specified model is well calibrated on held-out folds", () => {
    const cohort = syntheticCohort({ n: 3000, seed: 11, logHazardRatio: Math.log(0.5), covariateEffects: [0.6, -0.4] });
    const result = crossValidate(cohort.rows, cohort.names, { folds: 5, seed: 3, time: 365 });
    expect(result.folds).toHaveLength(5);
    expect(result.folds.every((f) => f.converged && f.testRows === 600)).toBe(true);
    expect(result.folds.reduce((sum, f) => sum + f.testEvents, 0)).toBe(cohort.rows.filter((r) => r.event).length);
    expect(result.pooled.rows).toBe(3000);
    expect(result.pooled.concordance.estimate).toBeGreaterThan(0.6);
    expect(result.pooled.meanFoldConcordance).toBeGreaterThan(0.6);
    const slope = result.pooled.calibrationSlope!;
    expect(slope.lower).toBeLessThan(1);
    expect(slope.upper).toBeGreaterThan(1);
    const large = result.pooled.calibrationInTheLarge;
    expect(large.predicted).toBeGreaterThan(large.lower);
    expect(large.predicted).toBeLessThan(large.upper);
    expect(result.pooled.groups).toHaveLength(5);
    expect(result.pooled.groups.reduce((sum, g) => sum + g.n, 0)).toBe(3000);
    // Groups are ordered from the worst predicted survival to the best, and the observed follows.
    const observed = result.pooled.groups.map((g) => g.observed);
    expect(observed[0]).toBeLessThan(observed[4]!);
    for (const group of result.pooled.groups) {
      expect(Math.abs(group.predicted - group.observed)).toBeLessThan(0.06);
    }
  }, 30_000);

  it("an overfitted model shows a calibration slope below 1", () => {
    // 60 patients, 12 covariates of pure noise and one weak real effect.
    const cohort = syntheticCohort({ n: 60, seed: 8, logHazardRatio: 0.3, covariateEffects: new Array(12).fill(0), censoringHazard: 0 });
    const result = crossValidate(cohort.rows, cohort.names, { folds: 5, seed: 1, time: 180 });
    expect(result.pooled.calibrationSlope!.estimate).toBeLessThan(0.7);
  });

  it("is reproducible with the seed, and refuses impossible splits", () => {
    const cohort = syntheticCohort({ n: 200, seed: 2, logHazardRatio: -0.5 });
    const options = { folds: 4, seed: 9, time: 200 };
    expect(crossValidate(cohort.rows, cohort.names, options)).toEqual(crossValidate(cohort.rows, cohort.names, options));
    expect(() => crossValidate(cohort.rows, cohort.names, { ...options, folds: 1 })).toThrow(/at least 2 folds/);
    expect(() => crossValidate(cohort.rows.slice(0, 3), cohort.names, options)).toThrow(/cannot be split/);
  });

  it("reports a fold whose model cannot be fitted instead of hiding it", () => {
    const cohort = syntheticCohort({ n: 100, seed: 4, logHazardRatio: 0 });
    const rows: CoxRow[] = cohort.rows.map((row) => ({ ...row, covariates: [...row.covariates, 1] }));
    expect(() => crossValidate(rows, [...cohort.names, "constant"], { folds: 2, seed: 1, time: 100 })).toThrow(/no fold/);
  });

  it("on the NCCTG lung cohort: age, sex and ECOG discriminate modestly out of sample", () => {
    const rows: CoxRow[] = readNcctgLung()
      .filter((p) => p.age !== null && p.sex !== null && p.ecog !== null)
      .map((p) => ({ time: p.time, event: p.dead, covariates: [p.age!, p.sex!, p.ecog!] }));
    const result = crossValidate(rows, ["age", "sex", "ph.ecog"], { folds: 5, seed: 1, time: 365 });
    // In-sample C is 0.637; held out it is a little lower.
    expect(result.pooled.concordance.estimate).toBeGreaterThan(0.55);
    expect(result.pooled.concordance.estimate).toBeLessThan(0.66);
    expect(result.folds.every((f) => f.converged)).toBe(true);
  });
});
