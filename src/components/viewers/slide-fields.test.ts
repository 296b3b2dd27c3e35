import { describe, expect, it } from "vitest";
import { deepZoomLayout } from "@/integrations/pathology/tile-layout";
import { digitalZoomNotice, fieldTiles, homeField, levelForScale, prefetchRing, scanMagnification, slideTileUrl } from "./slide-fields";

const layout = deepZoomLayout(46000, 32914, 254, 1); // CMU-1: maxLevel 16

describe("slide fields", () => {
  it("picks the level OpenSeadragon draws: the finest not shrunk below half a screen pixel", () => {
    expect(layout.maxLevel).toBe(16);
    expect(levelForScale(layout, 2)).toBe(16);
    expect(levelForScale(layout, 1)).toBe(16);
    expect(levelForScale(layout, 0.6)).toBe(16);
    expect(levelForScale(layout, 0.5)).toBe(16);
    expect(levelForScale(layout, 0.4)).toBe(15);
    expect(levelForScale(layout, 0.25)).toBe(15);
    expect(levelForScale(layout, 0.24)).toBe(14);
    expect(levelForScale(layout, 1e-9)).toBe(0);
  });

  it("lists the tiles a field shows at its level", () => {
    // 254-pixel tiles at full resolution: a field from 300 to 800 across and 0 to 254 down touches columns 1 to 3, row 0 and 1.
    expect(fieldTiles(layout, { x: 300, y: 0, width: 500, height: 254, scale: 1 })).toEqual([
      { level: 16, col: 1, row: 0 },
      { level: 16, col: 2, row: 0 },
      { level: 16, col: 3, row: 0 },
      { level: 16, col: 1, row: 1 },
      { level: 16, col: 2, row: 1 },
      { level: 16, col: 3, row: 1 },
    ]);
  });

  it("finds the first view's tiles: the whole slide fitted in the viewer, at the level drawn", () => {
    // 1600 × 700 viewer: the slide's height limits, 700 / 32914 ≈ 1/47 → level 11 (1438 × 1029 pixels, 6 × 5 tiles).
    const home = homeField(layout, 1600, 700);
    expect(home.scale).toBeCloseTo(700 / 32914, 6);
    expect(home.y).toBeCloseTo(0, 6);
    const tiles = fieldTiles(layout, home);
    expect(new Set(tiles.map((t) => t.level))).toEqual(new Set([11]));
    expect(tiles).toHaveLength(6 * 5);
  });

  it("rings the field shown with the fields around it, nearest first, none of its own tiles", () => {
    // A 2×2-tile field at full resolution, in the middle of the slide.
    const field = { x: 254 * 10, y: 254 * 10, width: 254 * 2 - 1, height: 254 * 2 - 1, scale: 1 };
    const tiles = prefetchRing(layout, field);
    expect(tiles.every((t) => t.level === 16)).toBe(true);
    expect(tiles.some((t) => t.col >= 10 && t.col <= 11 && t.row >= 10 && t.row <= 11)).toBe(false);
    // Eight 2×2 fields around it: up, down, left, right and the diagonals.
    expect(tiles).toHaveLength(32);
    expect(new Set(tiles.map((t) => `${t.col}_${t.row}`)).size).toBe(32);
    expect(tiles.every((t) => t.col >= 8 && t.col <= 13 && t.row >= 8 && t.row <= 13)).toBe(true);
    // The tiles next to the field's sides come before the far corners.
    const first = tiles.slice(0, 8);
    expect(first.every((t) => (t.col >= 10 && t.col <= 11) || (t.row >= 10 && t.row <= 11))).toBe(true);
    expect(tiles.slice(-4).map((t) => `${t.col}_${t.row}`).sort()).toEqual(["13_13", "13_8", "8_13", "8_8"]);
  });

  it("adds the next finer level under the field's central half, where a zoom in lands", () => {
    const field = { x: 254 * 20, y: 254 * 20, width: 254 * 8, height: 254 * 8, scale: 0.5 };
    const tiles = prefetchRing(layout, field, 10_000);
    // At scale 0.5 the field is drawn at level 16 already (the finest): nothing finer to fetch.
    expect(tiles.every((t) => t.level === 16)).toBe(true);
    const zoomedOut = prefetchRing(layout, { ...field, scale: 0.25 }, 10_000);
    expect(new Set(zoomedOut.map((t) => t.level))).toEqual(new Set([15, 16]));
    const finer = zoomedOut.filter((t) => t.level === 16);
    // The central half (full-resolution 254 × 22 to 254 × 26) at level 16: columns and rows 22 to 26.
    expect(finer.every((t) => t.col >= 22 && t.col <= 26 && t.row >= 22 && t.row <= 26)).toBe(true);
    expect(finer).toHaveLength(25);
    // The ring first, the finer level after it; and never more than asked for.
    expect(zoomedOut.findIndex((t) => t.level === 16)).toBeGreaterThan(zoomedOut.findLastIndex((t) => t.level === 15));
    expect(prefetchRing(layout, field, 5)).toHaveLength(5);
  });

  it("stays inside the slide at its edge", () => {
    const tiles = prefetchRing(layout, { x: 0, y: 0, width: 500, height: 500, scale: 1 });
    expect(tiles.every((t) => t.col >= 0 && t.row >= 0)).toBe(true);
    expect(tiles.length).toBeGreaterThan(0);
  });

  it("addresses a tile on the slide tile endpoint", () => {
    expect(slideTileUrl("s 1", { level: 12, col: 3, row: 4 })).toBe("/api/slides/s%201/tiles/12/3_4.jpeg");
  });

  it("says when the view goes beyond the scan's own magnification", () => {
    expect(scanMagnification(0.499)).toBeCloseTo(20.04, 1);
    expect(digitalZoomNotice(0.499, 20)).toBeNull();
    expect(digitalZoomNotice(0.499, 40)).toBe("Digital zoom: beyond the scan's 20×, no more detail");
    expect(digitalZoomNotice(0.25, 40)).toBeNull();
    expect(digitalZoomNotice(null, 40)).toBeNull();
  });
});
