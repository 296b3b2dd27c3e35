import { describe, expect, it } from "vitest";
// eslint-disable-next-line no-restricted-imports -- the tests compare with R on the real cohort, read through the demo-data setting
import { readNcctgLung } from "@/integrations/demo-data/ncctg-lung";
import { concordance } from "./concordance";
import { type CoxRow, fitCox, predictSurvival } from "./cox";
import reference from "./reference/ncctg-lung.r-survival.json";

const NAMES = ["age", "sex", "ph.ecog"];
const complete = readNcctgLung().filter((p) => p.age !== null && p.sex !== null && p.ecog !== null);
const rows: CoxRow[] = complete.map((p) => ({ time: p.time, event: p.dead, covariates: [p.age!, p.sex!, p.ecog!] }));
const monthlyRows: CoxRow[] = rows.map((row) => ({ ...row, time: Math.ceil(row.time / 30.4) }));

function expectClose(actual: number, expected: number, relative = 1e-9) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(Math.abs(expected), 1e-300));
}
function expectAllClose(actual: readonly number[], expected: readonly number[], relative = 1e-9) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => expectClose(value, expected[i]!, relative));
}

type RCox = typeof reference.cox_efron;

function compareWithR(fitRows: CoxRow[], r: RCox, ties: "efron" | "breslow") {
  const fit = fitCox(fitRows, NAMES, { ties });
  expect(fit.converged).toBe(true);
  expect(fit.reason).toBeUndefined();
  expect(fit.iterations).toBe(r.iterations);
  expect(fit.n).toBe(r.n);
  expect(fit.events).toBe(r.events);
  const c = fit.coefficients;
  expect(c.map((x) => x.name)).toEqual(r.names);
  expectAllClose(c.map((x) => x.beta), r.coef);
  expectAllClose(c.map((x) => x.standardError), r.se);
  expectAllClose(c.map((x) => x.hazardRatio), r.hr);
  expectAllClose(c.map((x) => x.lower), r.lower);
  expectAllClose(c.map((x) => x.upper), r.upper);
  expectAllClose(c.map((x) => x.z), r.z);
  expectAllClose(c.map((x) => x.pValue), r.p, 1e-7);
  expectAllClose(fit.logLikelihood, r.loglik, 1e-12);
  expectClose(fit.likelihoodRatio.chiSquare, r.lrt.chisq);
  expect(fit.likelihoodRatio.df).toBe(r.lrt.df);
  expectClose(fit.likelihoodRatio.pValue, r.lrt.p, 1e-7);
  expectClose(fit.concordance.estimate, r.concordance.estimate, 1e-12);
  expectClose(fit.concordance.standardError!, r.concordance.std, 1e-9);
  expectAllClose(fit.means, r.means, 1e-12);
  fit.variance.forEach((row, i) => expectAllClose(row, r.variance[i]!));
  const zph = [...fit.proportionalHazards.terms, { name: "GLOBAL", ...fit.proportionalHazards.global }];
  expect(zph.map((t) => t.name)).toEqual(r.zph.terms);
  expectAllClose(zph.map((t) => t.chiSquare), r.zph.chisq);
  expect(zph.map((t) => t.df)).toEqual(r.zph.df);
  expectAllClose(zph.map((t) => t.pValue), r.zph.p, 1e-7);
  expect(fit.baselineCumulativeHazard.map((b) => b.time)).toEqual(r.basehaz.time);
  expectAllClose(fit.baselineCumulativeHazard.map((b) => b.hazard), r.basehaz.hazard);
  for (const intervalType of ["log", "log-log"] as const) {
    const expected = r.survfit[intervalType];
    const predicted = predictSurvival(fit, [r.survfit.newdata.age, r.survfit.newdata.sex, r.survfit.newdata["ph.ecog"]], r.survfit.times, { intervalType });
    expect(predicted.map((x) => x.time)).toEqual(r.survfit.times);
    expectAllClose(predicted.map((x) => x.survival), expected.surv);
    expectAllClose(predicted.map((x) => x.stdErrCumulativeHazard), expected["std.err.cumhaz"]);
    expectAllClose(predicted.map((x) => x.lower), expected.lower);
    expectAllClose(predicted.map((x) => x.upper), expected.upper);
  }
  return fit;
}

