/**
 * Imports a whole-slide image for a patient.
 *
 * What happens to a bad file, consistently: anything that is not a slide the tile server can show (not a TIFF/SVS or
 * DICOM WSI, undecodable compression, TILED_SPARSE...) is refused with a SlideReadError *before* a Slide row exists,
 * so nothing is left behind. Once accepted, the row is CONVERTING with importProgress 0..1; a failure after that
 * (disk full, a file vanishing) marks it FAILED with importError, and the staging folder is removed.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { PrismaClient, SlideFormat } from "@/generated/prisma/client";
import { DEEP_ZOOM, probeSlidePixels, writeDeepZoomPyramid } from "@/integrations/pathology/deep-zoom-pyramid";
import { buildWsiFrameIndex, type WsiFrameIndex } from "@/integrations/pathology/dicom-wsi-frames";
import {
  readAperioSvsHeader,
  readDicomWsiHeader,
  readDicomWsiHeaderFromFiles,
  SlideReadError,
  type DicomWsiHeader,
} from "@/integrations/pathology/read-slide-header";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../db-types";
import { ServiceError } from "../errors";
import { createStagingFolder, discardFolder, publishSlideFolder } from "./slide-store";
import { toSlideSummary, type SlideSummary } from "./slide-summary";
import { WSI_FOLDER, WSI_INDEX } from "./slide-tiles";

export type SlideSource =
  /** An SVS / tiled TIFF file, one DICOM WSI file, or a folder holding a DICOM WSI pyramid. */
  | { path: string }
  /** Several DICOM WSI files (e.g. one per level). */
  | { paths: string[] }
  | { bytes: Uint8Array };

export interface ImportSlideInput {
  patientId: string;
  source: SlideSource;
  label: string;
  specimen: string;
  stain: string;
  /** When the slide was scanned; default: the date in the file, else now. */
  acquiredAt?: Date;
  /** How the slide arrived, for the audit trail. */
  origin?: "upload" | "server";
}

export interface ImportSlideOptions {
  /** 0..1 as the conversion runs (also stored, throttled, in Slide.importProgress). */
  onProgress?: (fraction: number) => void;
}

const ACCEPTED = "Upload an Aperio SVS or tiled TIFF file, or the files of a DICOM whole-slide image (VL Whole Slide Microscopy).";

interface Plan {
  format: SlideFormat;
  widthPx: number;
  heightPx: number;
  micronsPerPixel: number | null;
  seriesInstanceUid: string | null;
  scannedAt: Date | null;
  /** Fills the (empty) staging folder; returns what the Slide row records about the pyramid. */
  write(staging: string, onProgress: (fraction: number) => void): Promise<{ tileSize: number; tileOverlap: number; levelCount: number }>;
}

/** "Not a TIFF" reads on after a colon as "not a TIFF"; acronyms ("DICOM ...") keep their capitals. */
const continuing = (message: string) => (/^[A-Z][a-z]/.test(message) ? message.charAt(0).toLowerCase() + message.slice(1) : message);

function refuse(error: unknown): never {
  if (error instanceof SlideReadError) {
    throw new SlideReadError(error.code, `This file is not a slide Concilium can show: ${continuing(error.message)}. ${ACCEPTED}`, { cause: error });
  }
  throw error;
}

async function sniff(filePath: string): Promise<"tiff" | "dicom" | null> {
  const handle = await open(filePath, "r").catch((error: NodeJS.ErrnoException) => {
    throw new SlideReadError("READ_ERROR", `Could not open slide file: ${error.code ?? "unknown error"}`, { cause: error });
  });
  try {
    const head = Buffer.alloc(132);
    const { bytesRead } = await handle.read(head, 0, 132, 0);
    const order = head.subarray(0, 2).toString("latin1");
    if (bytesRead >= 4 && (order === "II" || order === "MM")) return "tiff";
    if (bytesRead === 132 && head.subarray(128, 132).toString("latin1") === "DICM") return "dicom";
    return null;
  } finally {
    await handle.close();
  }
}

/** "12/29/09" + "09:59:15" as Aperio writes them. */
function aperioScanDate(properties: Record<string, string>): Date | null {
  if (!properties.Date) return null;
  const date = new Date(`${properties.Date} ${properties.Time ?? ""}`.trim());
  return Number.isNaN(date.getTime()) ? null : date;
}

