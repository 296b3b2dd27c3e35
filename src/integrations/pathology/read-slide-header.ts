/**
 * Reads size, resolution and pyramid layout of whole-slide images (Aperio SVS / tiled TIFF, and
 * DICOM VL Whole Slide Microscopy) from their headers only, never decoding tiles.
 */
import { open, readdir, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type { DataSet } from "dicom-parser";
import {
  DicomParseError,
  firstItem,
  headerFromDataSet,
  parseDicomDataSet,
  readDicomNumbers,
  readDicomString,
  type PatientSex,
} from "../dicom/read-dicom-header";

export type SlideReadErrorCode =
  | "NOT_TIFF"
  | "BIGTIFF_UNSUPPORTED"
  | "TRUNCATED"
  | "NO_IMAGE"
  | "READ_ERROR"
  | "NOT_WSI"
  /** Readable header, but an encoding or organisation the tile server cannot serve (e.g. JPEG 2000, TILED_SPARSE). */
  | "UNSUPPORTED";

export class SlideReadError extends Error {
  readonly code: SlideReadErrorCode;

  constructor(code: SlideReadErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SlideReadError";
    this.code = code;
  }
}

export interface SlideLevel {
  widthPx: number;
  heightPx: number;
  tileWidthPx: number | null;
  tileHeightPx: number | null;
  /** Level-0 width / this width. */
  downsample: number;
}

export interface AperioSvsHeader {
  widthPx: number;
  heightPx: number;
  micronsPerPixel: number | null;
  apparentMagnification: number | null;
  /** Tiled pyramid levels (the stripped thumbnail, label and macro images are not levels). */
  levelCount: number;
  levels: SlideLevel[];
  associatedImages: ("thumbnail" | "label" | "macro")[];
  /** "key = value" pairs of the Aperio ImageDescription (e.g. AppMag, MPP, Date, ScanScope ID). */
  properties: Record<string, string>;
}

const TAG = {
  newSubfileType: 254,
  imageWidth: 256,
  imageLength: 257,
  imageDescription: 270,
  xResolution: 282,
  resolutionUnit: 296,
  tileWidth: 322,
  tileLength: 323,
} as const;

const TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8 };
const MAX_IFDS = 1024;
const MAX_DESCRIPTION_BYTES = 1024 * 1024;

interface IfdEntry {
  type: number;
  count: number;
  /** Absolute offset of the value (inline values point into the entry itself). */
  valueOffset: number;
  inline: Uint8Array;
}

async function readAt(handle: FileHandle, offset: number, length: number, fileSize: number): Promise<DataView> {
  if (offset < 0 || offset + length > fileSize) {
    throw new SlideReadError("TRUNCATED", "Truncated TIFF file: a directory points past the end of the file");
  }
  const buffer = new Uint8Array(length);
  await handle.read(buffer, 0, length, offset);
  return new DataView(buffer.buffer);
}

class TiffReader {
  constructor(
    private readonly handle: FileHandle,
    private readonly fileSize: number,
    private readonly littleEndian: boolean,
  ) {}

  async readIfd(offset: number): Promise<{ entries: Map<number, IfdEntry>; next: number }> {
    const countView = await readAt(this.handle, offset, 2, this.fileSize);
    const count = countView.getUint16(0, this.littleEndian);
    const view = await readAt(this.handle, offset + 2, count * 12 + 4, this.fileSize);
    const entries = new Map<number, IfdEntry>();
    for (let i = 0; i < count; i++) {
      const at = i * 12;
      const tag = view.getUint16(at, this.littleEndian);
      const type = view.getUint16(at + 2, this.littleEndian);
      const valueCount = view.getUint32(at + 4, this.littleEndian);
      const size = (TYPE_SIZES[type] ?? 1) * valueCount;
      const inline = new Uint8Array(view.buffer, at + 8, 4);
      entries.set(tag, {
        type,
        count: valueCount,
        valueOffset: size <= 4 ? offset + 2 + at + 8 : view.getUint32(at + 8, this.littleEndian),
        inline,
      });
    }
    return { entries, next: view.getUint32(count * 12, this.littleEndian) };
  }

