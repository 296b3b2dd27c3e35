import { describe, expect, it } from "vitest";
// eslint-disable-next-line no-restricted-imports -- the tests compare with R on the real cohort, read through the demo-data setting
import { readNcctgLung } from "@/integrations/demo-data/ncctg-lung";
import { kaplanMeier, numbersAtRisk, survivalAt, type IntervalType, type SurvivalObservation } from "./kaplan-meier";
import reference from "./reference/ncctg-lung.r-survival.json";

const lung = readNcctgLung();
const all: SurvivalObservation[] = lung.map((p) => ({ time: p.time, event: p.dead }));
const monthly: SurvivalObservation[] = lung
  .filter((p) => p.age !== null && p.sex !== null && p.ecog !== null)
  .map((p) => ({ time: Math.ceil(p.time / 30.4), event: p.dead }));

function expectClose(actual: number, expected: number, relative = 1e-9) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(Math.abs(expected), 1e-12));
}

interface RCurve {
  time: number[];
  "n.risk": number[];
  "n.event": number[];
  "n.censor": number[];
  surv: number[];
  "std.err.surv": (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
  median: { median: number | null; lower: number | null; upper: number | null };
}

function compareWithR(observations: SurvivalObservation[], r: Record<IntervalType, RCurve>) {
  for (const type of ["log", "log-log", "plain"] as const) {
    const expected = r[type];
    const curve = kaplanMeier(observations, { intervalType: type });
    expect(curve.steps.map((s) => s.time)).toEqual(expected.time);
    expect(curve.steps.map((s) => s.nRisk)).toEqual(expected["n.risk"]);
    expect(curve.steps.map((s) => s.nEvent)).toEqual(expected["n.event"]);
    expect(curve.steps.map((s) => s.nCensor)).toEqual(expected["n.censor"]);
    curve.steps.forEach((step, i) => {
      expectClose(step.survival, expected.surv[i]!);
      if (expected["std.err.surv"][i] !== null) expectClose(step.stdErr, expected["std.err.surv"][i]!);
      // R gives NA where the interval is undefined (log-log at S = 1, S = 0); the curve then shows S itself.
      if (expected.lower[i] !== null) expectClose(step.lower, expected.lower[i]!);
      if (expected.upper[i] !== null) expectClose(step.upper, expected.upper[i]!);
    });
    expect(curve.median).toEqual({
      estimate: expected.median.median,
      lower: expected.median.lower,
      upper: expected.median.upper,
    });
  }
}

describe("Kaplan-Meier on the NCCTG lung cohort matches R survival", () => {
  it("overall curve, all three interval types, to 1e-9", () => {
    compareWithR(all, reference.km_overall as unknown as Record<IntervalType, RCurve>);
  });

  it("by sex", () => {
    compareWithR(all.filter((_, i) => lung[i]!.sex === 1), reference.km_by_sex.male as unknown as Record<IntervalType, RCurve>);
    compareWithR(all.filter((_, i) => lung[i]!.sex === 2), reference.km_by_sex.female as unknown as Record<IntervalType, RCurve>);
  });

  it("with heavy ties (survival in whole months)", () => {
    compareWithR(monthly, reference.monthly.km as unknown as Record<IntervalType, RCurve>);
  });

  it("gives the headline figures: median 310 days (95% CI 285-363 with R's default log interval)", () => {
    const curve = kaplanMeier(all, { intervalType: "log" });
    expect(curve.n).toBe(228);
    expect(curve.events).toBe(165);
    expect(curve.median).toEqual({ estimate: 310, lower: 285, upper: 363 });
    expect(kaplanMeier(all).median).toEqual({ estimate: 310, lower: 284, upper: 361 });
    expect(kaplanMeier(all.filter((_, i) => lung[i]!.sex === 1)).median.estimate).toBe(270);
    expect(kaplanMeier(all.filter((_, i) => lung[i]!.sex === 2)).median.estimate).toBe(426);
  });
});

describe("Kaplan-Meier edge cases", () => {
  it("an empty group gives an empty curve with no median", () => {
    const curve = kaplanMeier([]);
    expect(curve).toMatchObject({ n: 0, events: 0, steps: [], median: { estimate: null, lower: null, upper: null } });
    expect(survivalAt(curve, 100)).toEqual({ survival: 1, lower: 1, upper: 1, nRisk: 0 });
  });

  it("all censored: survival stays 1 and the median is null", () => {
    const curve = kaplanMeier([1, 2, 3].map((time) => ({ time, event: false })));
    expect(curve.steps.map((s) => s.survival)).toEqual([1, 1, 1]);
    expect(curve.median.estimate).toBeNull();
  });

  it("tied times: deaths before censorings, one step per time", () => {
    const curve = kaplanMeier([
      { time: 2, event: true },
      { time: 2, event: true },
      { time: 2, event: false },
      { time: 5, event: true },
    ]);
    expect(curve.steps).toHaveLength(2);
    expect(curve.steps[0]).toMatchObject({ time: 2, nRisk: 4, nEvent: 2, nCensor: 1, survival: 0.5 });
    expect(curve.steps[1]).toMatchObject({ time: 5, nRisk: 1, nEvent: 1, survival: 0 });
  });

  it("a flat stretch at exactly one half gives the midpoint, as R's print.survfit", () => {
    // survfit(Surv(c(1, 2, 3, 4), c(1, 1, 0, 1)) ~ 1): S = .75, .5, .5, 0; R prints median 3 ((2 + 4) / 2),
    // 0.95LCL 1 and 0.95UCL NA (the upper limit never drops to one half).
    const curve = kaplanMeier(
      [
        { time: 1, event: true },
        { time: 2, event: true },
        { time: 3, event: false },
        { time: 4, event: true },
      ],
      { intervalType: "log" },
    );
    expect(curve.median).toEqual({ estimate: 3, lower: 1, upper: null });
    // survfit(Surv(1:4, rep(1, 4)) ~ 1): S = .75, .5, .25, 0: median 2.5.
    expect(kaplanMeier([1, 2, 3, 4].map((time) => ({ time, event: true }))).median.estimate).toBe(2.5);
  });

  it("refuses negative or non-finite times", () => {
    expect(() => kaplanMeier([{ time: -1, event: true }])).toThrow(RangeError);
    expect(() => kaplanMeier([{ time: NaN, event: true }])).toThrow(/finite/);
    expect(() => kaplanMeier([], { confidenceLevel: 1.2 })).toThrow(RangeError);
  });
});

describe("reading the curve", () => {
  const curve = kaplanMeier(all, { intervalType: "log" });

  it("survival at a time is the last step at or before it", () => {
    expect(survivalAt(curve, 0)).toEqual({ survival: 1, lower: 1, upper: 1, nRisk: 228 });
    const at365 = survivalAt(curve, 365);
    // R: summary(survfit(Surv(time, status) ~ 1, lung), times = 365): 0.409 (0.345-0.486), 65 at risk.
    expect(at365.survival).toBeCloseTo(0.4092416245, 9);
    expect(at365.lower).toBeCloseTo(0.3447215818, 9);
    expect(at365.upper).toBeCloseTo(0.4858376035, 9);
    expect(at365.nRisk).toBe(65);
    const lastStep = curve.steps.at(-1)!;
    expect(survivalAt(curve, lastStep.time + 1000)).toMatchObject({ survival: lastStep.survival, nRisk: 0 });
  });

  it("numbers at risk count everyone followed at least that long", () => {
    const times = [0, 5, 6, 365, 1022, 2000];
    const expected = times.map((t) => all.filter((o) => o.time >= t).length);
    expect(numbersAtRisk(curve, times)).toEqual(expected);
  });
});
