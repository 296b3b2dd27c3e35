/** WADO-RS over the built-in store: metadata from the index, files, frames and rendered images from disk. */
import { readFile } from "node:fs/promises";
import type { PrismaClient } from "@/generated/prisma/client";
import type { DicomJson } from "@/integrations/dicomweb/dicom-json";
import { parseStoredInstance, readFrame, type Frame, type PixelModule, type StoredInstance } from "@/integrations/dicomweb/pixel-data";
import { renderFrame, renderParameters, type Window } from "@/integrations/dicomweb/render";
import { decodeRleFrame } from "@/integrations/dicomweb/rle";
import { TS } from "@/integrations/dicomweb/transfer-syntax";
import type { Actor } from "../db-types";
import { ServiceError } from "../errors";
import { imageStoreFromEnv, resolveInStore, type ImageStore } from "./image-store";
import { auditDicomwebRead, auditImageRead } from "./read-audit";
import { findSeries, findStudy } from "./search";

export class StoreFileMissingError extends Error {
  constructor() {
    super("The image file is missing from the image store. Please tell the radiology department or an administrator.");
    this.name = "StoreFileMissingError";
  }
}

interface StoreOption {
  store?: ImageStore;
}

const byInstanceOrder = [{ instanceNumber: "asc" as const }, { sopInstanceUid: "asc" as const }];

export async function studyMetadata(db: PrismaClient, actor: Actor, studyInstanceUid: string): Promise<DicomJson[]> {
  const study = await findStudy(db, studyInstanceUid);
  const instances = await db.dicomInstance.findMany({
    where: { series: { imagingStudyId: study.id } },
    orderBy: [{ series: { seriesNumber: "asc" } }, { seriesId: "asc" }, ...byInstanceOrder],
    select: { metadata: true },
  });
  await auditDicomwebRead(db, actor, { patientId: study.patientId, studyInstanceUid, resource: "study metadata" });
  return instances.map((i) => i.metadata as unknown as DicomJson);
}

/** A series' metadata as stored, not audited: for callers that audit each answer (below, and the fast path's kept copy). */
export async function readSeriesMetadata(db: PrismaClient, studyInstanceUid: string, seriesInstanceUid: string): Promise<{ seriesId: string; patientId: string; instances: DicomJson[] }> {
  const series = await findSeries(db, studyInstanceUid, seriesInstanceUid);
  const instances = await db.dicomInstance.findMany({ where: { seriesId: series.id }, orderBy: byInstanceOrder, select: { metadata: true } });
  return { seriesId: series.id, patientId: series.imagingStudy.patientId, instances: instances.map((i) => i.metadata as unknown as DicomJson) };
}

export async function seriesMetadata(db: PrismaClient, actor: Actor, studyInstanceUid: string, seriesInstanceUid: string): Promise<DicomJson[]> {
  const series = await readSeriesMetadata(db, studyInstanceUid, seriesInstanceUid);
  await auditDicomwebRead(db, actor, { patientId: series.patientId, studyInstanceUid, seriesInstanceUid, resource: "series metadata" });
  return series.instances;
}

async function findInstance(db: PrismaClient, studyInstanceUid: string, seriesInstanceUid: string, sopInstanceUid: string) {
  const instance = await db.dicomInstance.findFirst({
    where: { sopInstanceUid, series: { seriesInstanceUid, imagingStudy: { studyInstanceUid } } },
    select: { sopInstanceUid: true, storagePath: true, metadata: true, series: { select: { imagingStudy: { select: { patientId: true } } } } },
  });
  if (!instance) throw new ServiceError("NOT_FOUND", "No such instance in this series.");
  return { ...instance, patientId: instance.series.imagingStudy.patientId };
}

export async function instanceMetadata(db: PrismaClient, actor: Actor, studyInstanceUid: string, seriesInstanceUid: string, sopInstanceUid: string): Promise<DicomJson[]> {
  const instance = await findInstance(db, studyInstanceUid, seriesInstanceUid, sopInstanceUid);
  await auditDicomwebRead(db, actor, { patientId: instance.patientId, studyInstanceUid, seriesInstanceUid, sopInstanceUid, resource: "instance metadata" });
  return [instance.metadata as unknown as DicomJson];
}

async function readStored(store: ImageStore, storagePath: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(resolveInStore(store, storagePath)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new StoreFileMissingError();
    throw error;
  }
}

/** The Part 10 file as stored. */
export async function instanceFile(db: PrismaClient, actor: Actor, studyInstanceUid: string, seriesInstanceUid: string, sopInstanceUid: string, options: StoreOption = {}): Promise<Uint8Array> {
  const instance = await findInstance(db, studyInstanceUid, seriesInstanceUid, sopInstanceUid);
  const bytes = await readStored(options.store ?? imageStoreFromEnv(), instance.storagePath);
  await auditDicomwebRead(db, actor, { patientId: instance.patientId, studyInstanceUid, seriesInstanceUid, sopInstanceUid, resource: "instance" });
  return bytes;
}

/** One stored file of a study or series retrieve, read when its turn comes. */
export interface StoredFile {
  sopInstanceUid: string;
  read(): Promise<Uint8Array>;
}

/**
 * The Part 10 files of a whole study, or of one of its series (WADO-RS retrieve), in series and instance order. Only
 * the list is loaded here, and the read audited once for the request (a study view, not one event per instance);
 * each file is read from disk only when the caller asks for it, so a study is never held in memory as a whole.
 */
