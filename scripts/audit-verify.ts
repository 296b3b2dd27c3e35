// `npm run audit:verify`: walks the audit log's hash chain (see src/server/services/audit/audit-chain.ts) and prints
// "Audit chain intact, N events." (exit 0) or the first event that does not fit (exit 1); 2 if it could not run.
// Prints event ids only, never what an event is about. With the embedded database, stop the app first: PGlite
// allows one process per data directory.
import { databaseConfigFromEnv, openDatabase } from "@/server/database/open-database";
import { describeChainReport, verifyAuditChain } from "@/server/services/audit/audit-chain";

async function main(): Promise<number> {
  const db = await openDatabase(databaseConfigFromEnv());
  try {
    console.log(`Verifying the audit log of ${db.description}.`);
    const report = await verifyAuditChain(db.prisma);
    console.log(describeChainReport(report));
    return report.intact ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Could not verify the audit log: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
