import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedDemoDataPath } from "../demo-data/locate-demo-data";
import { DEEP_ZOOM_NAME, DEEP_ZOOM_TILES, probeSlidePixels, writeDeepZoomPyramid } from "./deep-zoom-pyramid";
import { SlideReadError } from "./read-slide-header";

const SVS = sharedDemoDataPath(["pathology", "cmu-1-small-region.svs"]);
let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), "deep-zoom-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("writeDeepZoomPyramid", () => {
  it("converts CMU-1-Small-Region into 254 px JPEG tiles with overlap 1, reporting progress up to 1", async () => {
    const out = mkdtempSync(path.join(tmp, "svs-"));
    const progress: number[] = [];
    const layout = await writeDeepZoomPyramid(SVS, out, { onProgress: (f) => progress.push(f) });

    expect(layout).toMatchObject({ width: 2220, height: 2967, overlap: 1, minLevel: 0, maxLevel: 12 });
    expect(readFileSync(path.join(out, `${DEEP_ZOOM_NAME}.dzi`), "utf8")).toContain('TileSize="254"');
    const levels = readdirSync(path.join(out, DEEP_ZOOM_TILES)).sort((a, b) => Number(a) - Number(b));
    expect(levels).toEqual(Array.from({ length: 13 }, (_, i) => String(i)));
    expect(readdirSync(path.join(out, DEEP_ZOOM_TILES, "12"))).toHaveLength(108);
    expect(existsSync(path.join(out, DEEP_ZOOM_TILES, "vips-properties.xml"))).toBe(false);

    const top = await sharp(path.join(out, DEEP_ZOOM_TILES, "12", "0_0.jpeg")).metadata();
    expect([top.format, top.width, top.height]).toEqual(["jpeg", 255, 255]);
    const inner = await sharp(path.join(out, DEEP_ZOOM_TILES, "12", "1_1.jpeg")).metadata();
    expect([inner.width, inner.height]).toEqual([256, 256]);

    expect(progress.at(-1)).toBe(1);
    expect(progress.every((f, i) => f > 0 && f <= 1 && (i === 0 || f > progress[i - 1]!))).toBe(true);
  });

  it("refuses a TIFF whose pixels the converter cannot decode, with a clear message", async () => {
    const bogus = path.join(tmp, "bogus.tif");
    writeFileSync(bogus, Buffer.concat([Buffer.from([0x49, 0x49, 42, 0, 8, 0, 0, 0]), Buffer.alloc(64)]));
    const error = await probeSlidePixels(bogus).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlideReadError);
    expect((error as SlideReadError).code).toBe("UNSUPPORTED");
    expect((error as SlideReadError).message).toMatch(/cannot be decoded/);
  });
});
