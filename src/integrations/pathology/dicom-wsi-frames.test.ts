import path from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { sharedDemoDataPath } from "../demo-data/locate-demo-data";
import { buildWsiFrameIndex, frameNumber, isWsiFrameIndex, readWsiFrame, type WsiFrameIndex } from "./dicom-wsi-frames";
import { readDicomWsiHeader, readDicomWsiHeaderFromFiles, SlideReadError } from "./read-slide-header";

const WSI_DIR = sharedDemoDataPath(["pathology", "cmu-1-small-region-dicom-wsi"]);

let index: WsiFrameIndex;
beforeAll(async () => {
  const header = await readDicomWsiHeader(WSI_DIR);
  index = await buildWsiFrameIndex(header.levelDetails.map((l) => l.files.map((f) => path.join(WSI_DIR, f))));
});

describe("buildWsiFrameIndex on the DICOM version of CMU-1-Small-Region", () => {
  it("indexes every level, finest first, with TILED_FULL geometry", () => {
    expect(index.levels).toHaveLength(12);
    expect(index.levels[0]).toMatchObject({ width: 2220, height: 2967, tileWidth: 500, tileHeight: 500, tilesAcross: 5, tilesDown: 6, encoding: "jpeg", samplesPerPixel: 3 });
    expect(index.levels[0]!.frames).toHaveLength(30);
    expect(index.levels[1]).toMatchObject({ width: 1110, height: 1483, tilesAcross: 3, tilesDown: 3 });
    // Small levels are a single frame exactly the size of the level.
    expect(index.levels[3]).toMatchObject({ width: 277, height: 370, tileWidth: 277, tileHeight: 370, tilesAcross: 1, tilesDown: 1 });
    expect(index.files[0]).toBe("level-0-frames-0-30.dcm");
    expect(isWsiFrameIndex(JSON.parse(JSON.stringify(index)))).toBe(true);
  });

  it("extracts frames that are complete JPEG streams", async () => {
    for (const frame of [0, 4, 29]) {
      const bytes = await readWsiFrame(WSI_DIR, index, 0, frame);
      expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
      // Fragments are padded to an even length: the end-of-image marker may be followed by one zero byte.
      expect(bytes.subarray(-3).includes(0xd9)).toBe(true);
      const meta = await sharp(bytes).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 500, 500]);
    }
    const tiny = await sharp(await readWsiFrame(WSI_DIR, index, 11, 0)).metadata();
    expect([tiny.width, tiny.height]).toEqual([1, 1]);
  });

  it("numbers frames row by row", () => {
    const level = index.levels[0]!;
    expect(frameNumber(level, 0, 0)).toBe(0);
    expect(frameNumber(level, 4, 0)).toBe(4);
    expect(frameNumber(level, 0, 1)).toBe(5);
    expect(frameNumber(level, 4, 5)).toBe(29);
    expect(frameNumber(level, 5, 0)).toBeNull();
    expect(frameNumber(level, 0, 6)).toBeNull();
    expect(frameNumber(level, -1, 0)).toBeNull();
  });

  it("reads a set of files as well as a folder", async () => {
    const files = ["level-2-frames-0-4.dcm", "level-3-frames-0-1.dcm"].map((f) => path.join(WSI_DIR, f));
    const header = await readDicomWsiHeaderFromFiles(files);
    expect(header).toMatchObject({ widthPx: 555, heightPx: 741, levels: 2 });
    expect(header.levelDetails[0]?.files).toEqual([files[0]]);
  });

  it("refuses an index that names files outside its folder", () => {
    expect(isWsiFrameIndex({ ...index, files: ["../../etc/passwd"] })).toBe(false);
    expect(isWsiFrameIndex({ ...index, version: 2 })).toBe(false);
    expect(isWsiFrameIndex(null)).toBe(false);
  });

  it("refuses non-DICOM files with a SlideReadError", async () => {
    const svs = sharedDemoDataPath(["pathology", "cmu-1-small-region.svs"]);
    await expect(buildWsiFrameIndex([[svs]])).rejects.toBeInstanceOf(SlideReadError);
  });
});
