/**
 * Where each tile (frame) of a DICOM VL Whole Slide Microscopy pyramid sits in its files, so tiles can be served
 * straight from the stored instances with one positioned read, never parsing a whole file per request.
 */
import { open, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type { DataSet } from "dicom-parser";
import { DicomParseError, parseDicomDataSet, readDicomString } from "../dicom/read-dicom-header";
import { SlideReadError } from "./read-slide-header";

export type WsiFrameEncoding = "jpeg" | "raw";

export interface WsiLevelIndex {
  width: number;
  height: number;
  tileWidth: number;
  tileHeight: number;
  tilesAcross: number;
  tilesDown: number;
  encoding: WsiFrameEncoding;
  samplesPerPixel: number;
  /** Per frame, in TILED_FULL order (row * tilesAcross + col): [fileIndex, offset, length, offset, length, ...]. */
  frames: number[][];
}

export interface WsiFrameIndex {
  version: 1;
  /** File names, relative to the folder holding the index. */
  files: string[];
  /** Finest level first. */
  levels: WsiLevelIndex[];
}

const TRANSFER_SYNTAX_NAMES: Record<string, string> = {
  "1.2.840.10008.1.2.4.50": "JPEG baseline",
  "1.2.840.10008.1.2.4.51": "JPEG extended (12-bit)",
  "1.2.840.10008.1.2.4.57": "JPEG lossless",
  "1.2.840.10008.1.2.4.70": "JPEG lossless",
  "1.2.840.10008.1.2.4.80": "JPEG-LS lossless",
  "1.2.840.10008.1.2.4.81": "JPEG-LS",
  "1.2.840.10008.1.2.4.90": "JPEG 2000 lossless",
  "1.2.840.10008.1.2.4.91": "JPEG 2000",
  "1.2.840.10008.1.2.4.201": "HTJ2K lossless",
  "1.2.840.10008.1.2.4.203": "HTJ2K",
  "1.2.840.10008.1.2.5": "RLE",
};
const JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
const NATIVE = new Set(["1.2.840.10008.1.2", "1.2.840.10008.1.2.1"]);
const PIXEL_DATA = "x7fe00010";
const HEADER_PREFIX = 256 * 1024;
const MAX_HEADER = 64 * 1024 * 1024;

interface LevelFile {
  filePath: string;
  dataSet: DataSet;
  fileSize: number;
}

function integer(dataSet: DataSet, tag: string): number | null {
  const text = readDicomString(dataSet, tag, "");
  if (text === undefined) return null;
  const n = Number.parseInt(text, 10);
  return Number.isFinite(n) ? n : null;
}

function uint(dataSet: DataSet, tag: string): number | null {
  const element = dataSet.elements[tag];
  if (!element || element.length < 2) return null;
  return element.length >= 4 ? (dataSet.uint32(tag) ?? null) : (dataSet.uint16(tag) ?? null);
}

/** Reads the header up to the pixel data, reading more of the file when the header is longer than the first guess. */
async function readHeader(handle: FileHandle, fileSize: number): Promise<DataSet> {
  for (let length = Math.min(fileSize, HEADER_PREFIX); ; length = Math.min(fileSize, length * 4)) {
    const bytes = new Uint8Array(length);
    await handle.read(bytes, 0, length, 0);
    try {
      return parseDicomDataSet(bytes, { partial: length < fileSize });
    } catch (error) {
      const retry = error instanceof DicomParseError && error.code === "TRUNCATED" && length < fileSize && length < MAX_HEADER;
      if (!retry) throw new SlideReadError("READ_ERROR", `Unreadable DICOM slide file: ${(error as Error).message}`, { cause: error });
    }
  }
}

async function readUint32s(handle: FileHandle, offset: number, count: number): Promise<number[]> {
  const bytes = Buffer.alloc(count * 4);
  await handle.read(bytes, 0, bytes.length, offset);
  return Array.from({ length: count }, (_, i) => bytes.readUInt32LE(i * 4));
}

interface Item {
  /** Where the item's tag starts. */
  start: number;
  /** Where its value starts. */
  offset: number;
  length: number;
}

/** The items of encapsulated pixel data (PS3.5 A.4), read header by header; the first is the Basic Offset Table. */
async function readItems(handle: FileHandle, start: number, fileSize: number): Promise<Item[]> {
  const items: Item[] = [];
  const header = Buffer.alloc(8);
  let position = start;
  while (position + 8 <= fileSize) {
    await handle.read(header, 0, 8, position);
    const group = header.readUInt16LE(0);
    const element = header.readUInt16LE(2);
    const length = header.readUInt32LE(4);
    if (group !== 0xfffe) break;
    if (element === 0xe0dd) return items;
    if (element !== 0xe000 || length === 0xffffffff || position + 8 + length > fileSize) break;
    items.push({ start: position, offset: position + 8, length });
    position += 8 + length;
  }
  throw new SlideReadError("TRUNCATED", "Truncated DICOM slide file: the compressed tiles end early");
}

/** Splits the fragments into frames: Extended Offset Table, Basic Offset Table, one per frame, or JPEG start markers. */
async function encapsulatedFrames(handle: FileHandle, file: LevelFile, fileIndex: number, frameCount: number): Promise<number[][]> {
  const pixelData = file.dataSet.elements[PIXEL_DATA]!;
  const [table, ...fragments] = await readItems(handle, pixelData.dataOffset, file.fileSize);
  if (!table || fragments.length === 0) throw new SlideReadError("NO_IMAGE", "The DICOM slide file holds no tiles");
  const firstFragment = fragments[0]!.start;

  const extended = file.dataSet.elements.x7fe00001;
  const extendedLengths = file.dataSet.elements.x7fe00002;
  if (extended && extendedLengths && extended.length >= frameCount * 8) {
    const bytes = file.dataSet.byteArray;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return Array.from({ length: frameCount }, (_, i) => [
      fileIndex,
      firstFragment + Number(view.getBigUint64(extended.dataOffset + i * 8, true)) + 8,
      Number(view.getBigUint64(extendedLengths.dataOffset + i * 8, true)),
    ]);
  }

  const groups: Item[][] = [];
  if (table.length >= frameCount * 4) {
    const starts = await readUint32s(handle, table.offset, frameCount);
    let frame = 0;
    for (const fragment of fragments) {
      const relative = fragment.start - firstFragment;
      while (frame + 1 < starts.length && starts[frame + 1]! <= relative) frame += 1;
      (groups[frame] ??= []).push(fragment);
    }
  } else if (fragments.length === frameCount) {
    for (const fragment of fragments) groups.push([fragment]);
  } else {
    // No table and more fragments than frames: a new frame starts with each JPEG start-of-image marker.
    const marker = Buffer.alloc(2);
    for (const fragment of fragments) {
      await handle.read(marker, 0, 2, fragment.offset);
      if ((marker[0] === 0xff && marker[1] === 0xd8) || groups.length === 0) groups.push([fragment]);
      else groups[groups.length - 1]!.push(fragment);
    }
  }
  if (groups.length < frameCount || groups.slice(0, frameCount).some((g) => g === undefined)) {
    throw new SlideReadError("READ_ERROR", `The DICOM slide file announces ${frameCount} tiles but holds ${groups.length}`);
  }
  return groups.slice(0, frameCount).map((group) => [fileIndex, ...group.flatMap((f) => [f.offset, f.length])]);
}

function describeLevel(file: LevelFile) {
  const ds = file.dataSet;
  const transferSyntax = readDicomString(ds, "x00020010", "") ?? "";
  const tileHeight = uint(ds, "x00280010");
  const tileWidth = uint(ds, "x00280011");
  const width = uint(ds, "x00480006") ?? tileWidth;
  const height = uint(ds, "x00480007") ?? tileHeight;
  if (!tileWidth || !tileHeight || !width || !height) {
    throw new SlideReadError("NO_IMAGE", "The DICOM slide file has no tile size (Rows/Columns) or image size");
  }
  const organisation = readDicomString(ds, "x00209311", "") ?? "";
  if (organisation === "TILED_SPARSE") {
    throw new SlideReadError("UNSUPPORTED", "DICOM slides with TILED_SPARSE tiles are not supported yet; export the slide as TILED_FULL");
  }
  let encoding: WsiFrameEncoding;
  if (transferSyntax === JPEG_BASELINE) encoding = "jpeg";
  else if (NATIVE.has(transferSyntax) && uint(ds, "x00280100") === 8) encoding = "raw";
  else {
    const name = TRANSFER_SYNTAX_NAMES[transferSyntax] ?? (NATIVE.has(transferSyntax) ? "uncompressed with more than 8 bits" : "this transfer syntax");
    throw new SlideReadError(
      "UNSUPPORTED",
      `DICOM slide tiles in ${name} (${transferSyntax || "unknown"}) cannot be shown in the browser; convert the slide to JPEG baseline tiles`,
    );
  }
  const samplesPerPixel = uint(ds, "x00280002") ?? 1;
  if (encoding === "raw" && (uint(ds, "x00280006") ?? 0) !== 0 && samplesPerPixel > 1) {
    throw new SlideReadError("UNSUPPORTED", "Uncompressed DICOM slide tiles stored colour by plane are not supported");
  }
  return {
    width,
    height,
    tileWidth,
    tileHeight,
    tilesAcross: Math.ceil(width / tileWidth),
    tilesDown: Math.ceil(height / tileHeight),
    encoding,
    samplesPerPixel,
    frames: integer(ds, "x00280008") ?? 1,
    /** Concatenations split one level over several files: their frame offset orders them. */
    order: uint(ds, "x00209228") ?? integer(ds, "x00200013") ?? 0,
  };
}

/**
 * Indexes the frames of each pyramid level. `levels` lists each level's files (finest level first), e.g. from
 * readDicomWsiHeader's levelDetails.
 * Only the first focal plane and optical path are indexed: TILED_FULL stores them after the first plane's tiles.
 * @throws SlideReadError for encodings a browser cannot show, TILED_SPARSE slides and truncated files.
 */
export async function buildWsiFrameIndex(
  levels: string[][],
  options: { /** The name a file will have next to the index (default: its base name). */ nameOf?: (filePath: string) => string } = {},
): Promise<WsiFrameIndex> {
  const nameOf = options.nameOf ?? ((filePath: string) => path.basename(filePath));
  const files: string[] = [];
  const result: WsiLevelIndex[] = [];
  for (const levelFiles of levels) {
    const described: { filePath: string; level: ReturnType<typeof describeLevel>; file: LevelFile }[] = [];
    for (const filePath of levelFiles) {
      const handle = await open(filePath, "r");
      try {
        const fileSize = (await handle.stat()).size;
        const file = { filePath, dataSet: await readHeader(handle, fileSize), fileSize };
        if (!file.dataSet.elements[PIXEL_DATA]) throw new SlideReadError("NO_IMAGE", "A DICOM slide file has no pixel data");
        described.push({ filePath, level: describeLevel(file), file });
      } finally {
        await handle.close();
      }
    }
    described.sort((a, b) => a.level.order - b.level.order);
    const first = described[0];
    if (!first) continue;
    const { order: _order, frames: _frames, ...geometry } = first.level;
    const needed = geometry.tilesAcross * geometry.tilesDown;
    const frames: number[][] = [];
    for (const { filePath, level, file } of described) {
      if (frames.length >= needed) break;
      const fileIndex = files.push(nameOf(filePath)) - 1;
      const handle = await open(filePath, "r");
      try {
        if (level.encoding === "jpeg") {
          frames.push(...(await encapsulatedFrames(handle, file, fileIndex, level.frames)));
        } else {
          const frameBytes = level.tileWidth * level.tileHeight * level.samplesPerPixel;
          const start = file.dataSet.elements[PIXEL_DATA]!.dataOffset;
          if (start + frameBytes * level.frames > file.fileSize) {
            throw new SlideReadError("TRUNCATED", "Truncated DICOM slide file: the uncompressed tiles end early");
          }
          for (let i = 0; i < level.frames; i++) frames.push([fileIndex, start + i * frameBytes, frameBytes]);
        }
      } finally {
        await handle.close();
      }
    }
    if (frames.length < needed) {
      throw new SlideReadError(
        "UNSUPPORTED",
        `A ${geometry.width} x ${geometry.height} level has ${frames.length} of its ${needed} tiles; only complete TILED_FULL levels can be served`,
      );
    }
    result.push({ ...geometry, frames: frames.slice(0, needed) });
  }
  if (result.length === 0) throw new SlideReadError("NO_IMAGE", "The DICOM whole-slide image has no pyramid levels");
  return { version: 1, files, levels: result };
}

/** TILED_FULL: frames run across each row, rows top to bottom. */
export function frameNumber(level: Pick<WsiLevelIndex, "tilesAcross" | "tilesDown">, col: number, row: number): number | null {
  if (col < 0 || row < 0 || col >= level.tilesAcross || row >= level.tilesDown) return null;
  return row * level.tilesAcross + col;
}

/** The stored bytes of one frame (a JPEG stream, or raw samples), read from `dir` where the index's files live. */
export async function readWsiFrame(dir: string, index: WsiFrameIndex, levelIndex: number, frame: number): Promise<Buffer> {
  const entry = index.levels[levelIndex]?.frames[frame];
  const name = entry ? index.files[entry[0]!] : undefined;
  if (!entry || !name || name !== path.basename(name)) throw new SlideReadError("NO_IMAGE", "No such tile in the slide");
  const ranges: [number, number][] = [];
  for (let i = 1; i + 1 < entry.length; i += 2) ranges.push([entry[i]!, entry[i + 1]!]);
  const bytes = Buffer.alloc(ranges.reduce((sum, [, length]) => sum + length, 0));
  const handle = await open(path.join(dir, name), "r");
  try {
    let at = 0;
    for (const [offset, length] of ranges) {
      await handle.read(bytes, at, length, offset);
      at += length;
    }
  } finally {
    await handle.close();
  }
  return bytes;
}

/** Checks an index read back from disk has the shape this module writes (it decides which files are opened). */
export function isWsiFrameIndex(value: unknown): value is WsiFrameIndex {
  if (!value || typeof value !== "object") return false;
  const index = value as Partial<WsiFrameIndex>;
  return (
    index.version === 1 &&
    Array.isArray(index.files) &&
    index.files.every((f) => typeof f === "string" && f.length > 0 && f === path.basename(f) && f !== ".." && f !== ".") &&
    Array.isArray(index.levels) &&
    index.levels.every((l) => Number.isInteger(l.width) && Number.isInteger(l.tileWidth) && Array.isArray(l.frames))
  );
}
