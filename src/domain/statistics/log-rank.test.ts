import { describe, expect, it } from "vitest";
// eslint-disable-next-line no-restricted-imports -- the tests compare with R on the real cohort, read through the demo-data setting
import { readNcctgLung } from "@/integrations/demo-data/ncctg-lung";
import type { SurvivalObservation } from "./kaplan-meier";
import { logRank, LogRankNotApplicableError } from "./log-rank";
import reference from "./reference/ncctg-lung.r-survival.json";

const lung = readNcctgLung();

function groupBy(patients: typeof lung, key: (p: (typeof lung)[number]) => number | null, levels: number[], month = false) {
  return levels.map((level) =>
    patients.filter((p) => key(p) === level).map((p): SurvivalObservation => ({ time: month ? Math.ceil(p.time / 30.4) : p.time, event: p.dead })),
  );
}

function expectClose(actual: number, expected: number, relative = 1e-9) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

function expectMatches(result: ReturnType<typeof logRank>, r: { chisq: number; df: number; p: number; observed: number[]; expected: number[]; variance: number[] }) {
  expectClose(result.chiSquare, r.chisq);
  expect(result.df).toBe(r.df);
  expectClose(result.pValue, r.p);
  expect(result.observed).toEqual(r.observed);
  result.expected.forEach((e, i) => expectClose(e, r.expected[i]!));
  // R stores the k x k variance column by column; it is symmetric.
  result.variance.flat().forEach((v, i) => expectClose(v, r.variance[i]!));
}

describe("log-rank test matches R survdiff", () => {
  it("by sex: chi-square 10.3 on 1 df", () => {
    const result = logRank(groupBy(lung, (p) => p.sex, [1, 2]));
    expectMatches(result, reference.logrank_sex);
    expect(result.chiSquare.toFixed(1)).toBe("10.3");
    expect(result.observed).toEqual([112, 53]);
  });

  it("by ECOG score: four groups, one of them a single patient", () => {
    expectMatches(logRank(groupBy(lung, (p) => p.ecog, [0, 1, 2, 3])), reference.logrank_ecog);
  });

  it("with heavy ties (whole months)", () => {
    const complete = lung.filter((p) => p.age !== null && p.sex !== null && p.ecog !== null);
    expectMatches(logRank(groupBy(complete, (p) => p.sex, [1, 2], true)), reference.monthly.logrank_sex);
  });
});

describe("log-rank refusals", () => {
  const some: SurvivalObservation[] = [
    { time: 1, event: true },
    { time: 3, event: false },
  ];
  it("refuses a single group", () => {
    expect(() => logRank([some])).toThrow(LogRankNotApplicableError);
    expect(() => logRank([])).toThrow(/at least two groups/);
  });
  it("refuses groups without any death", () => {
    expect(() => logRank([[{ time: 1, event: false }], [{ time: 2, event: false }]])).toThrow(/no deaths/);
  });
  it("refuses when only one group is at risk at the deaths", () => {
    expect(() => logRank([some, []])).toThrow(/only one group/);
  });
  it("drops an empty group and keeps testing the others, as R", () => {
    const other: SurvivalObservation[] = [
      { time: 2, event: true },
      { time: 4, event: true },
    ];
    const withEmpty = logRank([some, [], other]);
    const without = logRank([some, other]);
    expect(withEmpty.df).toBe(1);
    expect(withEmpty.chiSquare).toBeCloseTo(without.chiSquare, 12);
  });
});
