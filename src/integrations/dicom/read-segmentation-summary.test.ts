import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sharedDemoDataPath } from "../demo-data/locate-demo-data";
import { DicomParseError } from "./read-dicom-header";
import { readSegmentationSummary } from "./read-segmentation-summary";

describe("readSegmentationSummary", () => {
  it("lists the segments of the dcmqi liver SEG", () => {
    const summary = readSegmentationSummary(readFileSync(sharedDemoDataPath(["radiology", "dcmqi-ct-liver", "seg-liver.dcm"])));
    expect(summary.numberOfFrames).toBe(3);
    expect(summary.segments).toHaveLength(1);
    expect(summary.segments[0]?.label.toLowerCase()).toContain("liver");
  });

  it("reads all five segments of the overlapping SEG", () => {
    const summary = readSegmentationSummary(readFileSync(sharedDemoDataPath(["radiology", "dcmqi-ct-liver", "seg-partial-overlaps.dcm"])));
    expect(summary.segments.map((s) => s.number)).toEqual([1, 2, 3, 4, 5]);
  });

  it("refuses a file that is not DICOM", () => {
    expect(() => readSegmentationSummary(new TextEncoder().encode("not a dicom file at all".repeat(10)))).toThrow(DicomParseError);
  });
});
