import { describe, expect, it } from "vitest";
import { chooseScaleBar, equivalentMagnification, formatMagnification, maxZoomPixelRatioFor } from "./scale-bar";

describe("chooseScaleBar", () => {
  it("picks the longest 1-2-5 length that fits", () => {
    // CMU-1 at 1:1 (0.499 µm per pixel): 120 px = 59.9 µm -> 50 µm, about 100 px wide.
    expect(chooseScaleBar(0.499)).toEqual({ lengthUm: 50, widthPx: 50 / 0.499, label: "50 µm" });
    expect(chooseScaleBar(1, 120)?.label).toBe("100 µm");
    expect(chooseScaleBar(2, 120)?.label).toBe("200 µm");
    expect(chooseScaleBar(0.25, 120)?.label).toBe("20 µm");
    expect(chooseScaleBar(0.001, 120)?.label).toBe("0.1 µm");
  });

  it("switches to millimetres from 1000 µm", () => {
    expect(chooseScaleBar(10, 120)).toMatchObject({ lengthUm: 1000, label: "1 mm", widthPx: 100 });
    expect(chooseScaleBar(49.9, 120)?.label).toBe("5 mm");
  });

  it("never draws wider than allowed and at least about 40 % of it", () => {
    for (let mpp = 0.01; mpp < 1000; mpp *= 1.37) {
      const bar = chooseScaleBar(mpp, 150)!;
      expect(bar.widthPx).toBeLessThanOrEqual(150 + 1e-6);
      expect(bar.widthPx).toBeGreaterThanOrEqual(150 * 0.4 - 1e-6);
    }
  });

  it("gives no bar without a known pixel spacing", () => {
    expect(chooseScaleBar(0)).toBeNull();
    expect(chooseScaleBar(Number.NaN)).toBeNull();
    expect(chooseScaleBar(Infinity)).toBeNull();
  });
});

describe("magnification", () => {
  it("is 40x at 0.25 µm per screen pixel and caps zoom there", () => {
    expect(equivalentMagnification(0.25)).toBe(40);
    expect(formatMagnification(equivalentMagnification(0.499)!)).toBe("20×");
    expect(formatMagnification(2.5)).toBe("2.5×");
    expect(maxZoomPixelRatioFor(0.499)).toBeCloseTo(1.996);
    expect(maxZoomPixelRatioFor(null)).toBe(2);
    expect(maxZoomPixelRatioFor(0.1)).toBe(1);
  });
});
