import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedDemoDataPath } from "../demo-data/locate-demo-data";
import { summarizeDicomFolder } from "./summarize-dicom-folder";
import { buildDicomFile, type DicomElementSpec } from "./test-support/build-dicom";

const LIDC_STUDY = "1.3.6.1.4.1.14519.5.2.1.6279.6001.298806137288633453246975630178";
const LIDC_SERIES = "1.3.6.1.4.1.14519.5.2.1.6279.6001.179049373636438705059720603192";

describe("summarizeDicomFolder on real data", () => {
  it("summarizes the 133-slice LIDC series quickly and skips the XML reading", async () => {
    const started = performance.now();
    const summary = await summarizeDicomFolder(sharedDemoDataPath(["radiology", "lidc-idri-0001"]));
    const elapsedMs = performance.now() - started;
    expect(elapsedMs).toBeLessThan(2000);

    expect(summary.studies).toHaveLength(1);
    const [study] = summary.studies;
    expect(study).toMatchObject({
      studyInstanceUid: LIDC_STUDY,
      patientId: "LIDC-IDRI-0001",
      patientName: "",
      patientBirthDate: null,
      patientSex: "UNKNOWN",
      modalities: ["CT"],
      studyDate: "2000-01-01",
      accessionNumber: "2819497684894126",
      numberOfSeries: 1,
      numberOfInstances: 133,
    });
    expect(study?.series).toEqual([
      {
        seriesInstanceUid: LIDC_SERIES,
        modality: "CT",
        description: "",
        seriesNumber: 3000566,
        numberOfInstances: 133,
        sopClassUid: "1.2.840.10008.5.1.4.1.1.2",
      },
    ]);
    // Files come back in instance order, which is not file-name order in this series.
    const instanceNumbers = study?.files.map((f) => f.instanceNumber);
    expect(instanceNumbers?.[0]).toBe(1);
    expect(instanceNumbers?.at(-1)).toBe(133);
    expect(study?.files.find((f) => f.relativePath === "000001.dcm")?.instanceNumber).toBe(80);
    expect(new Set(study?.files.map((f) => f.sopInstanceUid)).size).toBe(133);
    expect(path.isAbsolute(study?.files[0]?.path ?? "")).toBe(true);

    expect(summary.skipped).toEqual([
      expect.objectContaining({ relativePath: "069.xml", code: "NOT_DICOM", reason: expect.stringMatching(/DICM/) }),
    ]);
  });

  it("groups CT slices and the SEG objects that reference them into one study", async () => {
    const summary = await summarizeDicomFolder(sharedDemoDataPath(["radiology", "dcmqi-ct-liver"]));
    expect(summary.skipped).toEqual([]);
    expect(summary.studies).toHaveLength(1);
    const [study] = summary.studies;
    expect(study).toMatchObject({
      patientId: "99000",
      patientName: "JANCT000",
      patientSex: "MALE",
      modalities: ["CT", "SEG"],
      studyDate: "2003-04-17",
      numberOfSeries: 3,
      numberOfInstances: 5,
    });
    expect(study?.series.map((s) => [s.modality, s.seriesNumber, s.numberOfInstances, s.description])).toEqual([
      ["SEG", 1, 1, "Liver Segmentation"],
      ["CT", 2, 3, ""],
      ["SEG", 100, 1, "Segmentation"],
    ]);
  });

  it("reports mixed modalities of the highdicom SR and CT", async () => {
    const summary = await summarizeDicomFolder(sharedDemoDataPath(["ai-results", "highdicom-tid1500"]));
    const [study] = summary.studies;
    expect(summary.studies).toHaveLength(1);
    expect(study).toMatchObject({ patientId: "1CT1", modalities: ["CT", "SR"], numberOfInstances: 3, numberOfSeries: 2 });
  });

  it("descends into subfolders only when asked", async () => {
    const radiology = sharedDemoDataPath(["radiology"]);
    const flat = await summarizeDicomFolder(radiology);
    expect(flat.studies).toEqual([]);
    expect(flat.skipped).toEqual([]);

    const deep = await summarizeDicomFolder(radiology, { recursive: true });
    expect(deep.studies.map((s) => s.patientId)).toEqual(["LIDC-IDRI-0001", "99000"]);
    expect(deep.skipped.map((s) => s.relativePath)).toEqual(["lidc-idri-0001/069.xml"]);
  });
});

describe("summarizeDicomFolder on edge cases", () => {
  let dir: string;
  const instance = (sop: string, extra: DicomElementSpec[] = []): Uint8Array =>
    buildDicomFile([
      { tag: 0x00080016, vr: "UI", value: "1.2.840.10008.5.1.4.1.1.88.11" },
      { tag: 0x00080018, vr: "UI", value: sop },
      { tag: 0x00080060, vr: "CS", value: "SR" },
      { tag: 0x00100020, vr: "LO", value: "SYN-1" },
      { tag: 0x0020000d, vr: "UI", value: "1.2.9" },
      { tag: 0x0020000e, vr: "UI", value: "1.2.9.1" },
      ...extra,
    ]);

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "summarize-dicom-"));
    writeFileSync(path.join(dir, "a.dcm"), instance("1.2.9.1.1"));
    writeFileSync(path.join(dir, "b.dcm"), instance("1.2.9.1.1"));
    // A header longer than the 64 KiB prefix forces a second, whole-file read.
    writeFileSync(
      path.join(dir, "c.dcm"),
      instance("1.2.9.1.2", [{ tag: 0x00081080, vr: "UT", value: "x".repeat(70 * 1024) }]),
    );
    writeFileSync(path.join(dir, "cut.dcm"), instance("1.2.9.1.3").subarray(0, 200));
    symlinkSync(path.join(dir, "missing-target.dcm"), path.join(dir, "dangling.dcm"));
    mkdirSync(path.join(dir, "sub"));
    writeFileSync(path.join(dir, "sub", "d.dcm"), instance("1.2.9.1.4"));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("reports duplicates, truncated and unreadable files without throwing", async () => {
    const summary = await summarizeDicomFolder(dir);
    expect(summary.studies).toHaveLength(1);
    expect(summary.studies[0]?.files.map((f) => f.relativePath)).toEqual(["a.dcm", "c.dcm"]);
    expect(summary.skipped.map((s) => [s.relativePath, s.code])).toEqual([
      ["b.dcm", "DUPLICATE"],
      ["cut.dcm", "TRUNCATED"],
      ["dangling.dcm", "READ_ERROR"],
    ]);
    expect(summary.skipped[0]?.reason).toMatch(/a\.dcm/);
    expect(summary.skipped[2]?.reason).toMatch(/ENOENT/);

    const deep = await summarizeDicomFolder(dir, { recursive: true });
    expect(deep.studies[0]?.files.map((f) => f.relativePath)).toEqual(["a.dcm", "c.dcm", "sub/d.dcm"]);
  });

  it("throws when the folder itself does not exist", async () => {
    await expect(summarizeDicomFolder(path.join(dir, "nope"))).rejects.toThrow(/ENOENT/);
  });
});