async function planTiff(filePath: string): Promise<Plan> {
  const header = await readAperioSvsHeader(filePath);
  await probeSlidePixels(filePath);
  return {
    format: header.properties.MPP !== undefined || header.associatedImages.length > 0 ? "APERIO_SVS" : "TIFF",
    widthPx: header.widthPx,
    heightPx: header.heightPx,
    micronsPerPixel: header.micronsPerPixel,
    seriesInstanceUid: null,
    scannedAt: aperioScanDate(header.properties),
    async write(staging, onProgress) {
      const layout = await writeDeepZoomPyramid(filePath, staging, { onProgress });
      return { tileSize: DEEP_ZOOM.tileSize, tileOverlap: DEEP_ZOOM.overlap, levelCount: layout.maxLevel + 1 };
    },
  };
}

/** Copies one file, counting bytes for the progress bar. */
async function copyCounting(from: string, to: string, onBytes: (n: number) => void) {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      try {
        onBytes(chunk.length);
        callback(null, chunk);
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  await pipeline(createReadStream(from), counter, createWriteStream(to, { flags: "wx" }));
}

async function planDicom(header: DicomWsiHeader, levelPaths: string[][]): Promise<Plan> {
  // Files get names of our own in the store: the uploaded names may say anything (even a patient's name).
  const names = new Map<string, string>();
  levelPaths.forEach((files, level) => files.forEach((file, i) => names.set(file, `level-${level}-${i}.dcm`)));
  const index: WsiFrameIndex = await buildWsiFrameIndex(levelPaths, { nameOf: (file) => names.get(file)! });
  const used = [...names].filter(([, name]) => index.files.includes(name));
  const sizes = await Promise.all(used.map(async ([file]) => (await stat(file)).size));
  const total = sizes.reduce((a, b) => a + b, 0) || 1;
  const base = index.levels[0]!;
  return {
    format: "DICOM_WSI",
    widthPx: header.widthPx,
    heightPx: header.heightPx,
    micronsPerPixel: header.micronsPerPixel,
    seriesInstanceUid: header.seriesInstanceUid || null,
    scannedAt: header.studyDate ? new Date(`${header.studyDate}T00:00:00Z`) : null,
    async write(staging, onProgress) {
      const folder = path.join(staging, WSI_FOLDER);
      await mkdir(folder);
      let copied = 0;
      for (const [file, name] of used) {
        await copyCounting(file, path.join(folder, name), (n) => {
          copied += n;
          onProgress(Math.min(0.99, copied / total));
        });
      }
      await writeFile(path.join(folder, WSI_INDEX), JSON.stringify(index));
      return { tileSize: base.tileWidth, tileOverlap: 0, levelCount: index.levels.length };
    },
  };
}

async function planFor(source: { path: string } | { paths: string[] }): Promise<Plan> {
  if ("paths" in source) {
    if (source.paths.length === 0) throw new SlideReadError("NOT_WSI", "No files were given");
    if (source.paths.length > 1) {
      const header = await readDicomWsiHeaderFromFiles(source.paths);
      return planDicom(header, header.levelDetails.map((l) => l.files));
    }
    return planFor({ path: source.paths[0]! });
  }
  const info = await stat(source.path).catch((error: NodeJS.ErrnoException) => {
    throw new SlideReadError("READ_ERROR", `Could not open slide file: ${error.code ?? "unknown error"}`, { cause: error });
  });
  if (info.isDirectory()) {
    const header = await readDicomWsiHeader(source.path);
    return planDicom(header, header.levelDetails.map((l) => l.files.map((f) => path.join(source.path, f))));
  }
  const kind = await sniff(source.path);
  if (kind === "tiff") return planTiff(source.path);
  if (kind === "dicom") {
    const header = await readDicomWsiHeaderFromFiles([source.path]);
    return planDicom(header, header.levelDetails.map((l) => l.files));
  }
  throw new SlideReadError("NOT_WSI", "it is neither a TIFF/SVS file nor a DICOM file");
}

/** Throttles progress writes: at most every 2 % or every second, one at a time and in order. */
function progressWriter(db: PrismaClient, slideId: string, onProgress?: (fraction: number) => void) {
  let stored = 0;
  let storedAt = 0;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    report(fraction: number) {
      onProgress?.(fraction);
      const now = Date.now();
      if (fraction - stored < 0.02 && now - storedAt < 1000) return;
      stored = fraction;
      storedAt = now;
      queue = queue.then(() => db.slide.update({ where: { id: slideId }, data: { importProgress: fraction } })).catch(() => undefined);
    },
    settled: () => queue,
  };
}

