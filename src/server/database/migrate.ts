import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { SqlRunner } from "./sql-runner";

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migration?: string,
  ) {
    super(message);
    this.name = "MigrationError";
  }
}

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

// Same table and columns as Prisma's own migrate, so `prisma migrate status` agrees with what ran here.
const LEDGER = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Serialises concurrent starts of several app instances against one PostgreSQL.
const LOCK_KEY = 72_616_001;

/**
 * Applies the committed migrations that have not run yet, each in its own transaction together with its ledger
 * row, so a failing migration leaves the database exactly as it was before it.
 */
export async function applyMigrations(
  sql: SqlRunner,
  migrations: MigrationFile[],
  options: { advisoryLock: boolean },
): Promise<string[]> {
  await sql.exec(LEDGER);
  const applied: string[] = [];
  for (const migration of migrations) {
    const ran = await sql.transaction(async (tx) => {
      if (options.advisoryLock) await tx.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
      const rows = await tx.query<{ checksum: string; finished_at: Date | null }>(
        `SELECT checksum, finished_at FROM "_prisma_migrations" WHERE migration_name = $1 AND rolled_back_at IS NULL`,
        [migration.name],
      );
      const done = rows.find((r) => r.finished_at !== null);
      if (done) {
        if (done.checksum !== migration.checksum) {
          throw new MigrationError(
            `Migration ${migration.name} was changed after it was applied to this database; restore the file or add a new migration instead.`,
            migration.name,
          );
        }
        return false;
      }
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${reason}`, migration.name);
      }
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
      return true;
    });
    if (ran) applied.push(migration.name);
  }
  return applied;
}
