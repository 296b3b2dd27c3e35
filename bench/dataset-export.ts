/**
 * The research export of 100,000 decisions with outcomes, CSV and Parquet: rows per second and peak memory above
 * idle while the file streams (the aim: flat, under 100 MiB). The rows are generated in SQL (generate_series) on a
 * board of their own, so that the demo's boards stay as they are; the export runs in-process through the same
 * service the route calls, and its bytes are counted and dropped as a client would take them.
 *
 * Under node's default heap limit V8 lets garbage pile up (hundreds of MiB of dead batches before a full GC), so the
 * peak says more about the collector than the export: run with NODE_OPTIONS="--max-old-space-size=256 --expose-gc"
 * for the figure that shows whether memory stays flat.
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { PrismaClient } from "@/generated/prisma/client";
import type { ExportFormat } from "@/domain/outcomes/research-export";
import { loadSessionUser } from "@/server/services/auth/load-session-user";
import { exportDataset } from "@/server/services/dataset/export-dataset";

const BOARD_ID = "bench-dataset-board";

/** n signed decisions, each with a treatment and a vital-status outcome, on a board of their own. Returns seconds taken. */
export async function seedDatasetDecisions(db: PrismaClient, n: number): Promise<{ seconds: number; chairId: string }> {
  const started = performance.now();
  const chair = await db.user.findUniqueOrThrow({ where: { email: "chair@concilium.test" } });
  await db.board.create({ data: { id: BOARD_ID, slug: "bench-dataset", name: "Bench dataset board", tumourSite: "thoracic", quorumSpecialties: [] } });
  await db.boardMembership.create({ data: { boardId: BOARD_ID, userId: chair.id } });
  const u = chair.id;
  const series = `generate_series(1, ${n}) g`;
  await db.$executeRawUnsafe(`
    INSERT INTO "Patient" (id, mrn, "familyName", "givenName", "birthDate", sex, "researchPseudonym")
    SELECT 'bp' || g, 'BENCH-DS-' || g, 'Bench', 'P' || g, date '1935-01-01' + (g * 37 % 16000), (CASE WHEN g % 2 = 0 THEN 'FEMALE' ELSE 'MALE' END)::"Sex", 'BEN-' || g FROM ${series}`);
  await db.$executeRawUnsafe(`
    INSERT INTO "CancerCondition" (id, "patientId", "topographyCode", "topographyDisplay", "morphologyCode", "morphologyDisplay")
    SELECT 'bc' || g, 'bp' || g, (ARRAY['C34.1', 'C34.3', 'C50.4', 'C18.7'])[1 + g % 4], 'Site', '8140/3', 'Adenocarcinoma, NOS' FROM ${series}`);
  await db.$executeRawUnsafe(`
    INSERT INTO "Case" (id, "patientId", "boardId", "conditionId", "questionType", "clinicalQuestion", "referringUserId", "createdAt", "updatedAt")
    SELECT 'bk' || g, 'bp' || g, '${BOARD_ID}', 'bc' || g, 'PRIMARY_TREATMENT', 'Treatment?', '${u}', timestamp '2019-01-01' + (g % 1800) * interval '1 day', now() FROM ${series}`);
  await db.$executeRawUnsafe(`
    INSERT INTO "Decision" (id, "caseId", status, "tnmPrefix", "stageGroup", ecog, intent, modalities, recommendation, "recordedById", "createdAt", "updatedAt", "guidelineConcordant", quorate)
    SELECT 'bd' || g, 'bk' || g, 'SIGNED', 'c', (ARRAY['IA1', 'IB', 'IIA', 'IIB', 'IIIA', 'IIIB', 'IV'])[1 + g % 7], g % 3, 'CURATIVE',
      ARRAY['SURGERY']::"TreatmentModality"[], 'Lobectomy', '${u}', timestamp '2019-01-15' + (g % 1800) * interval '1 day', now(), g % 5 <> 0, true FROM ${series}`);
  await db.$executeRawUnsafe(`
    INSERT INTO "Outcome" (id, "lineageId", "patientId", "caseId", "decisionId", kind, treatment, "followedRecommendation", "occurredOn", "recordedById", source)
    SELECT 'bt' || g, 'bt' || g, 'bp' || g, 'bk' || g, 'bd' || g, 'TREATMENT', 'SURGERY', g % 9 <> 0, date '2019-02-20' + (g % 1800), '${u}', 'DEMO' FROM ${series}`);
  await db.$executeRawUnsafe(`
    INSERT INTO "Outcome" (id, "lineageId", "patientId", "caseId", "decisionId", kind, "causeOfDeath", "occurredOn", "recordedById", source)
    SELECT 'bv' || g, 'bv' || g, 'bp' || g, 'bk' || g, 'bd' || g, (CASE WHEN g % 3 = 0 THEN 'DEATH' ELSE 'ALIVE' END)::"OutcomeKind",
      (CASE WHEN g % 3 = 0 THEN 'CANCER' END)::"CauseOfDeath", date '2019-06-01' + (g % 1800) + (g % 500), '${u}', 'DEMO' FROM ${series}`);
  return { seconds: (performance.now() - started) / 1000, chairId: u };
}

export interface ExportFigures {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  bytes: number;
  /** Peak above the idle process, sampled every 10 ms while the file streams. */
  peakRssMiB: number;
  peakHeapMiB: number;
}

const MiB = 1024 * 1024;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** This process's resident set and its high-water mark (Linux), in bytes. */
function procRss(): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync("/proc/self/status", "utf8");
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kib("VmRSS"), hwm: kib("VmHWM") };
  } catch {
    return null;
  }
}

/** Resets VmHWM to the current RSS (writing 5 to clear_refs, Linux >= 4.0): the peak then covers the export alone. */
function resetRssPeak(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

/**
 * Peak memory is taken two ways that both see the export while it runs: the kernel's RSS high-water mark (reset
 * just before), and heap/RSS read at every chunk the client takes. A timer alone is not enough: with the embedded
 * database the export is one chain of promises and a setInterval may never fire until it ends (the old 0.0 MiB).
 */
export async function measureDatasetExport(db: PrismaClient, chairId: string, format: ExportFormat): Promise<ExportFigures> {
  const user = (await loadSessionUser(db, chairId))!;
  gc();
  const idle = process.memoryUsage();
  const hwmReset = resetRssPeak();
  let peakRss = idle.rss;
  let peakHeap = idle.heapUsed;
  const sample = () => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  };
  const sampler = setInterval(sample, 10);
  const started = performance.now();
  let bytes = 0;
  try {
    const file = await exportDataset(db, user, { mode: "pseudonymised", format, filters: { boardId: BOARD_ID } });
    sample();
    for await (const chunk of file.chunks) {
      bytes += chunk.length;
      sample();
    }
    const seconds = (performance.now() - started) / 1000;
    const kernel = hwmReset ? procRss() : null;
    if (kernel) peakRss = Math.max(peakRss, kernel.hwm);
    return { rows: file.rows, seconds, rowsPerSecond: file.rows / seconds, bytes, peakRssMiB: (peakRss - idle.rss) / MiB, peakHeapMiB: (peakHeap - idle.heapUsed) / MiB };
  } finally {
    clearInterval(sampler);
  }
}
