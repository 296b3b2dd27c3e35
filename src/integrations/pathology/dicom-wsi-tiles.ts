/**
 * Serves a DICOM WSI pyramid in Deep Zoom terms. WSI levels that halve the image map one to one onto Deep Zoom levels
 * (their frames are the tiles); a Deep Zoom level the pyramid skips (e.g. 4x steps) is drawn from the next finer
 * level by downscaling.
 */
import sharp, { type OverlayOptions } from "sharp";
import { frameNumber, readWsiFrame, type WsiFrameIndex, type WsiLevelIndex } from "./dicom-wsi-frames";
import { deepZoomLevelSize, deepZoomMaxLevel, tileLevel, type TileLayout } from "./tile-layout";

type LevelGeometry = Pick<WsiLevelIndex, "width" | "height" | "tileWidth" | "tileHeight">;

/** Where the tiles of one Deep Zoom level come from: a WSI level, shrunk by `factor` (1 = its frames as they are). */
export interface WsiTileSource {
  wsiLevel: number;
  factor: number;
}

export interface WsiTileLayout {
  layout: TileLayout;
  /** One per layout level, from minLevel to maxLevel. */
  sources: WsiTileSource[];
}

/**
 * The Deep Zoom level a WSI level stands for: the halving whose size it has, within a pixel (WSI pyramids round
 * halvings down, Deep Zoom rounds them up). Null for a level that is no power-of-two reduction of the base.
 */
export function deepZoomLevelOf(base: { width: number; height: number }, level: { width: number; height: number }): number | null {
  const maxLevel = deepZoomMaxLevel(base.width, base.height);
  for (let dz = maxLevel; dz >= 0; dz--) {
    const size = deepZoomLevelSize(base.width, base.height, dz, maxLevel);
    if (Math.abs(size.width - level.width) <= 1 && Math.abs(size.height - level.height) <= 1) return dz;
  }
  return null;
}

export function wsiTileLayout(levels: LevelGeometry[]): WsiTileLayout {
  const base = levels[0];
  if (!base) throw new Error("A WSI pyramid needs at least one level");
  const maxLevel = deepZoomMaxLevel(base.width, base.height);
  const byDeepZoom = new Map<number, number>();
  levels.forEach((level, wsiLevel) => {
    const dz = deepZoomLevelOf(base, level);
    // Keep the first (finest) WSI level for a Deep Zoom level, should two claim it.
    if (dz !== null && !byDeepZoom.has(dz)) byDeepZoom.set(dz, wsiLevel);
  });
  const minLevel = Math.min(...byDeepZoom.keys());
  const layoutLevels: TileLayout["levels"] = [];
  const sources: WsiTileSource[] = [];
  let finer = byDeepZoom.get(maxLevel)!;
  let finerDz = maxLevel;
  for (let dz = maxLevel; dz >= minLevel; dz--) {
    const exact = byDeepZoom.get(dz);
    if (exact !== undefined) {
      finer = exact;
      finerDz = dz;
    }
    const source = levels[finer]!;
    const factor = 2 ** (finerDz - dz);
    const width = Math.ceil(source.width / factor);
    const height = Math.ceil(source.height / factor);
    // OpenSeadragon sizes a level as base / 2^n exactly (277.5 px where the WSI level has 277): a level held in one
    // frame is announced with a tile at least that large, so the viewer never asks for a second, empty tile.
    const single = source.width <= source.tileWidth && source.height <= source.tileHeight;
    const scale = 2 ** (maxLevel - dz);
    const tileWidth = single ? Math.max(source.tileWidth, Math.ceil(base.width / scale)) : source.tileWidth;
    const tileHeight = single ? Math.max(source.tileHeight, Math.ceil(base.height / scale)) : source.tileHeight;
    layoutLevels.push(tileLevel(dz, width, height, tileWidth, tileHeight));
    sources.push({ wsiLevel: finer, factor });
  }
  layoutLevels.reverse();
  sources.reverse();
  return { layout: { width: base.width, height: base.height, overlap: 0, format: "jpeg", minLevel, maxLevel, levels: layoutLevels }, sources };
}

