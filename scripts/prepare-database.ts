// Brings the database to the committed schema and, on first run, seeds the demo. Run by `npm start` before
// the server starts; exits non-zero with a clear message when the database is unreachable or a migration fails.
import { databaseConfigFromEnv, DatabaseUnavailableError, openDatabase } from "@/server/database/open-database";
import { applyMigrations, MigrationError, readMigrations } from "@/server/database/migrate";
import { MIGRATIONS_DIR } from "@/server/db";
import { seedDemo } from "@/server/services/demo/seed-demo";
import { recoverInterruptedImports } from "@/server/services/slides/recover-interrupted-imports";

async function main() {
  const config = databaseConfigFromEnv();
  const db = await openDatabase(config);
  try {
    const applied = await applyMigrations(db.sql, await readMigrations(MIGRATIONS_DIR), {
      advisoryLock: db.kind === "postgres",
    });
    console.log(`Database: ${db.description}; ${applied.length} migration(s) applied.`);
    // A slide conversion cut short by a stop or crash is marked failed, so nobody waits for it.
    await recoverInterruptedImports(db.prisma);
    const seedMode = process.env.CONCILIUM_SEED ?? "demo";
    if (seedMode === "demo" && (await db.prisma.user.count()) === 0) {
      const summary = await seedDemo(db.prisma, { now: new Date() });
      console.log(`Demo seeded: ${summary}.`);
    }
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof DatabaseUnavailableError || error instanceof MigrationError) {
    console.error(`Concilium cannot start: ${error.message}`);
  } else {
    console.error("Concilium cannot start: preparing the database failed.", error instanceof Error ? error.message : "");
  }
  process.exit(1);
});