  /** First value of a SHORT/LONG tag. */
  number(entries: Map<number, IfdEntry>, tag: number): number | null {
    const entry = entries.get(tag);
    if (!entry || entry.count < 1) return null;
    const view = new DataView(entry.inline.buffer, entry.inline.byteOffset, 4);
    if (entry.type === 3) return view.getUint16(0, this.littleEndian);
    if (entry.type === 4) return view.getUint32(0, this.littleEndian);
    return null;
  }

  async rational(entries: Map<number, IfdEntry>, tag: number): Promise<number | null> {
    const entry = entries.get(tag);
    if (!entry || entry.type !== 5 || entry.count < 1) return null;
    const view = await readAt(this.handle, entry.valueOffset, 8, this.fileSize);
    const denominator = view.getUint32(4, this.littleEndian);
    return denominator === 0 ? null : view.getUint32(0, this.littleEndian) / denominator;
  }

  async ascii(entries: Map<number, IfdEntry>, tag: number): Promise<string> {
    const entry = entries.get(tag);
    if (!entry || entry.type !== 2 || entry.count === 0) return "";
    const length = Math.min(entry.count, MAX_DESCRIPTION_BYTES);
    const view = await readAt(this.handle, entry.valueOffset, length, this.fileSize);
    return new TextDecoder("latin1").decode(view).replace(/\0+$/, "");
  }
}

/** Aperio descriptions: "<library>\r\n<geometry>|Key = Value|Key = Value..." */
export function parseAperioDescription(description: string): Record<string, string> {
  const properties: Record<string, string> = {};
  const [, ...pairs] = description.split("|");
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) continue;
    properties[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return properties;
}

function positiveNumber(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number.parseFloat(value);
  return Number.isFinite(n) && n > 0 ? n : null;
}

async function openSlide(filePath: string): Promise<{ handle: FileHandle; size: number }> {
  try {
    const handle = await open(filePath, "r");
    const { size } = await handle.stat();
    return { handle, size };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new SlideReadError("READ_ERROR", `Could not open slide file: ${code}`, { cause: error });
  }
}

/**
 * Reads an Aperio SVS (or any classic tiled TIFF) by walking its IFDs.
 * @throws SlideReadError for non-TIFF input, BigTIFF, truncated files and files without a tiled image.
 */
