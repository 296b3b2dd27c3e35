import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { BackupError, libpqConnection, postgresTool, readManifest, sha256OfFile, type BackupManifest } from "./backup-manifest";
import { runTool } from "./run-tool";

export type RestoreTarget =
  /** A new data folder: the database goes to <dataDir>/pglite, the files beside it. */
  | { kind: "pglite"; dataDir: string }
  /** An empty PostgreSQL database; the files go to the new data folder. */
  | { kind: "postgres"; url: string; dataDir: string };

/**
 * Restores a backup made by createBackup into a new place, never over existing data: the target data folder and
 * database must be empty. The database file is checked against the manifest's checksum first.
 */
export async function restoreBackup(backupDir: string, target: RestoreTarget): Promise<BackupManifest> {
  const manifest = await readManifest(backupDir);
  if (manifest.database.kind !== target.kind) {
    throw new BackupError(`This backup holds ${manifest.database.kind === "postgres" ? "a PostgreSQL" : "an embedded"} database; restore it ${manifest.database.kind === "postgres" ? "with DATABASE_URL set to an empty database" : "without DATABASE_URL"}.`);
  }
  const databaseFile = path.join(backupDir, manifest.database.file);
  if (!existsSync(databaseFile) || (await sha256OfFile(databaseFile)) !== manifest.database.sha256) {
    throw new BackupError(`${databaseFile} is missing or damaged (its checksum differs from the manifest).`);
  }
  if (existsSync(target.dataDir) && (await readdir(target.dataDir)).length > 0) throw new BackupError(`${target.dataDir} is not empty: restore into a new data folder.`);

  if (target.kind === "pglite") {
    await mkdir(target.dataDir, { recursive: true });
    const tarball = new File([await readFile(databaseFile)], manifest.database.file, { type: "application/x-gzip" });
    const restored = await PGlite.create({ dataDir: path.join(target.dataDir, "pglite"), loadDataDir: tarball });
    await restored.close();
  } else {
    await assertEmptyDatabase(target.url);
    const connection = libpqConnection(target.url);
    await runTool(
      postgresTool("pg_restore"),
      ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", `--dbname=${connection.url}`, databaseFile],
      connection.env,
    );
    await mkdir(target.dataDir, { recursive: true });
  }

  for (const folder of manifest.files.folders) {
    await cp(path.join(backupDir, "files", folder), path.join(target.dataDir, folder), { recursive: true });
  }
  return manifest;
}

async function assertEmptyDatabase(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')");
    if ((rows[0]?.n ?? 0) > 0) throw new BackupError("The target database is not empty: restore into a new, empty database (createdb).");
  } finally {
    await client.end();
  }
}
