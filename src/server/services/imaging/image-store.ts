/**
 * The built-in image store on disk: `<CONCILIUM_DATA_DIR or ./data>/images/<StudyUID>/<SeriesUID>/<SOPUID>.dcm`,
 * quarantined files under `images/quarantine/<id>/`. Paths are only ever built from validated UIDs and IDs, and
 * files are written to a temporary name and renamed, so a reader never sees half a file.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, rmSync } from "node:fs";
import { mkdir, rename, rm, rmdir, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { isValidUid } from "@/integrations/dicomweb/uid";

export interface ImageStore {
  /** Absolute folder that storage paths are relative to. */
  root: string;
}

const DEFAULT_MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
let testRoot: string | null = null;
const TEST_STORE_PREFIX = "concilium-test-images-";

/** Test workers are often stopped without an exit event: remove the stores of test processes that are gone. */
function removeStaleTestStores() {
  for (const name of readdirSync(os.tmpdir())) {
    const pid = Number(name.startsWith(TEST_STORE_PREFIX) ? name.slice(TEST_STORE_PREFIX.length).split("-")[0] : Number.NaN);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ESRCH") rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
    }
  }
}

/**
 * The store of this process. Under Vitest without CONCILIUM_DATA_DIR it is a throw-away folder, so that tests
 * which seed the demo never write into the developer's ./data.
 */
export function imageStoreFromEnv(env: NodeJS.ProcessEnv = process.env): ImageStore {
  if (env.CONCILIUM_DATA_DIR) return { root: path.resolve(env.CONCILIUM_DATA_DIR, "images") };
  if (env.VITEST) {
    if (!testRoot) {
      removeStaleTestStores();
      const root = path.join(os.tmpdir(), `${TEST_STORE_PREFIX}${process.pid}-${randomBytes(4).toString("hex")}`);
      process.once("exit", () => rmSync(root, { recursive: true, force: true }));
      testRoot = root;
    }
    return { root: testRoot };
  }
  return { root: path.resolve("data", "images") };
}

/** Per-file upload limit: CONCILIUM_MAX_UPLOAD_BYTES, default 512 MiB. */
export function maxUploadBytes(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.CONCILIUM_MAX_UPLOAD_BYTES);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : DEFAULT_MAX_UPLOAD_BYTES;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(bytes % 1024 ** 3 ? 1 : 0)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(bytes % 1024 ** 2 ? 1 : 0)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

export class StorePathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StorePathError";
  }
}

/** Where uploads are spooled while they arrive: inside the store, so on its disk (a tmpfs /tmp would be memory). */
export function incomingFolder(store: ImageStore): string {
  return path.join(path.resolve(store.root), ".incoming");
}

/** "<study>/<series>/<sop>.dcm" for validated UIDs. */
export function instanceStoragePath(study: string, series: string, sop: string): string {
  if (![study, series, sop].every(isValidUid)) throw new StorePathError("A DICOM UID is not valid; the file cannot be stored.");
  return `${study}/${series}/${sop}.dcm`;
}

const QUARANTINE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function quarantineStoragePath(quarantineId: string): string {
  if (!QUARANTINE_ID.test(quarantineId)) throw new StorePathError("Not a valid quarantine ID.");
  return `quarantine/${quarantineId}`;
}

export function quarantinedFilePath(quarantineId: string, sop: string): string {
  if (!isValidUid(sop)) throw new StorePathError("A DICOM UID is not valid; the file cannot be stored.");
  return `${quarantineStoragePath(quarantineId)}/${sop}.dcm`;
}

/** The absolute path of a storage path; refuses anything that would leave the store. */
export function resolveInStore(store: ImageStore, storagePath: string): string {
  const root = path.resolve(store.root);
  const full = path.resolve(root, storagePath);
  if (full !== root && !full.startsWith(root + path.sep)) throw new StorePathError("A storage path points outside the image store.");
  return full;
}

/** Writes to a temporary file beside the target, then renames it into place (atomic on one file system). */
export async function writeFileAtomically(file: string, bytes: Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.partial`);
  try {
    await writeFile(temporary, bytes, { flag: "wx" });
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

export async function moveFile(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  await rename(from, to);
}

export async function removeFile(file: string): Promise<void> {
  await unlink(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
}

export async function removeFolder(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
}

/** Removes a stored file and then its series and study folders if that left them empty. */
export async function removeStoredFile(store: ImageStore, file: string): Promise<void> {
  await removeFile(file);
  const root = path.resolve(store.root);
  for (let dir = path.dirname(file), level = 0; level < 2 && dir.startsWith(root + path.sep); dir = path.dirname(dir), level++) {
    // rmdir refuses a folder that is not empty: exactly what is wanted when another import shares it.
    if (!(await rmdir(dir).then(() => true).catch(() => false))) break;
  }
}
