// Survival statistics on large synthetic cohorts: Kaplan-Meier, log-rank, Cox and its extras. Prints figures, no verdict.
// `npm run bench -- survival` runs these alone; `npm run bench` includes them.
import os from "node:os";
import { concordance } from "@/domain/statistics/concordance";
import { fitCox, predictSurvival } from "@/domain/statistics/cox";
import { kaplanMeier } from "@/domain/statistics/kaplan-meier";
import { logRank } from "@/domain/statistics/log-rank";
import { crossValidate } from "@/domain/statistics/calibration";
import { syntheticCohort } from "@/domain/statistics/synthetic-cohort";

type Report = (name: string, value: string) => void;

/**
 * Median of `runs` timings of fn (the first run, which warms the JIT, is not counted): wall time and this process's
 * CPU time, since on a shared machine the wall time says as much about the neighbours as about the code.
 */
function time<T>(fn: () => T, runs: number): { ms: number; cpuMs: number; result: T } {
  let result = fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    result = fn();
    const used = process.cpuUsage(cpuStarted);
    cpu.push((used.user + used.system) / 1000);
    wall.push(performance.now() - started);
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { ms: median(wall), cpuMs: median(cpu), result };
}

export function measureSurvival(report: Report) {
  report("Survival statistics: machine load average (1 min)", `${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores`);
  const ms = (t: { ms: number; cpuMs: number }) => `${t.ms.toFixed(1)} ms (CPU ${t.cpuMs.toFixed(1)} ms)`;
  const n = 100_000;
  const cohort = syntheticCohort({ n, seed: 1, logHazardRatio: Math.log(0.7), covariateEffects: [0.3, -0.2, 0.1, 0, 0.5, -0.1, 0.2, 0, -0.3], roundTo: 1 });
  const observations = cohort.rows.map((row) => ({ time: row.time, event: row.event }));
  const km = time(() => kaplanMeier(observations), 5);
  report(`Kaplan-Meier, ${n.toLocaleString("en")} patients (median of 5)`, `${ms(km)} (${km.result.steps.length} steps)`);
  const groups = [0, 1].map((treated) => cohort.rows.filter((row) => row.covariates[0] === treated));
  const lr = time(() => logRank(groups), 5);
  report(`Log-rank, 2 groups, ${n.toLocaleString("en")} patients (median of 5)`, ms(lr));
  const cox = time(() => fitCox(cohort.rows, cohort.names), 3);
  const fit = cox.result;
  report(
    `Cox, ${cohort.names.length} covariates, ${n.toLocaleString("en")} patients (median of 3)`,
    `${ms(cox)}, ${fit.iterations} iterations, with C, cox.zph, baseline`,
  );
  const lp = cohort.rows.map((row) => row.covariates.reduce((sum, v, j) => sum + (v - fit.means[j]!) * fit.coefficients[j]!.beta, 0));
  const c = time(() => concordance(cohort.rows.map((r) => r.time), cohort.rows.map((r) => r.event), lp), 3);
  report(`Concordance + its SE, ${n.toLocaleString("en")} patients (median of 3)`, ms(c));
  const predicted = time(() => predictSurvival(fit, cohort.rows[0]!.covariates, [90, 180, 365, 730, 1095]), 5);
  report("Cox predicted survival + interval, 5 times (median of 5)", ms(predicted));
  const small = syntheticCohort({ n: 10_000, seed: 2, logHazardRatio: Math.log(0.7), covariateEffects: [0.3, -0.2, 0.1] });
  const cv = time(() => crossValidate(small.rows, small.names, { folds: 5, seed: 1, time: 365 }), 1);
  report("Cox 5-fold cross-validation, 4 covariates, 10,000 patients", ms(cv));
}
