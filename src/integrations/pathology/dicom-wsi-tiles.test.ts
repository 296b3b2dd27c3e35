import path from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { sharedDemoDataPath } from "../demo-data/locate-demo-data";
import { buildWsiFrameIndex, readWsiFrame, type WsiFrameIndex } from "./dicom-wsi-frames";
import { deepZoomLevelOf, renderWsiTile, tileRegion, wsiTileLayout } from "./dicom-wsi-tiles";
import { readDicomWsiHeader } from "./read-slide-header";

const WSI_DIR = sharedDemoDataPath(["pathology", "cmu-1-small-region-dicom-wsi"]);

let index: WsiFrameIndex;
beforeAll(async () => {
  const header = await readDicomWsiHeader(WSI_DIR);
  index = await buildWsiFrameIndex(header.levelDetails.map((l) => l.files.map((f) => path.join(WSI_DIR, f))));
});

const size = async (bytes: Buffer | null) => {
  const meta = await sharp(bytes!).metadata();
  return [meta.format, meta.width, meta.height];
};

describe("mapping WSI levels onto Deep Zoom levels", () => {
  it("maps halving levels one to one, rounding down or up within a pixel", () => {
    const base = { width: 2220, height: 2967 };
    expect(deepZoomLevelOf(base, base)).toBe(12);
    expect(deepZoomLevelOf(base, { width: 1110, height: 1483 })).toBe(11);
    expect(deepZoomLevelOf(base, { width: 4, height: 5 })).toBe(3);
    expect(deepZoomLevelOf(base, { width: 1, height: 1 })).toBe(1);
    expect(deepZoomLevelOf(base, { width: 700, height: 935 })).toBeNull();
  });

  it("serves the sample's 12 levels as Deep Zoom levels 1 to 12, straight from the frames", () => {
    const { layout, sources } = wsiTileLayout(index.levels);
    expect(layout).toMatchObject({ width: 2220, height: 2967, overlap: 0, minLevel: 1, maxLevel: 12 });
    expect(layout.levels).toHaveLength(12);
    expect(layout.levels.at(-1)).toMatchObject({ level: 12, tileWidth: 500, tilesAcross: 5, tilesDown: 6 });
    expect(layout.levels[0]).toMatchObject({ level: 1, width: 1, height: 1 });
    expect(sources.every((s) => s.factor === 1)).toBe(true);
    expect(sources.at(-1)).toEqual({ wsiLevel: 0, factor: 1 });
    expect(sources[0]).toEqual({ wsiLevel: 11, factor: 1 });
  });

  it("fills the levels a 4x pyramid skips from the next finer level", () => {
    const level = (width: number) => ({ width, height: width, tileWidth: 256, tileHeight: 256 });
    const { layout, sources } = wsiTileLayout([level(4096), level(1024), level(256)]);
    expect([layout.minLevel, layout.maxLevel]).toEqual([8, 12]);
    expect(sources).toEqual([
      { wsiLevel: 2, factor: 1 },
      { wsiLevel: 1, factor: 2 },
      { wsiLevel: 1, factor: 1 },
      { wsiLevel: 0, factor: 2 },
      { wsiLevel: 0, factor: 1 },
    ]);
    expect(layout.levels[3]).toMatchObject({ level: 11, width: 2048, tilesAcross: 8 });
    expect(tileRegion(level(4096), 2, 7, 0)).toEqual({ left: 3584, top: 0, width: 512, height: 512 });
  });
});

describe("renderWsiTile", () => {
  it("returns interior tiles as the stored JPEG frames, unchanged", async () => {
    const tiles = wsiTileLayout(index.levels);
    const tile = await renderWsiTile(WSI_DIR, index, tiles, 12, 1, 1);
    expect(tile?.equals(await readWsiFrame(WSI_DIR, index, 0, 6))).toBe(true);
  });

  it("crops the padding off edge tiles", async () => {
    const tiles = wsiTileLayout(index.levels);
    expect(await size(await renderWsiTile(WSI_DIR, index, tiles, 12, 4, 5))).toEqual(["jpeg", 220, 467]);
    expect(await size(await renderWsiTile(WSI_DIR, index, tiles, 11, 2, 2))).toEqual(["jpeg", 110, 483]);
  });

  it("returns null outside the pyramid", async () => {
    const tiles = wsiTileLayout(index.levels);
    expect(await renderWsiTile(WSI_DIR, index, tiles, 12, 5, 0)).toBeNull();
    expect(await renderWsiTile(WSI_DIR, index, tiles, 0, 0, 0)).toBeNull();
    expect(await renderWsiTile(WSI_DIR, index, tiles, 13, 0, 0)).toBeNull();
  });

  it("draws a skipped level by shrinking the finer level's frames", async () => {
    // Pretend the pyramid lacks its second level: Deep Zoom level 11 must come from level 0.
    const gappy: WsiFrameIndex = { ...index, levels: [index.levels[0]!, ...index.levels.slice(2)] };
    const tiles = wsiTileLayout(gappy.levels);
    expect(tiles.sources[tiles.layout.maxLevel - 1 - tiles.layout.minLevel]).toEqual({ wsiLevel: 0, factor: 2 });
    expect(await size(await renderWsiTile(WSI_DIR, gappy, tiles, 11, 0, 0))).toEqual(["jpeg", 500, 500]);
    expect(await size(await renderWsiTile(WSI_DIR, gappy, tiles, 11, 2, 2))).toEqual(["jpeg", 110, 484]);
    // The composed tile looks like the real level-1 frame (same tissue, same brightness).
    const composed = await sharp((await renderWsiTile(WSI_DIR, gappy, tiles, 11, 1, 1))!).stats();
    const real = await sharp(await readWsiFrame(WSI_DIR, index, 1, 4)).stats();
    composed.channels.forEach((channel, i) => expect(Math.abs(channel.mean - real.channels[i]!.mean)).toBeLessThan(6));
  });
});
