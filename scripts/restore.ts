// `npm run restore -- <backup folder> <new data folder>`: into a new embedded database under <new data folder>/pglite,
// or, with DATABASE_URL set, into that (empty) PostgreSQL database; the image and slide files go to <new data folder>.
// Then start Concilium with CONCILIUM_DATA_DIR=<new data folder> (and the same DATABASE_URL).
import path from "node:path";
import { describePostgresUrl } from "@/server/database/open-database";
import { BackupError } from "@/server/services/backup/backup-manifest";
import { restoreBackup } from "@/server/services/backup/restore-backup";

async function main() {
  const [backupDir, newDataDir] = process.argv.slice(2);
  if (!backupDir || !newDataDir) {
    console.error("Usage: npm run restore -- <backup folder> <new data folder>   (set DATABASE_URL to restore into an empty PostgreSQL database)");
    process.exit(2);
  }
  const dataDir = path.resolve(newDataDir);
  const url = process.env.DATABASE_URL;
  const manifest = await restoreBackup(path.resolve(backupDir), url ? { kind: "postgres", url, dataDir } : { kind: "pglite", dataDir });
  const into = url ? describePostgresUrl(url) : `the embedded database in ${path.join(dataDir, "pglite")}`;
  console.log(`Restored the backup of ${manifest.createdAt} into ${into}, with ${manifest.files.count} image and slide files in ${dataDir}.`);
  console.log(`Start Concilium with CONCILIUM_DATA_DIR=${dataDir}${url ? " and this DATABASE_URL" : ""}; users sign in again.`);
}

main().catch((error: unknown) => {
  console.error(`Restore failed: ${error instanceof BackupError ? error.message : error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
