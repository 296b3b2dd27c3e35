import { afterEach, describe, expect, it } from "vitest";
import { applyMigrations, MigrationError, type MigrationFile } from "./migrate";
import { openDatabase, type Database } from "./open-database";
import { createHash } from "node:crypto";

const migration = (name: string, sql: string): MigrationFile => ({ name, sql, checksum: createHash("sha256").update(sql).digest("hex") });

let db: Database | null = null;
afterEach(async () => {
  await db?.close();
  db = null;
});

// The runner itself, on a bare embedded database: the app's own migrations are exercised by every other test.
describe("applyMigrations", () => {
  it("applies each migration once and records it as Prisma does", async () => {
    db = await openDatabase({ kind: "pglite", dataDir: "memory://" });
    const first = [migration("001_a", 'CREATE TABLE "A" (id int primary key);')];
    expect(await applyMigrations(db.sql, first, { advisoryLock: false })).toEqual(["001_a"]);
    expect(await applyMigrations(db.sql, first, { advisoryLock: false })).toEqual([]);
    const rows = await db.sql.query<{ migration_name: string; finished_at: Date | null }>('SELECT migration_name, finished_at FROM "_prisma_migrations"');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.finished_at).toBeInstanceOf(Date);
  });

  it("rolls a failing migration back completely and names it", async () => {
    db = await openDatabase({ kind: "pglite", dataDir: "memory://" });
    const broken = migration("002_broken", 'CREATE TABLE "B" (id int); INSERT INTO "nope" VALUES (1);');
    await expect(applyMigrations(db.sql, [broken], { advisoryLock: false })).rejects.toThrow(/Migration 002_broken failed and was rolled back/);
    const tables = await db.sql.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'B'");
    expect(tables).toHaveLength(0);
    expect(await db.sql.query('SELECT 1 FROM "_prisma_migrations"')).toHaveLength(0);
  });

  it("refuses a migration that was edited after it was applied", async () => {
    db = await openDatabase({ kind: "pglite", dataDir: "memory://" });
    await applyMigrations(db.sql, [migration("001_a", 'CREATE TABLE "A" (id int);')], { advisoryLock: false });
    await expect(applyMigrations(db.sql, [migration("001_a", 'CREATE TABLE "A" (id bigint);')], { advisoryLock: false })).rejects.toThrow(MigrationError);
  });

  it("reports an unreachable PostgreSQL clearly", async () => {
    await expect(openDatabase({ kind: "postgres", url: "postgresql://nobody:secret@127.0.0.1:1/none" })).rejects.toThrow(
      /^Cannot reach PostgreSQL at 127\.0\.0\.1:1\/none: /,
    );
  });
});
