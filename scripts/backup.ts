// `npm run backup -- <target folder>`: the database (pg_dump of DATABASE_URL, or the embedded PGlite, which must be
// stopped) and the image and slide files under CONCILIUM_DATA_DIR (default ./data), into one new folder.
import path from "node:path";
import { databaseConfigFromEnv, describePostgresUrl } from "@/server/database/open-database";
import { BackupError } from "@/server/services/backup/backup-manifest";
import { createBackup } from "@/server/services/backup/create-backup";

async function main() {
  const [target] = process.argv.slice(2);
  if (!target) {
    console.error("Usage: npm run backup -- <target folder>");
    process.exit(2);
  }
  const database = databaseConfigFromEnv();
  const dataDir = path.resolve(process.env.CONCILIUM_DATA_DIR ?? "data");
  const from = database.kind === "postgres" ? describePostgresUrl(database.url) : `the embedded database in ${database.dataDir}`;
  const manifest = await createBackup({ database, dataDir, targetDir: path.resolve(target) });
  const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  console.log(`Backed up ${from} (${mib(manifest.database.bytes)}) and ${manifest.files.count} image and slide files (${mib(manifest.files.bytes)}) to ${path.resolve(target)}.`);
}

main().catch((error: unknown) => {
  console.error(`Backup failed: ${error instanceof BackupError ? error.message : error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
