import { describe, expect, it } from "vitest";
import { evaluateQuorum } from "./quorum";

describe("evaluateQuorum", () => {
  it("is quorate when every required specialty has someone", () => {
    expect(evaluateQuorum(["RADIOLOGY", "PATHOLOGY"], [{ specialty: "PATHOLOGY" }, { specialty: "RADIOLOGY" }, { specialty: "SURGERY" }])).toEqual({ quorate: true, missing: [] });
  });

  it("lists the missing specialties in the board's order", () => {
    expect(evaluateQuorum(["RADIOLOGY", "PATHOLOGY", "MEDICAL_ONCOLOGY", "SURGERY"], [{ specialty: "PATHOLOGY" }])).toEqual({
      quorate: false,
      missing: ["RADIOLOGY", "MEDICAL_ONCOLOGY", "SURGERY"],
    });
  });

  it("is quorate for a board without quorum and counts a specialty once", () => {
    expect(evaluateQuorum([], [])).toEqual({ quorate: true, missing: [] });
    expect(evaluateQuorum(["RADIOLOGY", "RADIOLOGY"], [])).toEqual({ quorate: false, missing: ["RADIOLOGY"] });
  });
});
