import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { applyMigrations, readMigrations } from "../database/migrate";
import { openDatabase, type Database } from "../database/open-database";

const MIGRATIONS = path.resolve(import.meta.dirname, "../../../prisma/migrations");

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or, when DATABASE_URL is set, a new schema
 * of that PostgreSQL database that is dropped again on close (the rest of the database is never touched).
 */
export async function createTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  const migrations = await readMigrations(MIGRATIONS);
  if (!url) {
    const db = await openDatabase({ kind: "pglite", dataDir: "memory://" });
    await applyMigrations(db.sql, migrations, { advisoryLock: false });
    return db;
  }
  const schema = `concilium_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.end();
  const db = await openDatabase({ kind: "postgres", url, schema });
  await applyMigrations(db.sql, migrations, { advisoryLock: false });
  return {
    ...db,
    async close() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA "${schema}" CASCADE`);
      await cleanup.end();
    },
  };
}
