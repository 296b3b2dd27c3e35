import {
  type CohortFilter,
  type Endpoint,
  filterRows,
  type GroupField,
  groupRows,
  MIN_COHORT_PATIENTS,
  type RowIssue,
  survivalData,
} from "@/domain/cohorts/cohort";
import { kaplanMeier, numbersAtRisk } from "@/domain/statistics/kaplan-meier";
import { logRank, LogRankNotApplicableError } from "@/domain/statistics/log-rank";
import { recordAudit } from "../audit/record-audit";
import type { Actor, Db } from "../db-types";
import { analysisChoices } from "./analysis-choices";
import { readAnalysisRows } from "./read-analysis-rows";

export interface SurvivalCurvesInput {
  filter: CohortFilter;
  groupBy: GroupField;
  endpoint: Endpoint;
}

const DAYS_PER_MONTH = 365.25 / 12;

/** Where numbers at risk are counted: every 6 months, or every year beyond 5 years of follow-up. */
export function riskTicks(maxDays: number): number[] {
  const stepMonths = maxDays > 5 * 365.25 ? 12 : 6;
  const ticks: number[] = [];
  for (let m = 0; m * DAYS_PER_MONTH <= maxDays; m += stepMonths) ticks.push(Math.round(m * DAYS_PER_MONTH));
  return ticks;
}

/**
 * Kaplan-Meier curves (95% log-log intervals) of a filtered cohort of the user's boards, for up to four groups, with
 * numbers at risk, medians and a log-rank test. Audited like an export: the filter and how many rows it used.
 */
export async function survivalCurves(db: Db, actor: Actor, boardIds: readonly string[], input: SurvivalCurvesInput) {
  const all = await readAnalysisRows(db, boardIds);
  const cohort = filterRows(all, input.filter);
  const { usable, issues } = survivalData(cohort, input.endpoint);
  const base = { patients: cohort.length, minimumPatients: MIN_COHORT_PATIENTS, dataIssues: issues, choices: analysisChoices(all) };

  await recordAudit(db, actor, {
    action: "analysis.km",
    entityType: "Dataset",
    detail: { filter: JSON.parse(JSON.stringify(input.filter)), groupBy: input.groupBy, endpoint: input.endpoint, rows: cohort.length, boards: [...boardIds] },
  });

  if (usable.length < MIN_COHORT_PATIENTS) return { ...base, status: "too-few" as const, groups: [], ticks: [], smallGroups: [], leftOutGroups: { groups: 0, patients: 0 }, logRank: null, logRankNote: null };

  const grouping = groupRows(usable, input.groupBy);
  // A group of fewer than k patients is not drawn either: its curve would describe identifiable people.
  const drawn = grouping.groups.filter((g) => g.rows.length >= MIN_COHORT_PATIENTS);
  const smallGroups = grouping.groups.filter((g) => g.rows.length < MIN_COHORT_PATIENTS).map((g) => ({ label: g.label, n: g.rows.length }));
  const observationsOf = (rows: typeof usable) => survivalData(rows, input.endpoint).observations;
  const maxDays = Math.max(0, ...usable.map((r) => (input.endpoint === "OS" ? r.os_days! : r.pfs_days!)));
  const ticks = riskTicks(maxDays);

  const groups = drawn.map((g) => {
    const curve = kaplanMeier(observationsOf(g.rows), { confidenceLevel: 0.95, intervalType: "log-log" });
    return {
      label: g.label,
      n: curve.n,
      events: curve.events,
      median: curve.median,
      steps: curve.steps.map((s) => ({ time: s.time, nRisk: s.nRisk, nEvent: s.nEvent, nCensor: s.nCensor, survival: s.survival, lower: s.lower, upper: s.upper })),
      atRisk: numbersAtRisk(curve, ticks),
    };
  });

  let test: { chiSquare: number; df: number; pValue: number } | null = null;
  let logRankNote: string | null = null;
  if (drawn.length >= 2) {
    try {
      const r = logRank(drawn.map((g) => observationsOf(g.rows)));
      test = { chiSquare: r.chiSquare, df: r.df, pValue: r.pValue };
    } catch (error) {
      if (!(error instanceof LogRankNotApplicableError)) throw error;
      logRankNote = `No log-rank test: ${error.message}.`;
    }
  } else logRankNote = "The log-rank test compares two or more groups: choose a grouping.";

  return { ...base, status: "ok" as const, groups, ticks, smallGroups, leftOutGroups: grouping.leftOut, logRank: test, logRankNote };
}

export type SurvivalCurves = Awaited<ReturnType<typeof survivalCurves>>;
export type { RowIssue };
