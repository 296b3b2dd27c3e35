// History import: seconds to check (dry run) and import 10,000 CSV rows into a board, in-process through the
// service the upload route calls (csv-parse on the streamed text, checks, one transaction). Run alone on a fresh
// in-memory database with `npx tsx bench/history-import.ts [rows]`; bench/run.ts calls measureHistoryImport.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { PrismaClient } from "@/generated/prisma/client";
import { importHistory } from "@/server/services/history-import/import-history";

const HEADER =
  "case_external_id,mrn,family_name,given_name,birth_date,sex,topography_code,morphology_code,referral_date,discussion_date,tnm_prefix,t_category,n_category,m_category,stage_group,intent,modalities,recommendation,treatment_given,treatment_start_date,treatment_followed_recommendation,disease_status,disease_status_date,vital_status,vital_status_date,cause_of_death";

/** `rows` synthetic lung cases with treatment, a disease status and a vital status each (four outcomes a row). */
export function syntheticHistoryCsv(rows: number, prefix = "BENCH"): string {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const dead = i % 3 === 0;
    lines.push(
      `${prefix}-${i},${prefix}-MRN-${i},Registry,Case${i},19${40 + (i % 40)}-0${1 + (i % 9)}-1${i % 10},${i % 2 ? "MALE" : "FEMALE"},C34.${i % 4},8140/3,2021-0${1 + (i % 9)}-01,2021-0${1 + (i % 9)}-1${i % 10},c,T2a,N2,M0,IIIA,CURATIVE,CHEMORADIATION,Concurrent chemoradiation,RADIOTHERAPY,2021-1${i % 3}-01,yes,STABLE,2022-0${1 + (i % 9)}-01,${dead ? "DEAD" : "ALIVE"},2023-0${1 + (i % 9)}-15,${dead ? "CANCER" : ""}`,
    );
  }
  return lines.join("\n");
}

export async function measureHistoryImport(db: PrismaClient, rows = 10_000): Promise<{ rows: number; dryRunSeconds: number; importSeconds: number; reimportSeconds: number; casesCreated: number }> {
  const coordinator = await db.user.findFirstOrThrow({ where: { role: "COORDINATOR", memberships: { some: {} } }, include: { memberships: true } });
  const boardId = coordinator.memberships[0]!.boardId;
  const csv = syntheticHistoryCsv(rows, `BENCH${Date.now().toString(36)}`);
  // As the upload arrives: in 64 KiB chunks.
  const chunks = async function* () {
    for (let i = 0; i < csv.length; i += 65_536) yield csv.slice(i, i + 65_536);
  };
  const run = async (dryRun: boolean) => {
    const started = performance.now();
    const result = await importHistory(db, coordinator, { boardId, format: "csv", source: chunks(), dryRun, validRowsOnly: false });
    return { seconds: (performance.now() - started) / 1000, result };
  };
  const dry = await run(true);
  const imported = await run(false);
  const again = await run(false);
  return { rows, dryRunSeconds: dry.seconds, importSeconds: imported.seconds, reimportSeconds: again.seconds, casesCreated: imported.result.applied?.casesCreated ?? 0 };
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? "")).href) {
  const { createTestDatabase } = await import("@/server/testing/test-database");
  const database = await createTestDatabase();
  const board = await database.prisma.board.create({ data: { slug: "bench", name: "Bench Board", tumourSite: "thoracic" } });
  await database.prisma.user.create({ data: { email: "coordinator@bench.example", name: "Coordinator", role: "COORDINATOR", memberships: { create: { boardId: board.id } } } });
  const figures = await measureHistoryImport(database.prisma, Number(process.argv[2] ?? 10_000));
  console.log(JSON.stringify(figures));
  await database.close();
}