/** Absolute paths in a converter message say nothing to a user and may reveal the server's layout. */
function describeFailure(error: unknown): string {
  if (error instanceof SlideReadError) return error.message;
  const first = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
  return `The slide could not be converted: ${first.replace(/(?:[A-Za-z]:)?[\\/][^\s:'"]+/g, "<file>")}`.slice(0, 500);
}

export interface StartedImport {
  slideId: string;
  /** Settles when the pyramid is in place (READY) or the import failed (FAILED, rejected with the cause). */
  completion: Promise<SlideSummary>;
}

/**
 * Checks the file and creates the Slide row (CONVERTING), then converts in the background: the caller gets the
 * slide's ID at once (an upload answers before the conversion ends and the page polls importStatus).
 * @throws SlideReadError when the file is not a slide that can be shown; nothing is stored then.
 */
export async function beginSlideImport(db: PrismaClient, actor: Actor, input: ImportSlideInput, options: ImportSlideOptions = {}): Promise<StartedImport> {
  const patient = await db.patient.findUnique({ where: { id: input.patientId }, select: { id: true } });
  if (!patient) throw new ServiceError("NOT_FOUND", "No such patient.");

  let ownedFile: string | null = null;
  let source: { path: string } | { paths: string[] };
  if ("bytes" in input.source) {
    // Bytes are written to the staging area first: the converters read files.
    const folder = await createStagingFolder("bytes");
    ownedFile = path.join(folder, "slide");
    await writeFile(ownedFile, input.source.bytes);
    source = { path: ownedFile };
  } else {
    source = input.source;
  }
  const releaseOwnedFile = async () => {
    if (ownedFile) await discardFolder(path.dirname(ownedFile));
  };

  let plan: Plan;
  try {
    plan = await planFor(source);
  } catch (error) {
    await releaseOwnedFile();
    refuse(error);
  }

  const slide = await db.$transaction(async (tx) => {
    const created = await tx.slide.create({
      data: {
        patientId: input.patientId,
        label: input.label,
        specimen: input.specimen,
        stain: input.stain,
        format: plan.format,
        widthPx: plan.widthPx,
        heightPx: plan.heightPx,
        micronsPerPixel: plan.micronsPerPixel,
        seriesInstanceUid: plan.seriesInstanceUid,
        acquiredAt: input.acquiredAt ?? plan.scannedAt ?? new Date(),
        importStatus: "CONVERTING",
        importProgress: 0,
      },
    });
    await recordAudit(tx, actor, {
      action: "slide.import",
      entityType: "Slide",
      entityId: created.id,
      patientId: input.patientId,
      detail: { format: plan.format, widthPx: plan.widthPx, heightPx: plan.heightPx, origin: input.origin ?? "server" },
    });
    return created;
  });

  const completion = (async () => {
    const progress = progressWriter(db, slide.id, options.onProgress);
    const staging = await createStagingFolder(slide.id);
    try {
      const pyramid = await plan.write(staging, progress.report);
      const storagePath = await publishSlideFolder(staging, slide.id);
      await progress.settled();
      const ready = await db.$transaction(async (tx) => {
        const updated = await tx.slide.update({
          where: { id: slide.id },
          data: { ...pyramid, storagePath, tileFormat: "jpeg", importStatus: "READY", importProgress: 1, importError: null },
        });
        await recordAudit(tx, actor, { action: "slide.import.ready", entityType: "Slide", entityId: slide.id, patientId: input.patientId });
        return updated;
      });
      options.onProgress?.(1);
      return toSlideSummary(ready);
    } catch (error) {
      await discardFolder(staging);
      await progress.settled();
      const importError = describeFailure(error);
      await db.$transaction(async (tx) => {
        await tx.slide.update({ where: { id: slide.id }, data: { importStatus: "FAILED", importError } });
        await recordAudit(tx, actor, {
          action: "slide.import.failed",
          entityType: "Slide",
          entityId: slide.id,
          patientId: input.patientId,
          detail: { error: importError },
        });
      });
      throw error;
    } finally {
      await releaseOwnedFile();
    }
  })();
  // The caller may not wait; the failure is recorded on the row either way.
  completion.catch(() => undefined);
  return { slideId: slide.id, completion };
}

/** Imports and waits for the conversion: for the demo seed, scripts and tests. */
export async function importSlide(db: PrismaClient, actor: Actor, input: ImportSlideInput, options: ImportSlideOptions = {}): Promise<SlideSummary> {
  const { completion } = await beginSlideImport(db, actor, input, options);
  return completion;
}