/** The source-level pixel region behind a Deep Zoom tile. */
export function tileRegion(source: LevelGeometry, factor: number, col: number, row: number) {
  const left = col * source.tileWidth * factor;
  const top = row * source.tileHeight * factor;
  return {
    left,
    top,
    width: Math.min(source.tileWidth * factor, source.width - left),
    height: Math.min(source.tileHeight * factor, source.height - top),
  };
}

const JPEG_QUALITY = 85;

async function decodeFrame(dir: string, index: WsiFrameIndex, wsiLevel: number, frame: number) {
  const level = index.levels[wsiLevel]!;
  const bytes = await readWsiFrame(dir, index, wsiLevel, frame);
  return level.encoding === "jpeg"
    ? sharp(bytes)
    : sharp(bytes, { raw: { width: level.tileWidth, height: level.tileHeight, channels: level.samplesPerPixel as 1 | 3 } });
}

/**
 * One Deep Zoom tile as JPEG bytes. Interior tiles of a mapped JPEG level are the stored frames, unchanged; edge
 * tiles are cropped (TILED_FULL pads the last row and column), raw frames encoded, skipped levels composed.
 */
export async function renderWsiTile(dir: string, index: WsiFrameIndex, tiles: WsiTileLayout, dzLevel: number, col: number, row: number): Promise<Buffer | null> {
  const { layout, sources } = tiles;
  const slot = dzLevel - layout.minLevel;
  const source = sources[slot];
  const target = layout.levels[slot];
  if (!source || !target || col < 0 || row < 0 || col >= target.tilesAcross || row >= target.tilesDown) return null;
  const level = index.levels[source.wsiLevel]!;
  const region = tileRegion(level, source.factor, col, row);
  if (region.width <= 0 || region.height <= 0) return null;

  if (source.factor === 1) {
    const frame = frameNumber(level, col, row);
    if (frame === null) return null;
    const whole = region.width === level.tileWidth && region.height === level.tileHeight;
    if (whole && level.encoding === "jpeg") return readWsiFrame(dir, index, source.wsiLevel, frame);
    const image = await decodeFrame(dir, index, source.wsiLevel, frame);
    return image.extract({ left: 0, top: 0, width: region.width, height: region.height }).jpeg({ quality: JPEG_QUALITY }).toBuffer();
  }

  // A skipped level: paste the finer level's frames under the tile, then shrink.
  const firstCol = Math.floor(region.left / level.tileWidth);
  const firstRow = Math.floor(region.top / level.tileHeight);
  const lastCol = Math.floor((region.left + region.width - 1) / level.tileWidth);
  const lastRow = Math.floor((region.top + region.height - 1) / level.tileHeight);
  const pieces: OverlayOptions[] = [];
  for (let r = firstRow; r <= lastRow; r++) {
    for (let c = firstCol; c <= lastCol; c++) {
      const frame = frameNumber(level, c, r);
      if (frame === null) continue;
      const left = c * level.tileWidth - region.left;
      const top = r * level.tileHeight - region.top;
      const width = Math.min(level.tileWidth, region.width - left);
      const height = Math.min(level.tileHeight, region.height - top);
      const piece = await (await decodeFrame(dir, index, source.wsiLevel, frame)).extract({ left: 0, top: 0, width, height }).png().toBuffer();
      pieces.push({ input: piece, left, top });
    }
  }
  const canvas = sharp({ create: { width: region.width, height: region.height, channels: 3, background: "#ffffff" } }).composite(pieces);
  const composed = await canvas.png().toBuffer();
  return sharp(composed)
    .resize(Math.max(1, Math.ceil(region.width / source.factor)), Math.max(1, Math.ceil(region.height / source.factor)), { fit: "fill" })
    .jpeg({ quality: JPEG_QUALITY })
    .toBuffer();
}
