// `npm run import -- <folder or file> [more folders or files] [--list-rejected]`
// Imports DICOM files into Concilium's built-in image store through the same service as uploads: files whose
// Patient ID, name and birth date match a patient are stored, the others held in quarantine (Imaging > Quarantine).
// Prints counts only: file paths and reasons never carry patient names or IDs unless --list-rejected is given
// (exports often name folders after patients). Exit code 0 when every file was stored, a duplicate or deliberately
// quarantined; 1 when any file was rejected or the import could not run; 2 for a usage error.
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { databaseConfigFromEnv, DatabaseUnavailableError, openDatabase } from "@/server/database/open-database";
import { fileSource, importDicom, type ImportProgress, type ImportSource } from "@/server/services/imaging/import-dicom";

const USAGE = "Usage: npm run import -- <folder or file> [more folders or files] [--list-rejected]";

async function collect(target: string, into: string[]): Promise<void> {
  const info = await stat(target);
  if (info.isFile()) {
    into.push(target);
    return;
  }
  if (!info.isDirectory()) return;
  for (const entry of (await readdir(target, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) await collect(full, into);
    else if (entry.isFile() || entry.isSymbolicLink()) into.push(full);
  }
}

function countBy(items: { reason: string }[]): string {
  const counts = new Map<string, number>();
  for (const { reason } of items) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts].map(([reason, n]) => `    ${n} × ${reason}`).join("\n");
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const listRejected = args.includes("--list-rejected");
  const targets = args.filter((a) => !a.startsWith("--"));
  if (targets.length === 0 || args.includes("--help")) {
    console.error(USAGE);
    return 2;
  }
  const files: string[] = [];
  for (const target of targets) {
    try {
      await collect(path.resolve(target), files);
    } catch {
      console.error(`Cannot read ${target}: no such file or folder, or no permission.`);
      return 2;
    }
  }
  if (files.length === 0) {
    console.error("No files found.");
    return 1;
  }

  const db = await openDatabase(databaseConfigFromEnv());
  try {
    const sources: ImportSource[] = await Promise.all(files.map((file) => fileSource(file)));
    console.log(`Importing ${files.length} file(s) into ${db.description}.`);
    const interactive = process.stdout.isTTY;
    const report = (p: ImportProgress) => {
      const line = `  ${p.processed}/${p.total} files: ${p.stored} stored, ${p.duplicates} duplicate, ${p.quarantined} quarantined, ${p.rejected} rejected`;
      if (interactive) process.stdout.write(`\r${line}`);
      else console.log(line);
    };
    const result = await importDicom(db.prisma, { id: null, email: "import-cli" }, sources, { onProgress: report });
    if (interactive) process.stdout.write("\n");

    console.log(`Done: ${result.stored} stored, ${result.duplicates} already in the store, ${result.quarantined.length} quarantined, ${result.rejected.length} rejected.`);
    if (result.quarantined.length > 0) {
      console.log(`  Held in quarantine (resolve them in Concilium under Imaging > Quarantine):\n${countBy(result.quarantined)}`);
    }
    if (result.rejected.length > 0) {
      console.log(`  Rejected:\n${countBy(result.rejected)}`);
      if (listRejected) for (const r of result.rejected) console.log(`    ${r.name}: ${r.reason}`);
      else console.log("  Run again with --list-rejected to see which files (their paths may name patients).");
      return 1;
    }
    return 0;
  } finally {
    await db.close();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    if (error instanceof DatabaseUnavailableError) console.error(`The import cannot run: ${error.message}`);
    else console.error(`The import failed: ${error instanceof Error ? error.name : "unknown error"}. Has the database been prepared (npm start once)?`);
    process.exit(1);
  });
