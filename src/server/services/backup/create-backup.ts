import { existsSync } from "node:fs";
import { cp, mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { DatabaseConfig } from "@/server/database/open-database";
import { BackupError, DATABASE_FILE, FILE_FOLDERS, libpqConnection, MANIFEST_FILE, postgresTool, sha256OfFile, type BackupManifest } from "./backup-manifest";
import { runTool } from "./run-tool";

export interface CreateBackupInput {
  /** The database to back up: PostgreSQL (while the app runs) or the embedded PGlite folder (app stopped). */
  database: DatabaseConfig;
  /** CONCILIUM_DATA_DIR: where images/, slides/ and documents/ live. */
  dataDir: string;
  /** A new or empty folder. */
  targetDir: string;
  now?: Date;
}

/** Backs up the database and the image and slide files into one folder; see backup-manifest.ts for its layout. */
export async function createBackup(input: CreateBackupInput): Promise<BackupManifest> {
  const { targetDir } = input;
  if (existsSync(targetDir) && (await readdir(targetDir)).length > 0) throw new BackupError(`${targetDir} is not empty: back up into a new folder.`);
  await mkdir(targetDir, { recursive: true });
  try {
    return await writeBackup(input);
  } catch (error) {
    // The folder was new or empty: leave nothing that could pass for a backup.
    await rm(targetDir, { recursive: true, force: true });
    throw error;
  }
}

async function writeBackup(input: CreateBackupInput): Promise<BackupManifest> {
  const { database, dataDir, targetDir } = input;

  const databaseFile = path.join(targetDir, DATABASE_FILE[database.kind]);
  if (database.kind === "postgres") {
    // pg_dump reads one consistent snapshot, so the app may keep running meanwhile.
    const connection = libpqConnection(database.url);
    await runTool(postgresTool("pg_dump"), ["--format=custom", "--no-owner", "--no-privileges", `--file=${databaseFile}`, `--dbname=${connection.url}`], connection.env);
  } else {
    await dumpPglite(database.dataDir, databaseFile);
  }

  // Files are written once under new names and never changed in place, so copying after the dump finds every file
  // the dump points at (a file added meanwhile is copied too, harmlessly).
  const files = { folders: [] as (typeof FILE_FOLDERS)[number][], count: 0, bytes: 0 };
  for (const folder of FILE_FOLDERS) {
    const source = path.join(dataDir, folder);
    if (!existsSync(source)) continue;
    // A slide still being converted sits in .staging and is not part of the database's state yet.
    await cp(source, path.join(targetDir, "files", folder), { recursive: true, filter: (src) => path.basename(src) !== ".staging" });
    files.folders.push(folder);
    const counted = await countFiles(path.join(targetDir, "files", folder));
    files.count += counted.count;
    files.bytes += counted.bytes;
  }

  const manifest: BackupManifest = {
    format: "concilium-backup",
    version: 1,
    createdAt: (input.now ?? new Date()).toISOString(),
    database: { kind: database.kind, file: path.basename(databaseFile), bytes: (await stat(databaseFile)).size, sha256: await sha256OfFile(databaseFile) },
    files,
  };
  // Last: its presence marks a complete backup.
  await writeFile(path.join(targetDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

async function dumpPglite(dataDir: string, file: string) {
  if (dataDir.startsWith("memory://")) throw new BackupError("An in-memory database cannot be backed up.");
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) throw new BackupError(`There is no embedded database in ${dataDir}.`);
  // PGlite allows one process per data folder; its postmaster.pid exists while one has it open.
  if (existsSync(path.join(dataDir, "postmaster.pid"))) {
    throw new BackupError(`The embedded database in ${dataDir} is in use: stop Concilium first (the embedded database is backed up while closed).`);
  }
  const pg = await PGlite.create(dataDir);
  try {
    const tarball = await pg.dumpDataDir("gzip");
    await writeFile(file, Buffer.from(await tarball.arrayBuffer()));
  } finally {
    await pg.close();
  }
}

async function countFiles(dir: string): Promise<{ count: number; bytes: number }> {
  let count = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    count++;
    bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return { count, bytes };
}
