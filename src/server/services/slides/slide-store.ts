/**
 * Where converted slides live: `<CONCILIUM_DATA_DIR or ./data>/slides/<slideId>/`. A slide is prepared in a staging
 * folder beside it and renamed into place only when complete, so an interrupted import never leaves a half-written
 * slide folder behind.
 */
import { randomBytes } from "node:crypto";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";

const STAGING = ".staging";
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

export function slideStoreRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.CONCILIUM_DATA_DIR ?? "data", "slides");
}

/** The largest slide upload accepted (CONCILIUM_MAX_UPLOAD_BYTES, default 2 GiB). */
export function maxUploadBytes(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.CONCILIUM_MAX_UPLOAD_BYTES);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : DEFAULT_MAX_UPLOAD_BYTES;
}

/**
 * The absolute folder of a stored slide. `storagePath` comes from our own database, but it still may only name a
 * folder directly inside the store.
 */
export function slideFolder(storagePath: string, root = slideStoreRoot()): string {
  const folder = path.resolve(root, storagePath);
  if (path.dirname(folder) !== root || storagePath.startsWith(".")) throw new Error("A slide's storage path must be a folder inside the slide store");
  return folder;
}

/** A new, empty folder inside the store's staging area (same file system as the store, so the final rename is atomic). */
export async function createStagingFolder(purpose: string, root = slideStoreRoot()): Promise<string> {
  const folder = path.join(root, STAGING, `${purpose}-${randomBytes(6).toString("hex")}`);
  await mkdir(folder, { recursive: true });
  return folder;
}

/** Moves a completed staging folder into place as the slide's folder; returns the storage path to record. */
export async function publishSlideFolder(staging: string, slideId: string, root = slideStoreRoot()): Promise<string> {
  await rename(staging, slideFolder(slideId, root));
  return slideId;
}

export async function discardFolder(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
}

/** Removes what interrupted imports left in the staging area; call at start-up, before any import runs. */
export async function clearStagingArea(root = slideStoreRoot()): Promise<void> {
  await rm(path.join(root, STAGING), { recursive: true, force: true });
}
