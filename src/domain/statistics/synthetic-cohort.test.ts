import { describe, expect, it } from "vitest";
import { fitCox } from "./cox";
import { createRandom, shuffled, syntheticCohort } from "./synthetic-cohort";

describe("seeded random numbers", () => {
  it("the same seed gives the same sequence, another seed another", () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(first);
  });

  it("uniforms and normals have the moments they should", () => {
    const random = createRandom(7);
    const n = 100_000;
    const uniforms = Array.from({ length: n }, () => random.next());
    expect(Math.min(...uniforms)).toBeGreaterThan(0);
    expect(Math.max(...uniforms)).toBeLessThan(1);
    expect(uniforms.reduce((a, b) => a + b, 0) / n).toBeCloseTo(0.5, 2);
    const normals = Array.from({ length: n }, () => random.normal());
    const mean = normals.reduce((a, b) => a + b, 0) / n;
    const variance = normals.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
  });

  it("shuffles without losing anyone", () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const result = shuffled(items, createRandom(1));
    expect(result).not.toEqual(items);
    expect([...result].sort((a, b) => a - b)).toEqual(items);
  });
});

describe("synthetic cohorts recover the truth", () => {
  it("a large cohort: the Cox 95% intervals contain the true log hazard ratios", () => {
    const cohort = syntheticCohort({ n: 5000, seed: 2024, logHazardRatio: Math.log(0.7), covariateEffects: [0.3, -0.2, 0] });
    const fit = fitCox(cohort.rows, cohort.names);
    expect(fit.converged).toBe(true);
    fit.coefficients.forEach((c, j) => {
      expect(Math.log(c.lower)).toBeLessThan(cohort.truth[j]!);
      expect(Math.log(c.upper)).toBeGreaterThan(cohort.truth[j]!);
    });
    // Some patients are censored, most die.
    const deaths = cohort.rows.filter((r) => r.event).length;
    expect(deaths).toBeGreaterThan(2500);
    expect(deaths).toBeLessThan(5000);
  }, 30_000);

  it("over 400 cohorts the 95% interval of the treatment effect covers the truth about 95% of the time", () => {
    const truth = Math.log(0.6);
    let covered = 0;
    const replicates = 400;
    for (let seed = 1; seed <= replicates; seed++) {
      const cohort = syntheticCohort({ n: 200, seed, logHazardRatio: truth, covariateEffects: [0.5], roundTo: 7 });
      const [treated] = fitCox(cohort.rows, cohort.names).coefficients;
      if (Math.log(treated!.lower) <= truth && truth <= Math.log(treated!.upper)) covered++;
    }
    // Binomial(400, 0.95): 0.92-0.98 holds with probability > 0.99.
    expect(covered / replicates).toBeGreaterThan(0.92);
    expect(covered / replicates).toBeLessThan(0.98);
  }, 60_000);

  it("rounding times creates ties; the same seed gives the same cohort", () => {
    const options = { n: 300, seed: 5, logHazardRatio: 0, roundTo: 30 };
    const cohort = syntheticCohort(options);
    expect(new Set(cohort.rows.map((r) => r.time)).size).toBeLessThan(100);
    expect(cohort.rows.every((r) => r.time % 30 === 0)).toBe(true);
    expect(syntheticCohort(options)).toEqual(cohort);
    expect(() => syntheticCohort({ ...options, n: -1 })).toThrow(RangeError);
  });
});
