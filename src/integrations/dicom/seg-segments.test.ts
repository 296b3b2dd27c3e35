import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sharedDemoDataPath } from "../demo-data/locate-demo-data";
import { DicomParseError } from "./read-dicom-header";
import { SegmentationError, segmentsOfSeg } from "./seg-segments";

const dcmqi = (file: string) => readFileSync(sharedDemoDataPath(["radiology", "dcmqi-ct-liver", file]));
const CT_SERIES = "1.2.392.200103.20080913.113635.1.2009.6.22.21.43.10.23430.1";
const ct = (n: 1 | 2 | 3) => `1.2.392.200103.20080913.113635.2.2009.6.22.21.43.10.2343${n}.1`;

describe("segmentsOfSeg", () => {
  it("reads the liver SEG: one semi-automatic segment over three CT slices", () => {
    const seg = segmentsOfSeg(dcmqi("seg-liver.dcm"));
    expect(seg).toMatchObject({
      sopInstanceUid: "1.2.276.0.7230010.3.1.4.0.42154.1458337731.665796",
      seriesInstanceUid: "1.2.276.0.7230010.3.1.3.0.42154.1458337731.665795",
      studyInstanceUid: "1.2.392.200103.20080913.113635.0.2009.6.22.21.43.10.22941.1",
      patientId: "99000",
      seriesDescription: "Liver Segmentation",
      contentLabel: "QIICR QIN IOWA",
      observedAt: "2016-03-18T17:48:52Z",
      manufacturer: "QIICR",
      modelName: "https://github.com/fedorov/dcmqi.git",
      softwareVersions: "0d533f1",
      numberOfFrames: 3,
    });
    expect(seg.segments).toEqual([
      {
        number: 1,
        label: "Liver",
        description: null,
        algorithmType: "SEMIAUTOMATIC",
        algorithmName: "SlicerEditor",
        category: { code: "T-D0050", scheme: "SRT", meaning: "Tissue" },
        type: { code: "T-62000", scheme: "SRT", meaning: "Liver" },
        anatomicRegion: null,
        trackingId: null,
        trackingUid: null,
        frames: [
          { frameNumber: 1, sopInstanceUid: ct(3), seriesInstanceUid: CT_SERIES, sourceFrameNumber: null },
          { frameNumber: 2, sopInstanceUid: ct(2), seriesInstanceUid: CT_SERIES, sourceFrameNumber: null },
          { frameNumber: 3, sopInstanceUid: ct(1), seriesInstanceUid: CT_SERIES, sourceFrameNumber: null },
        ],
      },
    ]);
  });

  it("reads the five manual segments of the overlapping SEG and which frames belong to each", () => {
    const seg = segmentsOfSeg(dcmqi("seg-partial-overlaps.dcm"));
    expect(seg.numberOfFrames).toBe(7);
    expect(seg.observedAt).toBe("2023-12-06T20:20:52Z");
    expect(seg.softwareVersions).toBe("7ae0873");
    expect(seg.segments.map((s) => [s.number, s.label, s.algorithmType, s.algorithmName, s.type?.meaning, s.category?.code])).toEqual([
      [1, "GREEN", "MANUAL", null, "Tissue", "85756007"],
      [2, "ORANGE", "MANUAL", null, "Artery", "85756007"],
      [3, "PURPLE", "MANUAL", null, "Capillary", "85756007"],
      [4, "LIGHT_BLUE", "MANUAL", null, "Edema", "49755003"],
      [5, "DARK_BLUE", "MANUAL", null, "Vein", "85756007"],
    ]);
    expect(seg.segments[3]?.description).toBe("Morphologically Altered Structure");
    expect(seg.segments.map((s) => s.frames.map((f) => f.frameNumber))).toEqual([[1], [2], [3, 4, 5], [6], [7]]);
    expect(seg.segments[2]?.frames.map((f) => f.sopInstanceUid)).toEqual([ct(3), ct(2), ct(1)]);
  });

  it("refuses an SR, saying what it is", () => {
    const attempt = () => segmentsOfSeg(readFileSync(sharedDemoDataPath(["ai-results", "highdicom-tid1500", "sr_document.dcm"])));
    expect(attempt).toThrow(SegmentationError);
    expect(attempt).toThrow("This file is a structured report (SR), not a segmentation (SEG).");
  });

  it("refuses a CT image", () => {
    expect(() => segmentsOfSeg(dcmqi("01.dcm"))).toThrow("This file is a CT image, not a segmentation (SEG).");
  });

  it("refuses a file that is not DICOM", () => {
    expect(() => segmentsOfSeg(new TextEncoder().encode("not a dicom file".repeat(20)))).toThrow(DicomParseError);
  });
});
