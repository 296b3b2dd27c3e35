// The outcome estimate beside the decision form: what it adds to a case page. The model is fitted once per dataset
// version, then reused; the figure is the added time of a case page once fitted (median and p95), and the first fit.
// `npm run bench -- estimates` runs this alone (in process, on a fresh embedded database); `npm run bench` includes it.
import { createCaller } from "@/server/api/root";
import { createInnerContext } from "@/server/api/trpc";
import { loadSessionUser } from "@/server/services/auth/load-session-user";
import { createFixture } from "@/server/testing/fixture";
import { seedOutcomeHistory } from "@/server/testing/outcome-history";
import { createTestDatabase } from "@/server/testing/test-database";

type Report = (name: string, value: string) => void;
const RUNS = 50;

export async function measureEstimates(report: Report) {
  const database = await createTestDatabase();
  try {
    const f = await createFixture(database.prisma);
    // The board's past: the NCCTG lung cohort three times over (684 patients), as a board with a few years of history.
    for (const prefix of ["e1", "e2", "e3"]) await seedOutcomeHistory(database.prisma, { boardId: f.boardA.id, recordedById: f.users.chair.id, prefix });
    await database.prisma.decision.update({ where: { id: f.draftA.id }, data: { stageGroup: "IIIA", ecog: 1 } });
    const caller = createCaller(createInnerContext({ db: database.prisma, user: await loadSessionUser(database.prisma, f.users.chair.id) }));

    let started = performance.now();
    const first = await caller.estimate.forCase({ caseId: f.caseA.id });
    const firstMs = performance.now() - started;
    const timings: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      started = performance.now();
      await caller.estimate.forCase({ caseId: f.caseA.id });
      timings.push(performance.now() - started);
    }
    timings.sort((a, b) => a - b);
    const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!;
    report(`Estimate per option, first call (fit + ${first.validation?.folds ?? 0}-fold validation, ${first.patients} patients)`, `${firstMs.toFixed(1)} ms`);
    report(`Estimate per option, case page added (cached model, median / p95 of ${RUNS})`, `${at(0.5).toFixed(1)} ms / ${at(0.95).toFixed(1)} ms`);
  } finally {
    await database.close();
  }
}
