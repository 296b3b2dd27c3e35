import { describe, expect, it } from "vitest";
import { parseDicomDataSet } from "@/integrations/dicom/read-dicom-header";
import { buildDicomJson, firstNumber, firstString, type DicomJson } from "./dicom-json";
import { daikonSample, sharedSample } from "./test-support/sample-files";

const jsonOf = (bytes: Uint8Array, pixelDataUri?: string) => buildDicomJson(parseDicomDataSet(bytes), { pixelDataUri });

/** Every element has a VR and at most one of Value, InlineBinary, BulkDataURI; items recursively so. */
function expectWellFormed(json: DicomJson) {
  for (const [tag, element] of Object.entries(json)) {
    expect(tag).toMatch(/^[0-9A-F]{8}$/);
    expect(element.vr).toMatch(/^[A-Z]{2}$/);
    expect(["Value", "InlineBinary", "BulkDataURI"].filter((k) => k in element).length).toBeLessThanOrEqual(1);
    if (element.vr === "SQ") for (const item of element.Value ?? []) expectWellFormed(item as DicomJson);
  }
}

describe("buildDicomJson", () => {
  it("gives implicit-VR elements their VR from the dictionary (dcmqi liver CT)", () => {
    const json = jsonOf(sharedSample("radiology", "dcmqi-ct-liver", "01.dcm"), "/bulk/pixels");
    expectWellFormed(json);
    expect(json["00100010"]).toEqual({ vr: "PN", Value: [{ Alphabetic: "JANCT000" }] });
    expect(json["00100020"]).toEqual({ vr: "LO", Value: ["99000"] });
    expect(json["00280010"]).toEqual({ vr: "US", Value: [512] });
    expect(json["00281050"]?.vr).toBe("DS");
    expect(firstNumber(json, "00281050")).toBe(40);
    expect(firstNumber(json, "00281052")).toBe(-1024);
    expect(json["0020000D"]?.vr).toBe("UI");
    expect(json["7FE00010"]).toEqual({ vr: "OW", BulkDataURI: "/bulk/pixels" });
    expect(Object.keys(json).some((t) => t.startsWith("0002"))).toBe(false);
  });

  it("reads explicit big endian numbers in the right byte order", () => {
    const json = jsonOf(daikonSample("explicit_big.dcm"));
    expectWellFormed(json);
    expect(json["00280010"]).toEqual({ vr: "US", Value: [256] });
    expect(json["00280100"]).toEqual({ vr: "US", Value: [16] });
    expect(firstString(json, "00100020")).toBe("123565");
  });

  it("writes sequences as nested data sets (SEG segment sequence, per-frame functional groups)", () => {
    const json = jsonOf(sharedSample("radiology", "dcmqi-ct-liver", "seg-partial-overlaps.dcm"), "/bulk");
    expectWellFormed(json);
    const segments = json["00620002"]?.Value as DicomJson[];
    expect(segments.length).toBe(5);
    expect(firstNumber(segments[0], "00620004")).toBe(1);
    expect(typeof firstString(segments[0], "00620005")).toBe("string");
    expect((json["52009230"]?.Value as DicomJson[]).length).toBe(firstNumber(json, "00280008"));
    expect(json["7FE00010"]?.BulkDataURI).toBe("/bulk");
  });

  it("keeps multi-valued strings and numbers as arrays, empty values as null", () => {
    const json = jsonOf(sharedSample("radiology", "lidc-idri-0001", "000001.dcm"));
    expectWellFormed(json);
    expect(json["00200032"]?.Value).toHaveLength(3);
    expect(json["00200037"]?.Value).toHaveLength(6);
    expect(json["00080008"]?.vr).toBe("CS");
    expect(json["00080008"]?.Value?.every((v) => typeof v === "string")).toBe(true);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it("reads a deflated file from its inflated bytes", () => {
    const json = jsonOf(daikonSample("deflated.dcm"));
    expectWellFormed(json);
    expect(json["00280010"]).toEqual({ vr: "US", Value: [512] });
  });
});
