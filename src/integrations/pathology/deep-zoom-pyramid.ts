/**
 * Converts an Aperio SVS or tiled TIFF into a Deep Zoom pyramid with sharp (libvips' dzsave): `<outDir>/slide.dzi`
 * and `<outDir>/slide_files/<level>/<col>_<row>.jpeg`.
 */
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { SlideReadError } from "./read-slide-header";
import { countTiles, deepZoomLayout, type TileLayout } from "./tile-layout";

export const DEEP_ZOOM = { tileSize: 254, overlap: 1, format: "jpeg", quality: 85 } as const;
/** Inside the slide's folder: the Deep Zoom descriptor and the tiles folder beside it. */
export const DEEP_ZOOM_NAME = "slide";
export const DEEP_ZOOM_TILES = `${DEEP_ZOOM_NAME}_files`;

const PROGRESS_POLL_MS = 400;

function openImage(filePath: string) {
  // Whole-slide images are far beyond sharp's default pixel limit by design.
  return sharp(filePath, { limitInputPixels: false, page: 0 });
}

/**
 * Makes sure libvips can decode the slide's pixels, not just its header: some SVS files use compressions
 * (e.g. Aperio's JPEG 2000) that the converter cannot read. Decodes one small corner only.
 * @throws SlideReadError("UNSUPPORTED") with a message saying so.
 */
export async function probeSlidePixels(filePath: string): Promise<{ width: number; height: number }> {
  try {
    const meta = await openImage(filePath).metadata();
    if (!meta.width || !meta.height) throw new Error("no image size");
    await openImage(filePath)
      .extract({ left: 0, top: 0, width: Math.min(64, meta.width), height: Math.min(64, meta.height) })
      .raw()
      .toBuffer();
    return { width: meta.width, height: meta.height };
  } catch (error) {
    throw new SlideReadError(
      "UNSUPPORTED",
      "The slide's image data cannot be decoded (its compression, e.g. JPEG 2000, is not supported by the converter); export the slide as a JPEG-compressed SVS or tiled TIFF, or as DICOM WSI",
      { cause: error },
    );
  }
}

async function countWrittenTiles(tilesDir: string): Promise<number> {
  let levels: string[];
  try {
    levels = await readdir(tilesDir);
  } catch {
    return 0;
  }
  let count = 0;
  for (const level of levels) {
    if (!/^\d+$/.test(level)) continue;
    count += (await readdir(path.join(tilesDir, level)).catch(() => [])).length;
  }
  return count;
}

export interface DeepZoomOptions {
  /** Called with 0..1 as tiles are written; measured by counting the tiles dzsave has written so far. */
  onProgress?: (fraction: number) => void;
}

/**
 * Writes the pyramid into `outDir` (which must exist and be empty). sharp reports no progress, so a timer counts
 * the tiles written against the number the layout predicts.
 */
export async function writeDeepZoomPyramid(filePath: string, outDir: string, options: DeepZoomOptions = {}): Promise<TileLayout> {
  const { width, height } = await probeSlidePixels(filePath);
  const layout = deepZoomLayout(width, height, DEEP_ZOOM.tileSize, DEEP_ZOOM.overlap);
  const expected = countTiles(layout);
  const tilesDir = path.join(outDir, DEEP_ZOOM_TILES);
  let last = 0;
  const report = (fraction: number) => {
    if (fraction <= last) return;
    last = fraction;
    options.onProgress?.(fraction);
  };
  let polling = false;
  const timer = setInterval(() => {
    if (polling) return;
    polling = true;
    countWrittenTiles(tilesDir)
      .then((written) => report(Math.min(0.99, written / expected)))
      // A failing progress listener must not break (or crash) the conversion itself.
      .catch(() => undefined)
      .finally(() => {
        polling = false;
      });
  }, PROGRESS_POLL_MS);
  try {
    await openImage(filePath)
      .jpeg({ quality: DEEP_ZOOM.quality })
      .tile({ size: DEEP_ZOOM.tileSize, overlap: DEEP_ZOOM.overlap, layout: "dz" })
      .toFile(path.join(outDir, DEEP_ZOOM_NAME));
  } finally {
    clearInterval(timer);
  }
  // libvips copies the TIFF's metadata (scanner, barcode, label text) next to the tiles: none of it is needed.
  await rm(path.join(tilesDir, "vips-properties.xml"), { force: true });
  report(1);
  return layout;
}
