import { describe, expect, it } from "vitest";
import { imageRegionsOf, regionFromScoord } from "./image-region";

describe("image regions", () => {
  it("accepts the SCOORD shapes DICOM defines, with the number of points each needs", () => {
    expect(regionFromScoord("1.2", "POINT", [10.5, 20])).toEqual({ sopInstanceUid: "1.2", graphicType: "POINT", points: [10.5, 20] });
    expect(regionFromScoord("1.2", "polyline", [0, 0, 5, 5, 10, 0], "Reader 1")).toMatchObject({ graphicType: "POLYLINE", label: "Reader 1" });
    expect(regionFromScoord("1.2", "CIRCLE", [10, 10, 15, 10])).not.toBeNull();
    expect(regionFromScoord("1.2", "ELLIPSE", [0, 5, 10, 5, 5, 0, 5, 10])).not.toBeNull();
  });

  it("refuses shapes that cannot be drawn", () => {
    expect(regionFromScoord("1.2", "POINT", [1, 2, 3, 4])).toBeNull();
    expect(regionFromScoord("1.2", "POLYLINE", [1, 2])).toBeNull();
    expect(regionFromScoord("1.2", "POLYLINE", [1, 2, 3])).toBeNull();
    expect(regionFromScoord("1.2", "CIRCLE", [1, 2, 3, Number.NaN])).toBeNull();
    expect(regionFromScoord("1.2", "POLYGON", [0, 0, 1, 1])).toBeNull();
  });

  it("reads the stored column defensively", () => {
    expect(imageRegionsOf(null)).toEqual([]);
    expect(imageRegionsOf([{ sopInstanceUid: "1.2", graphicType: "POINT", points: [1, 2] }, { sopInstanceUid: 3 }, "x", { sopInstanceUid: "1.3", graphicType: "POINT", points: ["1", 2] }])).toEqual([
      { sopInstanceUid: "1.2", graphicType: "POINT", points: [1, 2] },
    ]);
  });
});
