/**
 * Reads tiles of stored slides in Deep Zoom terms, whatever the format: converted SVS/TIFF pyramids from their tile
 * files, DICOM WSI straight from the frames of the stored instances.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Slide } from "@/generated/prisma/client";
import { DEEP_ZOOM, DEEP_ZOOM_TILES } from "@/integrations/pathology/deep-zoom-pyramid";
import { isWsiFrameIndex } from "@/integrations/pathology/dicom-wsi-frames";
import { renderWsiTile, wsiTileLayout } from "@/integrations/pathology/dicom-wsi-tiles";
import { deepZoomLayout, findTile, type TileAddress, type TileLayout } from "@/integrations/pathology/tile-layout";
import type { Db } from "../db-types";
import { slideFolder } from "./slide-store";

/** Inside a DICOM WSI slide's folder: the copied instances and the frame index. */
export const WSI_FOLDER = "wsi";
export const WSI_INDEX = "index.json";

export type StoredSlide = Pick<Slide, "id" | "format" | "widthPx" | "heightPx" | "storagePath" | "tileSize" | "tileOverlap" | "importStatus">;

export interface Pyramid {
  layout: TileLayout;
  /** JPEG bytes, or null for a tile outside the pyramid. */
  readTile(address: TileAddress): Promise<Buffer | null>;
}

const CACHE_LIMIT = 64;
const pyramids = new Map<string, Promise<Pyramid>>();

function deepZoomPyramid(slide: StoredSlide, folder: string): Pyramid {
  const layout = deepZoomLayout(slide.widthPx, slide.heightPx, slide.tileSize ?? DEEP_ZOOM.tileSize, slide.tileOverlap ?? DEEP_ZOOM.overlap);
  return {
    layout,
    async readTile({ level, col, row }) {
      if (!findTile(layout, level, col, row)) return null;
      // Only integers checked against the layout reach the path.
      const file = path.join(folder, DEEP_ZOOM_TILES, String(level), `${col}_${row}.jpeg`);
      return readFile(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return null;
        throw error;
      });
    },
  };
}

async function dicomPyramid(folder: string): Promise<Pyramid> {
  const wsiFolder = path.join(folder, WSI_FOLDER);
  const index: unknown = JSON.parse(await readFile(path.join(wsiFolder, WSI_INDEX), "utf8"));
  if (!isWsiFrameIndex(index)) throw new Error("The slide's frame index is damaged; import the slide again");
  const tiles = wsiTileLayout(index.levels);
  return {
    layout: tiles.layout,
    async readTile({ level, col, row }) {
      if (!findTile(tiles.layout, level, col, row)) return null;
      return renderWsiTile(wsiFolder, index, tiles, level, col, row);
    },
  };
}

/** The slide's pyramid, or null while it is not (yet) converted. Kept in memory for the next tile request. */
export async function openPyramid(slide: StoredSlide): Promise<Pyramid | null> {
  if (slide.importStatus !== "READY" || !slide.storagePath) return null;
  const key = `${slide.id}:${slide.storagePath}`;
  let pyramid = pyramids.get(key);
  if (!pyramid) {
    const folder = slideFolder(slide.storagePath);
    pyramid = slide.format === "DICOM_WSI" ? dicomPyramid(folder) : Promise.resolve(deepZoomPyramid(slide, folder));
    pyramid.catch(() => pyramids.delete(key));
    if (pyramids.size >= CACHE_LIMIT) pyramids.delete(pyramids.keys().next().value!);
    pyramids.set(key, pyramid);
  }
  return pyramid;
}

const STORED_SLIDE = { id: true, format: true, widthPx: true, heightPx: true, storagePath: true, tileSize: true, tileOverlap: true, importStatus: true } as const;

export type TileResult = { found: true; bytes: Buffer } | { found: false; message: string };

/** One tile of a slide; "not found" for unknown slides, slides still converting, and tiles outside the pyramid. */
// A converted slide never changes (a new import is a new slide): remember it instead of a query per tile.
const readySlides = new Map<string, StoredSlide>();

export async function readSlideTile(db: Db, slideId: string, address: TileAddress): Promise<TileResult> {
  const slide = readySlides.get(slideId) ?? (await db.slide.findUnique({ where: { id: slideId }, select: STORED_SLIDE }));
  if (!slide) return { found: false, message: "No such slide." };
  if (slide.importStatus === "READY" && !readySlides.has(slideId)) {
    if (readySlides.size >= CACHE_LIMIT * 16) readySlides.delete(readySlides.keys().next().value!);
    readySlides.set(slideId, slide);
  }
  const pyramid = await openPyramid(slide);
  if (!pyramid) return { found: false, message: slide.importStatus === "READY" ? "This slide has no tiles." : "This slide is not converted yet." };
  const bytes = await pyramid.readTile(address);
  return bytes ? { found: true, bytes } : { found: false, message: "No such tile in this slide." };
}

export async function slideLayout(slide: StoredSlide): Promise<TileLayout | null> {
  return (await openPyramid(slide))?.layout ?? null;
}

export { STORED_SLIDE };
