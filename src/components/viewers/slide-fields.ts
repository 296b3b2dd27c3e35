// Pure geometry for the slide viewer: which tiles the first and the next field of view need, and when zoom is digital.
import type { TileLayout } from "@/integrations/pathology/tile-layout";

/** The visible part of the slide in full-resolution image pixels, and the screen pixels one image pixel covers. */
export interface FieldOfView {
  x: number;
  y: number;
  width: number;
  height: number;
  scale: number;
}

/**
 * The Deep Zoom level OpenSeadragon draws at this scale: the finest whose pixels are not shrunk below half a screen
 * pixel (its minPixelRatio, 0.5), i.e. maxLevel + floor(1 + log2(scale)), within the pyramid.
 */
export function levelForScale(layout: Pick<TileLayout, "minLevel" | "maxLevel">, scale: number): number {
  if (!(scale > 0)) return layout.maxLevel;
  const level = layout.maxLevel + Math.floor(1 + Math.log2(scale) + 1e-9);
  return Math.min(layout.maxLevel, Math.max(layout.minLevel, level));
}

export interface TileRef {
  level: number;
  col: number;
  row: number;
}

/** The first and last column and row of a level's tiles that a rectangle of full-resolution pixels touches. */
function tileSpan(layout: TileLayout, level: number, rect: { x: number; y: number; width: number; height: number }) {
  const geometry = layout.levels.find((l) => l.level === level);
  if (!geometry) return null;
  const factor = 2 ** (layout.maxLevel - level);
  const col = (x: number) => Math.min(geometry.tilesAcross - 1, Math.max(0, Math.floor(x / factor / geometry.tileWidth)));
  const row = (y: number) => Math.min(geometry.tilesDown - 1, Math.max(0, Math.floor(y / factor / geometry.tileHeight)));
  return { geometry, c0: col(rect.x), r0: row(rect.y), c1: col(rect.x + rect.width), r1: row(rect.y + rect.height) };
}

/** The tiles of one level a field shows, row by row. */
export function fieldTiles(layout: TileLayout, field: FieldOfView, level = levelForScale(layout, field.scale)): TileRef[] {
  const span = tileSpan(layout, level, field);
  if (!span) return [];
  const tiles: TileRef[] = [];
  for (let row = span.r0; row <= span.r1; row++) for (let col = span.c0; col <= span.c1; col++) tiles.push({ level, col, row });
  return tiles;
}

/** OpenSeadragon's home view in a viewer of this size: the whole slide fitted and centred. */
export function homeField(layout: Pick<TileLayout, "width" | "height">, viewerWidth: number, viewerHeight: number): FieldOfView {
  const scale = Math.min(viewerWidth / layout.width, viewerHeight / layout.height);
  const width = viewerWidth / scale;
  const height = viewerHeight / scale;
  return { x: (layout.width - width) / 2, y: (layout.height - height) / 2, width, height, scale };
}

/**
 * The tiles worth fetching while the reader looks at a field, nearest first: the ring of fields around it at the level
 * drawn (one field up, down, left, right and on the diagonals, where the next pan lands), then the next finer level
 * under the field's central half (where a zoom in lands). None of the field's own tiles.
 */
export function prefetchRing(layout: TileLayout, field: FieldOfView, limit = 240): TileRef[] {
  const level = levelForScale(layout, field.scale);
  const span = tileSpan(layout, level, field);
  if (!span) return [];
  const { geometry, c0, r0, c1, r1 } = span;
  const spanC = c1 - c0 + 1;
  const spanR = r1 - r0 + 1;
  const centre = [(c0 + c1) / 2, (r0 + r1) / 2] as const;
  const ring: (TileRef & { d: number })[] = [];
  for (let row = Math.max(0, r0 - spanR); row <= Math.min(geometry.tilesDown - 1, r1 + spanR); row++) {
    for (let col = Math.max(0, c0 - spanC); col <= Math.min(geometry.tilesAcross - 1, c1 + spanC); col++) {
      if (col >= c0 && col <= c1 && row >= r0 && row <= r1) continue;
      // Distance in fields, not tiles: a wide field's left and right neighbours are as near as those above and below.
      ring.push({ level, col, row, d: Math.hypot((col - centre[0]) / spanC, (row - centre[1]) / spanR) });
    }
  }
  ring.sort((a, b) => a.d - b.d);
  const tiles: TileRef[] = ring.map(({ level: l, col, row }) => ({ level: l, col, row }));
  if (level < layout.maxLevel) {
    const inner = { x: field.x + field.width / 4, y: field.y + field.height / 4, width: field.width / 2, height: field.height / 2, scale: field.scale * 2 };
    tiles.push(...fieldTiles(layout, inner, level + 1));
  }
  return tiles.slice(0, limit);
}

/** The scan's own magnification from its pixel spacing: 0.25 µm per pixel is a 40× scan, 0.5 µm a 20× one. */
export const scanMagnification = (micronsPerPixel: number | null) => (micronsPerPixel && micronsPerPixel > 0 ? 10 / micronsPerPixel : null);

/**
 * Beyond the scan's own magnification the viewer only enlarges pixels (digital zoom): a 20× scan shown at 40× holds
 * no more detail than at 20×. Returns the notice to show, or null. A 5% margin absorbs rounding of the spacing.
 */
export function digitalZoomNotice(micronsPerPixel: number | null, shownMagnification: number | null): string | null {
  const scan = scanMagnification(micronsPerPixel);
  if (!scan || !shownMagnification || shownMagnification <= scan * 1.05) return null;
  return `Digital zoom: beyond the scan's ${Math.round(scan)}×, no more detail`;
}

/** A tile's address on the slide tile endpoint (GET /api/slides/{id}/tiles/{level}/{col}_{row}.jpeg). */
export const slideTileUrl = (slideId: string, { level, col, row }: TileRef) => `/api/slides/${encodeURIComponent(slideId)}/tiles/${level}/${col}_${row}.jpeg`;
