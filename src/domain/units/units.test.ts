import { describe, expect, it } from "vitest";
import { ucumOfDisplayUnit, unitInWords, valueWithUnit } from "./units";

describe("units in words", () => {
  it("shows Hounsfield units, areas and volumes as readers write them", () => {
    expect(unitInWords("[hnsf'U]")).toBe("HU");
    expect(unitInWords("mm")).toBe("mm");
    expect(unitInWords("mm2")).toBe("mm²");
    expect(unitInWords("cm3")).toBe("cm³");
  });

  it("drops what is no unit: 1, annotations such as {score}", () => {
    expect(unitInWords("1")).toBe("");
    expect(unitInWords("{score}")).toBe("");
    expect(unitInWords("{cells}")).toBe("");
    expect(unitInWords("mg{creatinine}")).toBe("mg");
  });

  it("never shows UCUM's brackets, even for a code it does not know", () => {
    expect(unitInWords("[in_i]")).toBe("in_i");
    expect(unitInWords("%")).toBe("%");
  });

  it("puts value and unit together without a dangling space", () => {
    expect(valueWithUnit(-119.1, "[hnsf'U]")).toBe("-119.1 HU");
    expect(valueWithUnit(4, "{score}")).toBe("4");
    expect(valueWithUnit("23.4", "mm")).toBe("23.4 mm");
  });

  it("maps the viewer's display units back to UCUM for storage", () => {
    expect(ucumOfDisplayUnit("HU")).toBe("[hnsf'U]");
    expect(ucumOfDisplayUnit("mm²")).toBe("mm2");
    expect(ucumOfDisplayUnit("mm")).toBe("mm");
  });
});
