import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedDemoDataPath } from "../demo-data/locate-demo-data";
import { buildDicomFile, type DicomElementSpec } from "../dicom/test-support/build-dicom";
import {
  SlideReadError,
  parseAperioDescription,
  readAperioSvsHeader,
  readDicomWsiHeader,
  type SlideReadErrorCode,
} from "./read-slide-header";

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), "slide-header-"));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

async function expectSlideError(promise: Promise<unknown>, code: SlideReadErrorCode, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SlideReadError);
  expect((error as SlideReadError).code).toBe(code);
  expect((error as SlideReadError).message).toMatch(message);
}

/** Tiny classic TIFF with one IFD of SHORT/LONG/RATIONAL entries (no pixel data needed for header tests). */
function buildTiff(entries: { tag: number; type: 3 | 4 | 5; value: number }[], littleEndian: boolean): Uint8Array {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const ifdOffset = 8;
  const ifdSize = 2 + sorted.length * 12 + 4;
  const extraOffset = ifdOffset + ifdSize;
  const rationals = sorted.filter((e) => e.type === 5);
  const bytes = new Uint8Array(extraOffset + rationals.length * 8);
  const view = new DataView(bytes.buffer);
  bytes.set(littleEndian ? [0x49, 0x49] : [0x4d, 0x4d], 0);
  view.setUint16(2, 42, littleEndian);
  view.setUint32(4, ifdOffset, littleEndian);
  view.setUint16(ifdOffset, sorted.length, littleEndian);
  let rationalIndex = 0;
  sorted.forEach((entry, i) => {
    const at = ifdOffset + 2 + i * 12;
    view.setUint16(at, entry.tag, littleEndian);
    view.setUint16(at + 2, entry.type, littleEndian);
    view.setUint32(at + 4, 1, littleEndian);
    if (entry.type === 3) view.setUint16(at + 8, entry.value, littleEndian);
    else if (entry.type === 4) view.setUint32(at + 8, entry.value, littleEndian);
    else {
      const offset = extraOffset + rationalIndex++ * 8;
      view.setUint32(at + 8, offset, littleEndian);
      view.setUint32(offset, entry.value * 1000, littleEndian);
      view.setUint32(offset + 4, 1000, littleEndian);
    }
  });
  view.setUint32(ifdOffset + 2 + sorted.length * 12, 0, littleEndian);
  return bytes;
}

function writeTemp(name: string, bytes: Uint8Array): string {
  const file = path.join(tmp, name);
  writeFileSync(file, bytes);
  return file;
}

