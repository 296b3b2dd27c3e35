import * as dicomParserModule from "dicom-parser";
import { describe, expect, it } from "vitest";
import { buildDicomFile } from "./build-dicom";

type DicomParserApi = typeof dicomParserModule;
const dicomParser: DicomParserApi =
  (dicomParserModule as unknown as { default?: DicomParserApi }).default ?? dicomParserModule;

describe("buildDicomFile", () => {
  it("writes a Part 10 file that dicom-parser reads back", () => {
    const bytes = buildDicomFile([
      { tag: 0x00080016, vr: "UI", value: "1.2.840.10008.5.1.4.1.1.7" },
      { tag: 0x00080018, vr: "UI", value: "1.2.3" },
      { tag: 0x00100010, vr: "PN", value: "Doe^Jane" },
      { tag: 0x00280010, vr: "US", value: [64] },
      { tag: 0x00480006, vr: "UL", value: [70000] },
      { tag: 0x00480001, vr: "FL", value: [1.5] },
      { tag: 0x7fe00010, vr: "OB", value: new Uint8Array([1, 2, 3]) },
      {
        tag: 0x52009229,
        vr: "SQ",
        value: [[{ tag: 0x00289110, vr: "SQ", value: [[{ tag: 0x00280030, vr: "DS", value: "0.5\\0.25" }]] }]],
      },
    ]);
    expect(String.fromCharCode(...bytes.subarray(128, 132))).toBe("DICM");
    const ds = dicomParser.parseDicom(bytes);
    expect(ds.string("x00020010")).toBe("1.2.840.10008.1.2.1");
    expect(ds.string("x00020003")).toBe("1.2.3");
    expect(ds.string("x00100010")).toBe("Doe^Jane");
    expect(ds.uint16("x00280010")).toBe(64);
    expect(ds.uint32("x00480006")).toBe(70000);
    expect(ds.float("x00480001")).toBe(1.5);
    expect(ds.elements.x7fe00010?.length).toBe(4);
    const inner = ds.elements.x52009229?.items?.[0]?.dataSet?.elements.x00289110?.items?.[0]?.dataSet;
    expect(inner?.string("x00280030")).toBe("0.5\\0.25");
  });

  it("can omit the preamble", () => {
    const bytes = buildDicomFile([{ tag: 0x00080018, vr: "UI", value: "1.2" }], { omitPreamble: true });
    expect(bytes[0]).toBe(0x02);
  });

  it("rejects values too long for a short-length VR", () => {
    expect(() => buildDicomFile([{ tag: 0x00204000, vr: "LT", value: "x".repeat(70000) }])).toThrow(/too long/);
  });

  it("rejects numeric values for text VRs", () => {
    expect(() => buildDicomFile([{ tag: 0x00100010, vr: "PN", value: [1] }])).toThrow(/not supported/);
  });
});
