import { describe, expect, it } from "vitest";
import { deepZoomLayout } from "@/integrations/pathology/tile-layout";
import { digitalZoomNotice, levelForScale, neighbourTiles, scanMagnification } from "./slide-fields";

const layout = deepZoomLayout(46000, 32914, 254, 1); // CMU-1: maxLevel 16

describe("slide fields", () => {
  it("picks the level OpenSeadragon draws", () => {
    expect(layout.maxLevel).toBe(16);
    expect(levelForScale(layout, 2)).toBe(16);
    expect(levelForScale(layout, 1)).toBe(16);
    expect(levelForScale(layout, 0.6)).toBe(16);
    expect(levelForScale(layout, 0.5)).toBe(15);
    expect(levelForScale(layout, 0.4)).toBe(15);
    expect(levelForScale(layout, 1e-9)).toBe(0);
  });

  it("lists the tiles of the neighbouring fields, nearest first, none of the field shown", () => {
    // A 2×2-tile field at full resolution, in the middle of the slide.
    const field = { x: 254 * 10, y: 254 * 10, width: 254 * 2 - 1, height: 254 * 2 - 1, scale: 1 };
    const tiles = neighbourTiles(layout, field);
    expect(tiles.every((t) => t.level === 16)).toBe(true);
    expect(tiles.some((t) => t.col >= 10 && t.col <= 11 && t.row >= 10 && t.row <= 11)).toBe(false);
    // Up, down, left, right: four 2×2 blocks.
    expect(tiles).toHaveLength(16);
    const first = tiles[0]!;
    expect(Math.abs(first.col - 10.5) + Math.abs(first.row - 10.5)).toBeLessThanOrEqual(2);
    expect(tiles.some((t) => t.col === 8 && t.row === 8)).toBe(false);
  });

  it("stays inside the slide at its edge", () => {
    const tiles = neighbourTiles(layout, { x: 0, y: 0, width: 500, height: 500, scale: 1 });
    expect(tiles.every((t) => t.col >= 0 && t.row >= 0)).toBe(true);
    expect(tiles.length).toBeGreaterThan(0);
  });

  it("says when the view goes beyond the scan's own magnification", () => {
    expect(scanMagnification(0.499)).toBeCloseTo(20.04, 1);
    expect(digitalZoomNotice(0.499, 20)).toBeNull();
    expect(digitalZoomNotice(0.499, 40)).toBe("Digital zoom: beyond the scan's 20×, no more detail");
    expect(digitalZoomNotice(0.25, 40)).toBeNull();
    expect(digitalZoomNotice(null, 40)).toBeNull();
  });
});
