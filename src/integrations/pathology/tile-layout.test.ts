import { describe, expect, it } from "vitest";
import { countTiles, deepZoomLayout, deepZoomMaxLevel, findTile, parseTileAddress } from "./tile-layout";

describe("deepZoomLayout", () => {
  // What sharp's dzsave wrote for CMU-1-Small-Region (2220 x 2967, 254 px tiles, overlap 1).
  const layout = deepZoomLayout(2220, 2967, 254, 1);

  it("has a level per halving down to one pixel", () => {
    expect(deepZoomMaxLevel(2220, 2967)).toBe(12);
    expect(deepZoomMaxLevel(1, 1)).toBe(0);
    expect(deepZoomMaxLevel(1024, 10)).toBe(10);
    expect(deepZoomMaxLevel(1025, 10)).toBe(11);
    expect(layout.levels).toHaveLength(13);
    expect(layout.levels[0]).toMatchObject({ level: 0, width: 1, height: 1, tilesAcross: 1, tilesDown: 1 });
  });

  it("rounds halvings up and counts tiles per level as dzsave does", () => {
    expect(layout.levels[12]).toMatchObject({ width: 2220, height: 2967, tilesAcross: 9, tilesDown: 12 });
    expect(layout.levels[11]).toMatchObject({ width: 1110, height: 1484, tilesAcross: 5, tilesDown: 6 });
    expect(layout.levels[10]).toMatchObject({ width: 555, height: 742, tilesAcross: 3, tilesDown: 3 });
    expect(layout.levels[9]).toMatchObject({ tilesAcross: 2, tilesDown: 2 });
    expect(countTiles(layout)).toBe(108 + 30 + 9 + 4 + 9);
  });

  it("finds tiles inside the pyramid only", () => {
    expect(findTile(layout, 12, 8, 11)?.level).toBe(12);
    expect(findTile(layout, 12, 9, 0)).toBeNull();
    expect(findTile(layout, 12, 0, 12)).toBeNull();
    expect(findTile(layout, 13, 0, 0)).toBeNull();
    expect(findTile(layout, -1, 0, 0)).toBeNull();
    expect(findTile({ ...layout, minLevel: 3, levels: layout.levels.slice(3) }, 2, 0, 0)).toBeNull();
  });
});

describe("parseTileAddress", () => {
  it("reads level, column and row as integers", () => {
    expect(parseTileAddress("12", "3_4.jpeg")).toEqual({ level: 12, col: 3, row: 4 });
    expect(parseTileAddress("0", "0_0.jpg")).toEqual({ level: 0, col: 0, row: 0 });
  });

  it("refuses anything that is not plain digits", () => {
    for (const [level, tile] of [
      ["..", "0_0.jpeg"],
      ["1", "../0_0.jpeg"],
      ["1", "0_0.png"],
      ["1", "-1_0.jpeg"],
      ["1", "0_0.jpeg/"],
      ["1e2", "0_0.jpeg"],
      ["1", "0x1_0.jpeg"],
      ["1", "0_0"],
      ["123", "0_0.jpeg"],
      ["1", "%2e%2e_0.jpeg"],
    ] as const) {
      expect(parseTileAddress(level, tile)).toBeNull();
    }
  });
});