export async function readAperioSvsHeader(filePath: string): Promise<AperioSvsHeader> {
  const { handle, size } = await openSlide(filePath);
  try {
    if (size < 8) throw new SlideReadError("NOT_TIFF", "Not a TIFF/SVS file: the file is too short");
    const head = await readAt(handle, 0, 8, size);
    const order = String.fromCharCode(head.getUint8(0), head.getUint8(1));
    if (order !== "II" && order !== "MM") {
      throw new SlideReadError("NOT_TIFF", "Not a TIFF/SVS file: no 'II'/'MM' byte-order mark");
    }
    const littleEndian = order === "II";
    const magic = head.getUint16(2, littleEndian);
    if (magic === 43) {
      throw new SlideReadError(
        "BIGTIFF_UNSUPPORTED",
        "BigTIFF slides (over 4 GB) are not supported yet; export the slide as classic TIFF/SVS or DICOM WSI",
      );
    }
    if (magic !== 42) throw new SlideReadError("NOT_TIFF", `Not a TIFF/SVS file: unexpected version ${magic}`);

    const tiff = new TiffReader(handle, size, littleEndian);
    const levels: Omit<SlideLevel, "downsample">[] = [];
    const associatedImages: AperioSvsHeader["associatedImages"] = [];
    let firstDescription = "";
    let firstResolution: { xResolution: number | null; unit: number | null } | null = null;
    const seen = new Set<number>();
    let offset = head.getUint32(4, littleEndian);
    for (let index = 0; offset !== 0; index++) {
      // Guard against IFD chains that loop back on themselves in corrupt files.
      if (seen.has(offset) || seen.size >= MAX_IFDS) break;
      seen.add(offset);
      const { entries, next } = await tiff.readIfd(offset);
      const width = tiff.number(entries, TAG.imageWidth);
      const height = tiff.number(entries, TAG.imageLength);
      const description = await tiff.ascii(entries, TAG.imageDescription);
      const tileWidth = tiff.number(entries, TAG.tileWidth);
      const subfileType = tiff.number(entries, TAG.newSubfileType) ?? 0;
      if (width !== null && height !== null) {
        if (tileWidth !== null && (subfileType & 1) === 0) {
          if (levels.length === 0) {
            firstDescription = description;
            firstResolution = {
              xResolution: await tiff.rational(entries, TAG.xResolution),
              unit: tiff.number(entries, TAG.resolutionUnit),
            };
          }
          levels.push({ widthPx: width, heightPx: height, tileWidthPx: tileWidth, tileHeightPx: tiff.number(entries, TAG.tileLength) });
        } else if (/\blabel\b/i.test(description)) {
          associatedImages.push("label");
        } else if (/\bmacro\b/i.test(description)) {
          associatedImages.push("macro");
        } else if (index === 1) {
          // Aperio always stores the stripped thumbnail as the second directory.
          associatedImages.push("thumbnail");
        }
      }
      offset = next;
    }

    const base = levels[0];
    if (!base) throw new SlideReadError("NO_IMAGE", "The TIFF file contains no tiled slide image");
    const properties = firstDescription.startsWith("Aperio") ? parseAperioDescription(firstDescription) : {};
    let micronsPerPixel = positiveNumber(properties.MPP);
    if (micronsPerPixel === null && firstResolution?.xResolution) {
      // Generic TIFF: resolution unit 3 = pixels per cm, 2 = pixels per inch.
      const perMicron =
        firstResolution.unit === 3 ? 1e4 : firstResolution.unit === 2 ? 25_400 : null;
      micronsPerPixel = perMicron === null ? null : perMicron / firstResolution.xResolution;
    }
    return {
      widthPx: base.widthPx,
      heightPx: base.heightPx,
      micronsPerPixel,
      apparentMagnification: positiveNumber(properties.AppMag),
      levelCount: levels.length,
      levels: levels.map((level) => ({ ...level, downsample: base.widthPx / level.widthPx })),
      associatedImages,
      properties,
    };
  } finally {
    await handle.close();
  }
}

export interface DicomWsiLevel {
  widthPx: number;
  heightPx: number;
  tileWidthPx: number | null;
  tileHeightPx: number | null;
  micronsPerPixel: number | null;
  /** Frames (tiles) stored for this level across all its files. */
  numberOfFrames: number;
  /** File names (within the folder) holding this level's frames. */
  files: string[];
}

export interface DicomWsiHeader {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  patientId: string;
  patientName: string;
  patientBirthDate: string | null;
  patientSex: PatientSex;
  studyDate: string | null;
  seriesDescription: string;
  /** Total Pixel Matrix Columns (0048,0006) of the largest level. */
  widthPx: number;
  /** Total Pixel Matrix Rows (0048,0007) of the largest level. */
  heightPx: number;
  /** Column spacing of the largest level in µm (Shared Functional Groups > Pixel Measures > Pixel Spacing). */
  micronsPerPixel: number | null;
  /** Physical size of the scanned area in mm (0048,0001/0002), when present. */
  imagedVolumeMm: { width: number; height: number } | null;
  /** Number of distinct pyramid levels (VOLUME images). */
  levels: number;
  /** Largest level first. */
  levelDetails: DicomWsiLevel[];
  /** LABEL / OVERVIEW / THUMBNAIL images found next to the pyramid. */
  associatedImages: string[];
  containerIdentifier?: string;
  specimenDescription?: string;
  stain?: string;
}

