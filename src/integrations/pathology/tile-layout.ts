/**
 * The tile pyramid as OpenSeadragon sees it: Deep Zoom levels, level 0 a single pixel and `maxLevel` the full image,
 * each level half the size of the next. Both slide formats are served in these terms, so the viewer and the tile
 * endpoint share one addressing scheme: /tiles/{level}/{col}_{row}.jpeg.
 */

export interface TileLevel {
  /** Deep Zoom level number. */
  level: number;
  width: number;
  height: number;
  tileWidth: number;
  tileHeight: number;
  tilesAcross: number;
  tilesDown: number;
}

export interface TileLayout {
  width: number;
  height: number;
  /** Pixels each tile shares with its neighbours (Deep Zoom overlap). */
  overlap: number;
  format: "jpeg";
  /** The coarsest level that has tiles; OpenSeadragon never asks for a level below it. */
  minLevel: number;
  maxLevel: number;
  /** One entry per level from minLevel to maxLevel, in that order. */
  levels: TileLevel[];
}

/** The Deep Zoom level of the full-resolution image: the smallest n with 2^n >= the longer side. */
export function deepZoomMaxLevel(width: number, height: number): number {
  const longest = Math.max(width, height, 1);
  let level = 0;
  while (2 ** level < longest) level += 1;
  return level;
}

/** Size of a Deep Zoom level: each halving rounds up, as libvips' dzsave does. */
export function deepZoomLevelSize(width: number, height: number, level: number, maxLevel = deepZoomMaxLevel(width, height)) {
  const factor = 2 ** (maxLevel - level);
  return { width: Math.max(1, Math.ceil(width / factor)), height: Math.max(1, Math.ceil(height / factor)) };
}

export function tileLevel(level: number, width: number, height: number, tileWidth: number, tileHeight = tileWidth): TileLevel {
  return {
    level,
    width,
    height,
    tileWidth,
    tileHeight,
    tilesAcross: Math.ceil(width / tileWidth),
    tilesDown: Math.ceil(height / tileHeight),
  };
}

/** The layout of a pyramid written by libvips' dzsave (sharp `.tile({ layout: "dz" })`). */
export function deepZoomLayout(width: number, height: number, tileSize: number, overlap: number): TileLayout {
  const maxLevel = deepZoomMaxLevel(width, height);
  const levels: TileLevel[] = [];
  for (let level = 0; level <= maxLevel; level++) {
    const size = deepZoomLevelSize(width, height, level, maxLevel);
    levels.push(tileLevel(level, size.width, size.height, tileSize));
  }
  return { width, height, overlap, format: "jpeg", minLevel: 0, maxLevel, levels };
}

/** Tiles a Deep Zoom conversion writes in all: what its progress is measured against. */
export function countTiles(layout: TileLayout): number {
  return layout.levels.reduce((sum, l) => sum + l.tilesAcross * l.tilesDown, 0);
}

/** The level a request names, if the tile exists in the pyramid; null for anything outside it. */
export function findTile(layout: TileLayout, level: number, col: number, row: number): TileLevel | null {
  if (!Number.isSafeInteger(level) || !Number.isSafeInteger(col) || !Number.isSafeInteger(row)) return null;
  if (level < layout.minLevel || level > layout.maxLevel || col < 0 || row < 0) return null;
  const entry = layout.levels[level - layout.minLevel];
  if (!entry || col >= entry.tilesAcross || row >= entry.tilesDown) return null;
  return entry;
}

export interface TileAddress {
  level: number;
  col: number;
  row: number;
}

const LEVEL = /^\d{1,2}$/;
const TILE = /^(\d{1,7})_(\d{1,7})\.(jpeg|jpg)$/;

/**
 * Reads "{level}" and "{col}_{row}.jpeg" from a tile URL as integers; anything else (dots, slashes, signs, other
 * extensions) is null. The numbers, never the strings, are what later become a file path.
 */
export function parseTileAddress(level: string, tile: string): TileAddress | null {
  const tileMatch = TILE.exec(tile);
  if (!LEVEL.test(level) || !tileMatch) return null;
  return { level: Number(level), col: Number(tileMatch[1]), row: Number(tileMatch[2]) };
}
