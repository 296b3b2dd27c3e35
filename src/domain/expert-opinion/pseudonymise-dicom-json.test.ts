import { describe, expect, it } from "vitest";
import { pseudonymiseDicomJson } from "./pseudonymise-dicom-json";

describe("DICOM JSON for a pseudonymised share", () => {
  it("replaces name and ID by the pseudonym and leaves out birth date, accession number and physicians", () => {
    const instance = {
      "00100010": { vr: "PN", Value: [{ Alphabetic: "Jansen^Anna" }] },
      "00100020": { vr: "LO", Value: ["MRN-123"] },
      "00100030": { vr: "DA", Value: ["19600101"] },
      "00080050": { vr: "SH", Value: ["ACC9"] },
      "00080090": { vr: "PN", Value: [{ Alphabetic: "Dr^Who" }] },
      "00280010": { vr: "US", Value: [512] },
    };
    expect(pseudonymiseDicomJson([instance], "CON-7")).toEqual([
      { "00100010": { vr: "PN", Value: [{ Alphabetic: "CON-7" }] }, "00100020": { vr: "LO", Value: ["CON-7"] }, "00280010": { vr: "US", Value: [512] } },
    ]);
    // The original is not changed (it may be cached).
    expect(instance["00100030"]).toBeDefined();
  });

  it("passes anything that is not a list of objects through", () => {
    expect(pseudonymiseDicomJson({ error: "x" }, "P")).toEqual({ error: "x" });
  });
});