const WSI_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.77.1.6";

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

/** Specimen Short/Detailed Description of the first Specimen Description item (0040,0560). */
function readSpecimenDescription(dataSet: DataSet): string | undefined {
  const item = firstItem(dataSet, "x00400560");
  if (!item) return undefined;
  return readDicomString(item, "x00400600") || readDicomString(item, "x00400602") || undefined;
}

/**
 * Stain from the specimen preparation steps: a content item whose concept is "Using substance"
 * (SCT 424361007) names the stain, e.g. "hematoxylin stain" / "water soluble eosin stain".
 */
function readStain(dataSet: DataSet): string | undefined {
  const stains: string[] = [];
  for (const specimen of dataSet.elements.x00400560?.items ?? []) {
    for (const step of specimen.dataSet?.elements.x00400610?.items ?? []) {
      for (const content of step.dataSet?.elements.x00400612?.items ?? []) {
        const item = content.dataSet;
        const concept = firstItem(item, "x0040a043");
        const isSubstance =
          concept !== undefined &&
          (readDicomString(concept, "x00080100") === "424361007" ||
            /using substance/i.test(readDicomString(concept, "x00080104") ?? ""));
        if (!item || !isSubstance) continue;
        const code = firstItem(item, "x0040a168");
        const value = code ? readDicomString(code, "x00080104") : readDicomString(item, "x0040a160");
        if (value && !stains.includes(value)) stains.push(value);
      }
    }
  }
  return stains.length > 0 ? stains.join(" & ") : undefined;
}

function spacingUm(dataSet: DataSet): number | null {
  const measures = firstItem(firstItem(dataSet, "x52009229"), "x00289110");
  const [, column] = measures ? readDicomNumbers(measures, "x00280030") : [];
  return column !== undefined && Number.isFinite(column) && column > 0 ? round(column * 1000, 6) : null;
}

/**
 * Reads a DICOM WSI pyramid stored as one file per level (or several per level) in `dir`.
 * Files that are not WSI instances are ignored; only the largest series is described.
 * @throws SlideReadError when the folder holds no readable WSI instance.
 */
export async function readDicomWsiHeader(dir: string): Promise<DicomWsiHeader> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (error) {
    throw new SlideReadError("READ_ERROR", `Could not list slide folder: ${(error as NodeJS.ErrnoException).code}`, {
      cause: error,
    });
  }
  return describeWsiFiles(names.map((name) => ({ name, filePath: path.join(dir, name) })));
}

/**
 * Like readDicomWsiHeader, for a set of files anywhere (e.g. several uploaded level files); `levelDetails[].files`
 * then holds the paths as given.
 */
export async function readDicomWsiHeaderFromFiles(filePaths: string[]): Promise<DicomWsiHeader> {
  return describeWsiFiles([...filePaths].sort().map((filePath) => ({ name: filePath, filePath })));
}

