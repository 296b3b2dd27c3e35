/**
 * A Concilium backup is a folder:
 *   manifest.json          written last: a folder without it is an unfinished backup
 *   database.dump          PostgreSQL: pg_dump --format=custom of DATABASE_URL
 *   pglite.tar.gz          embedded: PGlite's dumpDataDir() of <data>/pglite
 *   files/images/...       the built-in image store (<data>/images)
 *   files/slides/...       the converted slide pyramids (<data>/slides)
 * The session secret (<data>/auth-secret) is not included: after a restore users sign in again.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

export const MANIFEST_FILE = "manifest.json";
/** Folders under the data folder that hold files the database points at. */
export const FILE_FOLDERS = ["images", "slides", "documents"] as const;
export const DATABASE_FILE = { postgres: "database.dump", pglite: "pglite.tar.gz" } as const;

export const backupManifestSchema = z.object({
  format: z.literal("concilium-backup"),
  version: z.literal(1),
  createdAt: z.string(),
  database: z.object({ kind: z.enum(["postgres", "pglite"]), file: z.string(), bytes: z.number().int(), sha256: z.string() }),
  files: z.object({ folders: z.array(z.enum(FILE_FOLDERS)), count: z.number().int(), bytes: z.number().int() }),
});
export type BackupManifest = z.infer<typeof backupManifestSchema>;

export class BackupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BackupError";
  }
}

export async function readManifest(backupDir: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(path.join(backupDir, MANIFEST_FILE), "utf8");
  } catch {
    throw new BackupError(`${backupDir} is not a complete Concilium backup (no ${MANIFEST_FILE}).`);
  }
  const parsed = backupManifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new BackupError(`${path.join(backupDir, MANIFEST_FILE)} is not a Concilium backup manifest of version 1.`);
  return parsed.data;
}

export function sha256OfFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(file)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

/** pg_dump / pg_restore: from PG_BIN_DIR when set, otherwise from PATH (Debian's wrappers pick the server's version). */
export function postgresTool(name: "pg_dump" | "pg_restore", env: NodeJS.ProcessEnv = process.env): string {
  return env.PG_BIN_DIR ? path.join(env.PG_BIN_DIR, name) : name;
}

/**
 * The URL for pg_dump / pg_restore: without its password (given as PGPASSWORD, so it never shows in the process
 * list) and without Prisma's `schema` parameter, which libpq rejects (the dump is of the whole database).
 */
export function libpqConnection(url: string): { url: string; env: Record<string, string> } {
  const u = new URL(url);
  u.searchParams.delete("schema");
  const password = decodeURIComponent(u.password);
  u.password = "";
  return { url: u.toString(), env: password ? { PGPASSWORD: password } : {} };
}