describe("readAperioSvsHeader", () => {
  it("reads CMU-1-Small-Region.svs", async () => {
    const header = await readAperioSvsHeader(sharedDemoDataPath(["pathology", "cmu-1-small-region.svs"]));
    expect(header).toMatchObject({
      widthPx: 2220,
      heightPx: 2967,
      micronsPerPixel: 0.499,
      apparentMagnification: 20,
      levelCount: 1,
      associatedImages: ["thumbnail", "label", "macro"],
    });
    expect(header.levels).toEqual([{ widthPx: 2220, heightPx: 2967, tileWidthPx: 240, tileHeightPx: 240, downsample: 1 }]);
    expect(header.properties["ScanScope ID"]).toBe("CPAPERIOCS");
    expect(header.properties.Date).toBe("12/29/09");
  });

  it("rejects files that are not TIFF", async () => {
    await expectSlideError(
      readAperioSvsHeader(sharedDemoDataPath(["radiology", "dcmqi-ct-liver", "01.dcm"])),
      "NOT_TIFF",
      /Not a TIFF\/SVS file/,
    );
    await expectSlideError(readAperioSvsHeader(writeTemp("short.svs", new Uint8Array([0x49, 0x49]))), "NOT_TIFF", /too short/);
    await expectSlideError(
      readAperioSvsHeader(writeTemp("v99.svs", new Uint8Array([0x49, 0x49, 99, 0, 8, 0, 0, 0]))),
      "NOT_TIFF",
      /version 99/,
    );
  });

  it("rejects BigTIFF with a clear message", async () => {
    const bigTiff = new Uint8Array([0x49, 0x49, 43, 0, 8, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0]);
    await expectSlideError(readAperioSvsHeader(writeTemp("big.svs", bigTiff)), "BIGTIFF_UNSUPPORTED", /BigTIFF/);
  });

  it("rejects a truncated slide", async () => {
    const svs = readFileSync(sharedDemoDataPath(["pathology", "cmu-1-small-region.svs"]));
    await expectSlideError(readAperioSvsHeader(writeTemp("cut.svs", svs.subarray(0, 4096))), "TRUNCATED", /Truncated/);
  });

  it("reports a missing file as a read error", async () => {
    await expectSlideError(readAperioSvsHeader(path.join(tmp, "nope.svs")), "READ_ERROR", /ENOENT/);
  });

  it("reads a big-endian generic tiled TIFF, taking resolution from the TIFF tags", async () => {
    const tiff = buildTiff(
      [
        { tag: 256, type: 4, value: 1000 },
        { tag: 257, type: 4, value: 800 },
        { tag: 322, type: 3, value: 256 },
        { tag: 323, type: 3, value: 256 },
        { tag: 282, type: 5, value: 40_000 }, // pixels per cm -> 0.25 µm
        { tag: 296, type: 3, value: 3 },
      ],
      false,
    );
    const header = await readAperioSvsHeader(writeTemp("generic.tif", tiff));
    expect(header).toMatchObject({
      widthPx: 1000,
      heightPx: 800,
      micronsPerPixel: 0.25,
      apparentMagnification: null,
      levelCount: 1,
      properties: {},
    });
  });

  it("rejects a TIFF without a tiled image", async () => {
    const stripped = buildTiff(
      [
        { tag: 256, type: 3, value: 10 },
        { tag: 257, type: 3, value: 10 },
      ],
      true,
    );
    await expectSlideError(readAperioSvsHeader(writeTemp("stripped.tif", stripped)), "NO_IMAGE", /no tiled/);
  });

  it("parses Aperio description properties", () => {
    expect(parseAperioDescription("Aperio Image Library v10\r\n100x100 JPEG|AppMag = 40|MPP = 0.2520|Bad")).toEqual({
      AppMag: "40",
      MPP: "0.2520",
    });
    expect(parseAperioDescription("no properties")).toEqual({});
  });
});