describe("Cox model on the NCCTG lung cohort matches R coxph", () => {
  it("Efron ties: estimates, tests, concordance, cox.zph, basehaz and survfit(newdata) to 1e-9", () => {
    compareWithR(rows, reference.cox_efron, "efron");
  });

  it("Breslow ties", () => {
    compareWithR(rows, reference.cox_breslow as RCox, "breslow");
  });

  it("heavy ties (whole months), Efron", () => {
    compareWithR(monthlyRows, reference.monthly.cox_efron as RCox, "efron");
  });

  it("gives the headline figures", () => {
    const fit = fitCox(rows, NAMES);
    expect(fit.n).toBe(227);
    const [age, sex, ecog] = fit.coefficients;
    expect([sex!.hazardRatio, sex!.lower, sex!.upper].map((v) => v.toFixed(3))).toEqual(["0.575", "0.414", "0.799"]);
    expect([ecog!.hazardRatio, ecog!.lower, ecog!.upper].map((v) => v.toFixed(3))).toEqual(["1.590", "1.273", "1.986"]);
    expect([age!.hazardRatio, age!.lower, age!.upper].map((v) => v.toFixed(3))).toEqual(["1.011", "0.993", "1.030"]);
    expect(fit.concordance.estimate.toFixed(3)).toBe("0.637");
  });
});

describe("Cox model failures are reported, not hidden", () => {
  const small: CoxRow[] = [0.3, 1.2, -0.5, 0.8, 0.1, -1, 0.4, 0.9, -0.2, 0.5].map((z, i) => ({
    time: i + 1,
    event: true,
    covariates: [i < 5 ? 1 : 0, z],
  }));

  it("a constant covariate makes the information singular", () => {
    const fit = fitCox(small.map((row) => ({ ...row, covariates: [row.covariates[1]!, 1] })), ["z", "constant"]);
    expect(fit.converged).toBe(false);
    expect(fit.reason).toMatch(/singular.*constant/);
    expect(fit.coefficients).toEqual([]);
    expect(() => predictSurvival(fit, [0, 1], [1])).toThrow(/no estimates/);
  });

  it("a covariate that is a multiple of another is singular too", () => {
    const fit = fitCox(small.map((row) => ({ ...row, covariates: [row.covariates[1]!, 2 * row.covariates[1]!] })), ["z", "twice z"]);
    expect(fit.converged).toBe(false);
    expect(fit.reason).toMatch(/twice z/);
  });

  it("monotone likelihood (everyone with x = 1 dies first): the coefficient may be infinite", () => {
    // R: coxph warns "Loglik converged before variable 1; coefficient may be infinite", beta(x) = 22.27 after 20 iterations.
    const fit = fitCox(small, ["x", "z"]);
    expect(fit.converged).toBe(false);
    expect(fit.reason).toMatch(/x: coefficient may be infinite/);
    expect(fit.iterations).toBe(20);
    expectClose(fit.coefficients[0]!.beta, 22.2718000, 1e-7);
    expectClose(fit.coefficients[1]!.beta, -0.2517441, 1e-6);
  });

  it("no deaths: nothing to fit", () => {
    const fit = fitCox(small.map((row) => ({ ...row, event: false })), ["x", "z"]);
    expect(fit).toMatchObject({ converged: false, reason: "there are no deaths to fit", coefficients: [] });
  });

  it("refuses malformed input", () => {
    expect(() => fitCox([], ["x"])).toThrow(RangeError);
    expect(() => fitCox(small, [])).toThrow(/at least one covariate/);
    expect(() => fitCox([{ time: 1, event: true, covariates: [1] }], ["x", "z"])).toThrow(/1 covariates for 2 names/);
    expect(() => fitCox([{ time: 1, event: true, covariates: [NaN] }], ["x"])).toThrow(/finite/);
    expect(() => fitCox([{ time: -2, event: true, covariates: [1] }], ["x"])).toThrow(/time/);
  });
});

describe("concordance", () => {
  it("counts pairs as R's concordance() on the lung Cox fit", () => {
    const fit = fitCox(rows, NAMES);
    const lp = rows.map((row) => row.covariates.reduce((sum, v, j) => sum + (v - fit.means[j]!) * fit.coefficients[j]!.beta, 0));
    const c = concordance(rows.map((r) => r.time), rows.map((r) => r.event), lp);
    const [concordant, discordant, tiedX, tiedY, tiedXY] = reference.cox_efron.concordance.counts;
    expect(c.counts).toEqual({ concordant, discordant, tiedRisk: tiedX, tiedTime: tiedY! + tiedXY! });
  });

  it("compares a death with a patient censored at the same time, not two deaths at the same time", () => {
    // Death at 2 (risk 3) vs censored at 2 (risk 1): concordant. Deaths at 5 (risks 2, 0): tied on time.
    const c = concordance([2, 2, 5, 5], [true, false, true, true], [3, 1, 2, 0]);
    expect(c.counts).toEqual({ concordant: 3, discordant: 0, tiedRisk: 0, tiedTime: 1 });
    expect(c.estimate).toBe(1);
    expect(concordance([1, 2], [true, false], [1, 1]).estimate).toBe(0.5);
    expect(concordance([1, 2], [false, false], [1, 2]).estimate).toBeNaN();
  });
});
