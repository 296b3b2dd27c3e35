import { describe, expect, it } from "vitest";
import { describeMeasurement, EXPERT_LAYER_PREFIX, extractMeasurements, hasUnsettledStats, keptDescription, keptKind, measurementValues } from "./measurement-service";

const length = { annotationUID: "a1", metadata: { toolName: "Length", referencedImageId: "img-2" }, data: { cachedStats: { "vol:1": { length: 23.44, unit: "mm" } } } };
const roi = {
  annotationUID: "a2",
  metadata: { toolName: "RectangleROI", referencedImageId: "img-1" },
  data: { cachedStats: { "vol:1": { mean: 35.24, modalityUnit: "HU", area: 120.51, areaUnit: "mm²" } } },
};
const stack = { seriesInstanceUid: "s1", imageIds: ["img-1", "img-2"], sopInstanceUids: ["sop-1", "sop-2"] };

describe("the measurement service", () => {
  it("says a measurement in words, never in UCUM codes", () => {
    expect(describeMeasurement(length)).toBe("Length 23.4 mm");
    expect(describeMeasurement(roi)).toBe("ROI mean 35.2 HU, area 120.5 mm²");
    expect(describeMeasurement({ metadata: { toolName: "Length" }, data: { cachedStats: {} } })).toBe("Length — mm");
  });

  it("tells statistics that came out as no number from those not computed yet", () => {
    const withStats = (toolName: string, stats: Record<string, unknown>) => ({ metadata: { toolName }, data: { cachedStats: { t: stats } } });
    expect(hasUnsettledStats(withStats("Length", { length: Number.NaN, unit: "mm" }))).toBe(true);
    expect(hasUnsettledStats(withStats("RectangleROI", { mean: 35.2, area: Number.NaN }))).toBe(true);
    expect(hasUnsettledStats(length)).toBe(false);
    expect(hasUnsettledStats(roi)).toBe(false);
    expect(hasUnsettledStats(withStats("Length", { length: null, unit: null }))).toBe(false);
    expect(hasUnsettledStats({ metadata: { toolName: "Length" }, data: { cachedStats: {} } })).toBe(false);
    expect(hasUnsettledStats(withStats("Probe", { value: Number.NaN }))).toBe(false);
  });

  it("keeps the numbers with UCUM units for the finding", () => {
    expect(measurementValues(length)).toEqual([{ name: "Length", value: 23.4, unit: "mm" }]);
    expect(measurementValues(roi)).toEqual([
      { name: "Mean", value: 35.2, unit: "[hnsf'U]" },
      { name: "Area", value: 120.5, unit: "mm2" },
    ]);
  });

  it("extracts the stack's measurements with the image they lie on and the reader's label", () => {
    const other = { annotationUID: "a3", metadata: { toolName: "Length", referencedImageId: "elsewhere" }, data: {} };
    const probe = { annotationUID: "a4", metadata: { toolName: "Probe", referencedImageId: "img-1" }, data: {} };
    const list = extractMeasurements([length, roi, other, probe], stack, new Map([["a1", "right hilar node, short axis"]]));
    expect(list.map((m) => [m.id, m.tool, m.label, m.sopInstanceUid])).toEqual([
      ["a1", "Length", "right hilar node, short axis", "sop-2"],
      ["a2", "RectangleROI", "", "sop-1"],
    ]);
    expect(list[0]!.seriesInstanceUid).toBe("s1");
  });

  it("keeps the handles in world coordinates, and leaves an outside expert's layer out of the reader's measurements", () => {
    const drawn = { ...length, data: { ...length.data, handles: { points: [new Float32Array([1.234, 2, 3]), [4, 5.678, 6]] } } };
    const experts = { ...length, annotationUID: `${EXPERT_LAYER_PREFIX}e1` };
    const list = extractMeasurements([drawn, experts], stack);
    expect(list.map((m) => [m.id, m.points])).toEqual([
      ["a1", [[1.23, 2, 3], [4, 5.68, 6]]],
    ]);
  });

  it("files a kept measurement under its label", () => {
    expect(keptDescription({ label: " right hilar node ", text: "Length 23.4 mm" })).toBe("right hilar node: Length 23.4 mm");
    expect(keptDescription({ label: "", text: "Length 23.4 mm" })).toBe("Length 23.4 mm");
    expect(keptKind({ label: " right hilar node, short axis ", tool: "Length" })).toBe("right hilar node, short axis");
    expect(keptKind({ label: "", tool: "Length" })).toBe("Length measurement");
    expect(keptKind({ label: "", tool: "RectangleROI" })).toBe("ROI measurement");
  });
});
