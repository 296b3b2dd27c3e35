import { describe, expect, it } from "vitest";
import {
  chiSquareUpperTail,
  logGamma,
  normalCdf,
  normalQuantile,
  regularizedGammaP,
  twoSidedNormalPValue,
} from "./distributions";

/** |actual - expected| <= tolerance * |expected|. */
function expectRelative(actual: number, expected: number, tolerance = 1e-12) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

// Expected values from R 4.2.2.
describe("distribution functions match R", () => {
  it("chi-square upper tail (pchisq(..., lower.tail = FALSE))", () => {
    expectRelative(chiSquareUpperTail(3.841458820694124, 1), 0.049999999999999975);
    expectRelative(chiSquareUpperTail(0.5, 3), 0.91889141165467592);
    expectRelative(chiSquareUpperTail(50, 10), 2.6690834249044957e-7);
    expectRelative(chiSquareUpperTail(200, 150), 3.9731859708216086e-3, 1e-10);
    expectRelative(chiSquareUpperTail(1e-3, 2), 0.99950012497916929);
    expectRelative(chiSquareUpperTail(400, 4), 2.7816320187408423e-85, 1e-10);
    expectRelative(chiSquareUpperTail(10.326741954885632, 1), 0.0013111645203554882);
    expect(chiSquareUpperTail(0, 3)).toBe(1);
    expect(() => chiSquareUpperTail(1, 0)).toThrow(RangeError);
  });

  it("normal CDF and quantile (pnorm, qnorm)", () => {
    expectRelative(normalQuantile(0.975), 1.9599639845400536, 1e-14);
    expectRelative(normalQuantile(0.995), 2.5758293035488999, 1e-14);
    expectRelative(normalQuantile(1e-10), -6.3613409024040557, 1e-12);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 14);
    expectRelative(normalCdf(-1.96), 2.4997895148220428e-2);
    expectRelative(normalCdf(-8.5), 9.4795348222033192e-18, 1e-10);
    expectRelative(twoSidedNormalPValue(1.96), 2 * 2.4997895148220428e-2);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
  });

  it("log gamma and the regularized lower incomplete gamma (lgamma, pgamma)", () => {
    expectRelative(logGamma(0.5), 0.57236494292470008, 1e-14);
    expectRelative(logGamma(100.5), 361.43554046777757, 1e-14);
    expectRelative(regularizedGammaP(3, 2.5), 0.45618688411667041);
    expectRelative(regularizedGammaP(25, 30), 0.84275797276160835);
  });
});
