import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildDicomFile } from "./test-support/build-dicom";
import { readDicomdir, resolveDicomdirFile } from "./dicomdir";

// A patient CD of two synthetic patients, written by DCMTK's dcmmkdir (records linked by file offsets; its patient
// records carry no birth date, which is optional there).
const CD = path.resolve("e2e/fixtures/patient-cd");

describe("reading a patient CD's DICOMDIR", () => {
  it("lists each patient with their studies and files, following the record offsets", () => {
    const patients = readDicomdir(new Uint8Array(readFileSync(path.join(CD, "DICOMDIR"))));
    expect(patients).toEqual([
      { patientId: "CD-PAT-A", patientName: "Cdalpha, Anna", birthDate: null, studies: [expect.objectContaining({ studyDate: "2025-03-01", modalities: ["CT"], files: ["DICOM/IM00001", "DICOM/IM00002"] })] },
      { patientId: "CD-PAT-B", patientName: "Cdbeta, Bert", birthDate: null, studies: [expect.objectContaining({ studyDate: "2025-04-02", modalities: ["MR"], files: ["DICOM/IM00003"] })] },
    ]);
  });

  it("reads records in order when the offsets are missing, and refuses what is not a DICOMDIR", () => {
    const record = (type: string, extra: { tag: number; vr: string; value: string }[]) => [{ tag: 0x00041430, vr: "CS", value: type }, ...extra];
    const bytes = buildDicomFile([
      {
        tag: 0x00041220,
        vr: "SQ",
        value: [
          record("PATIENT", [{ tag: 0x00100010, vr: "PN", value: "Doe^Jane" }, { tag: 0x00100020, vr: "LO", value: "X1" }]),
          record("STUDY", [{ tag: 0x0020000d, vr: "UI", value: "1.2.3" }]),
          record("SERIES", [{ tag: 0x00080060, vr: "CS", value: "CT" }]),
          record("IMAGE", [{ tag: 0x00041500, vr: "CS", value: "DIR1\\IMG1" }]),
        ],
      },
    ]);
    expect(readDicomdir(bytes)).toEqual([{ patientId: "X1", patientName: "Doe, Jane", birthDate: null, studies: [{ studyInstanceUid: "1.2.3", studyDate: null, description: "", modalities: ["CT"], files: ["DIR1/IMG1"] }] }]);
    expect(() => readDicomdir(new TextEncoder().encode("not dicom"))).toThrow("could not be read");
  });

  it("finds the picked file a reference names, whatever the letter case", () => {
    const files = [{ path: "CD/dicom/im00001" }, { path: "CD/DICOMDIR" }];
    expect(resolveDicomdirFile(files, "CD/DICOMDIR", "DICOM/IM00001")).toBe(files[0]);
    expect(resolveDicomdirFile(files, "CD/DICOMDIR", "DICOM/IM00009")).toBeUndefined();
  });
});
