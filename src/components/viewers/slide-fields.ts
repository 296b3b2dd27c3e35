// Pure geometry for the slide viewer: which tiles the next field of view will need, and when zoom is digital.
import type { TileLayout } from "@/integrations/pathology/tile-layout";

/** The visible part of the slide in full-resolution image pixels, and the screen pixels one image pixel covers. */
export interface FieldOfView {
  x: number;
  y: number;
  width: number;
  height: number;
  scale: number;
}

/** The Deep Zoom level OpenSeadragon draws at this scale: the coarsest whose pixels are not enlarged more than 2×. */
export function levelForScale(layout: Pick<TileLayout, "minLevel" | "maxLevel">, scale: number): number {
  if (!(scale > 0)) return layout.maxLevel;
  const level = layout.maxLevel + Math.ceil(Math.log2(scale) - 1e-9);
  return Math.min(layout.maxLevel, Math.max(layout.minLevel, level));
}

/**
 * The tiles of the fields next to the one shown (one field up, down, left and right, at the level drawn), nearest
 * first, so that panning to any neighbour finds its tiles already in the browser's cache.
 */
export function neighbourTiles(layout: TileLayout, field: FieldOfView, limit = 160): { level: number; col: number; row: number }[] {
  const level = levelForScale(layout, field.scale);
  const geometry = layout.levels.find((l) => l.level === level);
  if (!geometry) return [];
  const factor = 2 ** (layout.maxLevel - level);
  const toTile = (x: number, y: number) => [Math.floor(x / factor / geometry.tileWidth), Math.floor(y / factor / geometry.tileHeight)] as const;
  const [c0, r0] = toTile(field.x, field.y);
  const [c1, r1] = toTile(field.x + field.width, field.y + field.height);
  const spanC = c1 - c0 + 1;
  const spanR = r1 - r0 + 1;
  const inside = (c: number, r: number) => c >= c0 && c <= c1 && r >= r0 && r <= r1;
  const centre = [(c0 + c1) / 2, (r0 + r1) / 2] as const;
  const tiles: { level: number; col: number; row: number; d: number }[] = [];
  for (let r = r0 - spanR; r <= r1 + spanR; r++) {
    for (let c = c0 - spanC; c <= c1 + spanC; c++) {
      if (c < 0 || r < 0 || c >= geometry.tilesAcross || r >= geometry.tilesDown || inside(c, r)) continue;
      // Up, down, left and right of the field, not its diagonals: a reader pans along rows and columns.
      const beside = (c >= c0 && c <= c1) || (r >= r0 && r <= r1);
      if (!beside) continue;
      tiles.push({ level, col: c, row: r, d: Math.hypot(c - centre[0], r - centre[1]) });
    }
  }
  return tiles
    .sort((a, b) => a.d - b.d)
    .slice(0, limit)
    .map(({ level: l, col, row }) => ({ level: l, col, row }));
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