describe("readDicomWsiHeader", () => {
  it("reads the 12-level DICOM version of CMU-1-Small-Region", async () => {
    const header = await readDicomWsiHeader(sharedDemoDataPath(["pathology", "cmu-1-small-region-dicom-wsi"]));
    expect(header).toMatchObject({
      studyInstanceUid: "1.2.276.0.7230010.3.1.2.2425734838.4124713.1626788322.499657",
      seriesInstanceUid: "1.2.276.0.7230010.3.1.3.2425734838.4124713.1626788322.499658",
      // The sample carries no patient, study date or specimen module at all.
      patientId: "",
      patientName: "",
      studyDate: null,
      widthPx: 2220,
      heightPx: 2967,
      micronsPerPixel: 0.499,
      imagedVolumeMm: { width: 1.1078, height: 1.4805 },
      levels: 12,
      associatedImages: [],
    });
    expect(header.specimenDescription).toBeUndefined();
    expect(header.stain).toBeUndefined();
    expect(header.levelDetails[0]).toEqual({
      widthPx: 2220,
      heightPx: 2967,
      tileWidthPx: 500,
      tileHeightPx: 500,
      micronsPerPixel: 0.499,
      numberOfFrames: 30,
      files: ["level-0-frames-0-30.dcm"],
    });
    expect(header.levelDetails.map((l) => l.widthPx)).toEqual([2220, 1110, 555, 277, 138, 69, 34, 17, 8, 4, 2, 1]);
    expect(header.levelDetails[1]?.micronsPerPixel).toBe(0.998);
  });

  describe("on a synthetic slide with specimen information", () => {
    const code = (value: string, meaning: string): DicomElementSpec[] => [
      { tag: 0x00080100, vr: "SH", value },
      { tag: 0x00080102, vr: "SH", value: "SCT" },
      { tag: 0x00080104, vr: "LO", value: meaning },
    ];
    const stainItem = (value: string, meaning: string): DicomElementSpec[] => [
      { tag: 0x0040a040, vr: "CS", value: "CODE" },
      { tag: 0x0040a043, vr: "SQ", value: [code("424361007", "Using substance")] },
      { tag: 0x0040a168, vr: "SQ", value: [code(value, meaning)] },
    ];
    const instance = (sop: string, imageType: string, width: number, frames: number, spacingMm: number) =>
      buildDicomFile([
        { tag: 0x00080008, vr: "CS", value: imageType },
        { tag: 0x00080016, vr: "UI", value: "1.2.840.10008.5.1.4.1.1.77.1.6" },
        { tag: 0x00080018, vr: "UI", value: sop },
        { tag: 0x00080060, vr: "CS", value: "SM" },
        { tag: 0x00100010, vr: "PN", value: "Doe^Jane" },
        { tag: 0x00100020, vr: "LO", value: "PATH-7" },
        { tag: 0x00100040, vr: "CS", value: "F" },
        { tag: 0x0020000d, vr: "UI", value: "1.2.7" },
        { tag: 0x0020000e, vr: "UI", value: "1.2.7.1" },
        { tag: 0x00280008, vr: "IS", value: String(frames) },
        { tag: 0x00280010, vr: "US", value: [256] },
        { tag: 0x00280011, vr: "US", value: [256] },
        { tag: 0x00400512, vr: "LO", value: "S24-0042 A1" },
        {
          tag: 0x00400560,
          vr: "SQ",
          value: [
            [
              { tag: 0x00400551, vr: "LO", value: "S24-0042 A" },
              { tag: 0x00400600, vr: "LO", value: "Right upper lobe, wedge resection" },
              {
                tag: 0x00400610,
                vr: "SQ",
                value: [
                  [{ tag: 0x00400612, vr: "SQ", value: [stainItem("12710003", "hematoxylin stain")] }],
                  [{ tag: 0x00400612, vr: "SQ", value: [stainItem("36879007", "water soluble eosin stain")] }],
                ],
              },
            ],
          ],
        },
        { tag: 0x00480006, vr: "UL", value: [width] },
        { tag: 0x00480007, vr: "UL", value: [width / 2] },
        {
          tag: 0x52009229,
          vr: "SQ",
          value: [[{ tag: 0x00289110, vr: "SQ", value: [[{ tag: 0x00280030, vr: "DS", value: `${spacingMm}\\${spacingMm}` }]] }]],
        },
        { tag: 0x7fe00010, vr: "OB", value: new Uint8Array(16) },
      ]);

    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(tmp, "wsi-"));
      writeFileSync(path.join(dir, "l0-a.dcm"), instance("1.2.7.1.1", "ORIGINAL\\PRIMARY\\VOLUME\\NONE", 4096, 16, 0.00025));
      writeFileSync(path.join(dir, "l0-b.dcm"), instance("1.2.7.1.2", "ORIGINAL\\PRIMARY\\VOLUME\\NONE", 4096, 16, 0.00025));
      writeFileSync(path.join(dir, "l1.dcm"), instance("1.2.7.1.3", "DERIVED\\PRIMARY\\VOLUME\\RESAMPLED", 2048, 8, 0.0005));
      writeFileSync(path.join(dir, "label.dcm"), instance("1.2.7.1.4", "ORIGINAL\\PRIMARY\\LABEL\\NONE", 512, 1, 0.01));
      writeFileSync(path.join(dir, "notes.txt"), "not dicom");
    });

    it("combines split level files and reads specimen, stain and container", async () => {
      const header = await readDicomWsiHeader(dir);
      expect(header).toMatchObject({
        patientId: "PATH-7",
        patientName: "Doe, Jane",
        patientSex: "FEMALE",
        widthPx: 4096,
        heightPx: 2048,
        micronsPerPixel: 0.25,
        levels: 2,
        associatedImages: ["LABEL"],
        containerIdentifier: "S24-0042 A1",
        specimenDescription: "Right upper lobe, wedge resection",
        stain: "hematoxylin stain & water soluble eosin stain",
        imagedVolumeMm: null,
      });
      expect(header.levelDetails[0]).toMatchObject({ numberOfFrames: 32, files: ["l0-a.dcm", "l0-b.dcm"] });
      expect(header.levelDetails[1]).toMatchObject({ widthPx: 2048, micronsPerPixel: 0.5, numberOfFrames: 8 });
    });
  });

  it("rejects folders without a DICOM WSI", async () => {
    await expectSlideError(readDicomWsiHeader(sharedDemoDataPath(["radiology", "dcmqi-ct-liver"])), "NOT_WSI", /No DICOM whole-slide/);
    await expectSlideError(readDicomWsiHeader(path.join(tmp, "missing")), "READ_ERROR", /ENOENT/);
  });
});