async function describeWsiFiles(files: { name: string; filePath: string }[]): Promise<DicomWsiHeader> {
  const instances: { name: string; dataSet: DataSet }[] = [];
  for (const { name, filePath } of files) {
    const { handle, size } = await openSlide(filePath).catch(() => ({ handle: null, size: 0 }));
    if (!handle) continue;
    try {
      // Frames can be large; the header sits before the pixel data, so read a prefix first.
      const prefixLength = Math.min(size, 256 * 1024);
      const prefix = new Uint8Array(prefixLength);
      await handle.read(prefix, 0, prefixLength, 0);
      let dataSet: DataSet;
      try {
        dataSet = parseDicomDataSet(prefix, { partial: prefixLength < size });
      } catch (error) {
        if (!(error instanceof DicomParseError) || error.code !== "TRUNCATED" || prefixLength === size) continue;
        const whole = new Uint8Array(size);
        await handle.read(whole, 0, size, 0);
        dataSet = parseDicomDataSet(whole);
      }
      if (readDicomString(dataSet, "x00080016", "") === WSI_SOP_CLASS) instances.push({ name, dataSet });
    } catch {
      // Not DICOM / unreadable: not part of the slide.
    } finally {
      await handle.close();
    }
  }

  const bySeries = new Map<string, typeof instances>();
  for (const instance of instances) {
    const uid = readDicomString(instance.dataSet, "x0020000e", "") ?? "";
    bySeries.set(uid, [...(bySeries.get(uid) ?? []), instance]);
  }
  const series = [...bySeries.values()].sort((a, b) => b.length - a.length)[0];
  if (!series) throw new SlideReadError("NOT_WSI", "No DICOM whole-slide image (VL Whole Slide Microscopy) among the files");

  const levelsByKey = new Map<string, DicomWsiLevel>();
  const associatedImages: string[] = [];
  for (const { name, dataSet } of series) {
    const flavor = (readDicomString(dataSet, "x00080008", "") ?? "").split("\\")[2]?.trim().toUpperCase() ?? "VOLUME";
    if (flavor !== "VOLUME" && flavor !== "") {
      if (!associatedImages.includes(flavor)) associatedImages.push(flavor);
      continue;
    }
    const widthPx = dataSet.uint32("x00480006") ?? dataSet.uint16("x00280011") ?? 0;
    const heightPx = dataSet.uint32("x00480007") ?? dataSet.uint16("x00280010") ?? 0;
    const key = `${widthPx}x${heightPx}`;
    const frames = Number.parseInt(readDicomString(dataSet, "x00280008", "") ?? "1", 10) || 1;
    const existing = levelsByKey.get(key);
    if (existing) {
      existing.numberOfFrames += frames;
      existing.files.push(name);
      continue;
    }
    levelsByKey.set(key, {
      widthPx,
      heightPx,
      tileWidthPx: dataSet.uint16("x00280011") ?? null,
      tileHeightPx: dataSet.uint16("x00280010") ?? null,
      micronsPerPixel: spacingUm(dataSet),
      numberOfFrames: frames,
      files: [name],
    });
  }
  const levelDetails = [...levelsByKey.values()].sort((a, b) => b.widthPx * b.heightPx - a.widthPx * a.heightPx);
  const base = levelDetails[0];
  if (!base) throw new SlideReadError("NO_IMAGE", "The DICOM whole-slide image has no VOLUME (pyramid) images");
  const baseInstance = series.find(({ name }) => name === base.files[0]) ?? series[0];
  const baseSet = (baseInstance as (typeof series)[number]).dataSet;
  const header = headerFromDataSet(baseSet);
  const volumeWidth = baseSet.float("x00480001");
  const volumeHeight = baseSet.float("x00480002");
  const specimenSource = series.map((s) => s.dataSet).find((ds) => ds.elements.x00400560 !== undefined) ?? baseSet;
  const containerIdentifier = readDicomString(baseSet, "x00400512");
  const specimenDescription = readSpecimenDescription(specimenSource);
  const stain = readStain(specimenSource);

  return {
    studyInstanceUid: header.studyInstanceUid,
    seriesInstanceUid: header.seriesInstanceUid,
    patientId: header.patientId,
    patientName: header.patientName,
    patientBirthDate: header.patientBirthDate,
    patientSex: header.patientSex,
    studyDate: header.studyDate,
    seriesDescription: header.seriesDescription,
    widthPx: base.widthPx,
    heightPx: base.heightPx,
    micronsPerPixel: base.micronsPerPixel,
    imagedVolumeMm:
      volumeWidth !== undefined && volumeHeight !== undefined
        ? { width: round(volumeWidth, 4), height: round(volumeHeight, 4) }
        : null,
    levels: levelDetails.length,
    levelDetails,
    associatedImages,
    ...(containerIdentifier ? { containerIdentifier } : {}),
    ...(specimenDescription ? { specimenDescription } : {}),
    ...(stain ? { stain } : {}),
  };
}