export async function studyFiles(db: PrismaClient, actor: Actor, studyInstanceUid: string, seriesInstanceUid?: string, options: StoreOption = {}): Promise<StoredFile[]> {
  const store = options.store ?? imageStoreFromEnv();
  const scope = seriesInstanceUid
    ? await findSeries(db, studyInstanceUid, seriesInstanceUid).then((s) => ({ where: { seriesId: s.id }, patientId: s.imagingStudy.patientId }))
    : await findStudy(db, studyInstanceUid).then((s) => ({ where: { series: { imagingStudyId: s.id } }, patientId: s.patientId }));
  const instances = await db.dicomInstance.findMany({
    where: scope.where,
    orderBy: [{ series: { seriesNumber: "asc" } }, { seriesId: "asc" }, ...byInstanceOrder],
    select: { sopInstanceUid: true, storagePath: true },
  });
  // A study on the timeline whose images are held elsewhere (a PACS) has nothing to send from here.
  if (instances.length === 0) throw new ServiceError("NOT_FOUND", "No instances of this study are held in the built-in image store.");
  await auditDicomwebRead(db, actor, {
    patientId: scope.patientId,
    studyInstanceUid,
    ...(seriesInstanceUid ? { seriesInstanceUid } : {}),
    resource: `${seriesInstanceUid ? "series" : "study"} (${instances.length} instances)`,
  });
  return instances.map((i) => ({ sopInstanceUid: i.sopInstanceUid, read: () => readStored(store, i.storagePath) }));
}

async function loadPixels(db: PrismaClient, actor: Actor, ids: { study: string; series: string; instance: string }, resource: string, store: ImageStore): Promise<StoredInstance> {
  const instance = await findInstance(db, ids.study, ids.series, ids.instance);
  const stored = parseStoredInstance(await readStored(store, instance.storagePath));
  await auditImageRead(db, actor, { patientId: instance.patientId, studyInstanceUid: ids.study, seriesInstanceUid: ids.series, sopInstanceUid: ids.instance, resource });
  return stored;
}

export interface FramesResult {
  /** As stored (native pixel data cut into Explicit VR Little Endian frames, compressed frames unchanged). */
  frames: Frame[];
  pixel: PixelModule;
}

/**
 * Frames by number (1-based), each frame once. They are views into the stored file where possible; decoding (see
 * `deliverFrame`) is left to the moment a frame is sent. @throws FrameError for missing pixel data or frame numbers
 * out of range.
 */
export async function instanceFrames(
  db: PrismaClient,
  actor: Actor,
  ids: { study: string; series: string; instance: string },
  frameNumbers: number[] | "all",
  options: StoreOption = {},
): Promise<FramesResult> {
  const stored = await loadPixels(db, actor, ids, "frames", options.store ?? imageStoreFromEnv());
  const count = stored.pixel?.numberOfFrames ?? 1;
  const numbers = frameNumbers === "all" ? Array.from({ length: count }, (_, i) => i + 1) : [...new Set(frameNumbers)];
  return { frames: numbers.map((n) => readFrame(stored, n)), pixel: stored.pixel! };
}

/** A frame as sent: RLE decoded to native little-endian bytes for clients that accept only uncompressed frames. */
export function deliverFrame(frame: Frame, pixel: PixelModule, decodeRle: boolean): Frame {
  if (decodeRle && frame.transferSyntaxUid === TS.RLE) return { bytes: decodeRleFrame(frame.bytes, pixel), transferSyntaxUid: TS.EXPLICIT_LITTLE };
  return frame;
}

export interface RenderRequest {
  format: "png" | "jpeg";
  /** 1-based; default the first frame (instance) or the middle frame (series thumbnail). */
  frameNumber?: number;
  quality?: number;
  maxWidth?: number;
  maxHeight?: number;
  window?: Window;
}

export const THUMBNAIL_SIZE = 192;

async function render(stored: StoredInstance, request: RenderRequest) {
  const frameNumber = request.frameNumber ?? 1;
  const frame = readFrame(stored, frameNumber);
  return renderFrame(frame, stored.pixel!, renderParameters(stored.dataSet, frameNumber), request);
}

/** /rendered and /thumbnail of an instance. @throws FrameError, RenderError */
export async function renderInstance(db: PrismaClient, actor: Actor, ids: { study: string; series: string; instance: string }, request: RenderRequest, options: StoreOption = {}) {
  const stored = await loadPixels(db, actor, ids, "rendered image", options.store ?? imageStoreFromEnv());
  return render(stored, request);
}

/** The series' thumbnail: the middle image of the series (its middle frame when multi-frame). */
export async function seriesThumbnail(db: PrismaClient, actor: Actor, studyInstanceUid: string, seriesInstanceUid: string, request: RenderRequest, options: StoreOption = {}) {
  const series = await findSeries(db, studyInstanceUid, seriesInstanceUid);
  const instances = await db.dicomInstance.findMany({ where: { seriesId: series.id }, orderBy: byInstanceOrder, select: { sopInstanceUid: true, metadata: true, numberOfFrames: true } });
  const images = instances.filter((i) => (i.metadata as unknown as DicomJson)["00280010"]?.Value?.length);
  const middle = images[Math.floor((images.length - 1) / 2)];
  if (!middle) throw new ServiceError("NOT_FOUND", "This series has no images to show.");
  const stored = await loadPixels(db, actor, { study: studyInstanceUid, series: seriesInstanceUid, instance: middle.sopInstanceUid }, "thumbnail", options.store ?? imageStoreFromEnv());
  return render(stored, { ...request, frameNumber: request.frameNumber ?? Math.ceil((stored.pixel?.numberOfFrames ?? 1) / 2) });
}
