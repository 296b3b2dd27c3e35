import { describe, expect, it } from "vitest";
import { newUid, syntheticImage } from "@/integrations/dicomweb/test-support/synthetic-image";
import { parseDicomDataSet } from "./read-dicom-header";
import { buildDicomFile } from "./test-support/build-dicom";
import { findValueLengthViolation } from "./value-lengths";

const image = (spec: Partial<Parameters<typeof syntheticImage>[0]> = {}) =>
  parseDicomDataSet(syntheticImage({ patientId: "A-1", patientName: "Testperson^A", study: newUid(), series: newUid(), ...spec }).bytes);

/** A file with the given extra elements (UTF-8 where a name needs it). */
const withElements = (elements: { tag: number; vr: string; value: string }[]) =>
  parseDicomDataSet(
    buildDicomFile([
      { tag: 0x00080005, vr: "CS", value: "ISO_IR 192" },
      { tag: 0x00080016, vr: "UI", value: "1.2.840.10008.5.1.4.1.1.88.11" },
      { tag: 0x00080018, vr: "UI", value: newUid() },
      ...elements,
    ]),
  );

describe("findValueLengthViolation", () => {
  it("accepts an ordinary image", () => {
    expect(findValueLengthViolation(image())).toBeNull();
  });

  it("names a 10,000-character PatientName, with its length and the limit but not the value", () => {
    const violation = findValueLengthViolation(image({ patientName: `${"A".repeat(9_990)}^Anna` }));
    expect(violation).toMatchObject({ keyword: "PatientName", tag: "(0010,0010)", vr: "PN", length: 9_995, max: 64 });
    expect(violation!.message).toBe(
      "The file's PatientName (0010,0010) is 9,995 characters long; DICOM allows at most 64 per name component group (PN). The file was not imported: please correct it at its source.",
    );
    expect(violation!.message).not.toMatch(/AAAA/);
  });

  it("counts PN per component group and text VRs in characters, not bytes", () => {
    const group = "Ø".repeat(30) + "^" + "Å".repeat(33); // 64 characters, 127 bytes in UTF-8
    expect(findValueLengthViolation(withElements([{ tag: 0x00100010, vr: "PN", value: `${group}=${group}=${group}` }]))).toBeNull();
    expect(findValueLengthViolation(withElements([{ tag: 0x00100010, vr: "PN", value: `${group}=${group}x` }]))).toMatchObject({ keyword: "PatientName", length: 65 });
    expect(findValueLengthViolation(withElements([{ tag: 0x00081030, vr: "LO", value: "é".repeat(64) }]))).toBeNull();
    expect(findValueLengthViolation(withElements([{ tag: 0x00081030, vr: "LO", value: "é".repeat(65) }]))).toMatchObject({ keyword: "StudyDescription", max: 64 });
  });

  it("still reads a date in the old ACR-NEMA form YYYY.MM.DD", () => {
    expect(findValueLengthViolation(withElements([{ tag: 0x00080020, vr: "DA", value: "1997.06.11" }]))).toBeNull();
  });

  it("checks each value of a multi-valued attribute, and the short VRs: PatientID, AccessionNumber, Modality, dates, numbers", () => {
    expect(findValueLengthViolation(withElements([{ tag: 0x00080008, vr: "CS", value: "ORIGINAL\\PRIMARY\\AXIAL\\CT_SOM5 SPI" }]))).toBeNull();
    expect(findValueLengthViolation(withElements([{ tag: 0x00080008, vr: "CS", value: "ORIGINAL\\PRIMARY_AND_MUCH_LONGER" }]))).toMatchObject({ keyword: "ImageType", length: 23, max: 16 });
    const cases: [number, string, string, string, number][] = [
      [0x00100020, "LO", "P".repeat(65), "PatientID", 64],
      [0x00080050, "SH", "1".repeat(17), "AccessionNumber", 16],
      [0x00080060, "CS", "CT".repeat(9), "Modality", 16],
      [0x00100030, "DA", "1960010100", "PatientBirthDate", 8],
      [0x00200013, "IS", "1".repeat(13), "InstanceNumber", 12],
      [0x00180050, "DS", "1.00000000000000001", "SliceThickness", 16],
    ];
    for (const [tag, vr, value, keyword, max] of cases) {
      expect(findValueLengthViolation(withElements([{ tag, vr, value }])), keyword).toMatchObject({ keyword, vr, max, length: value.length });
    }
  });
});
