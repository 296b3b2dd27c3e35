/**
 * Cohorts of the outcome dataset, for the cohort explorer and the hazard model: which pseudonymised rows a filter
 * keeps, how they split into groups, which rows cannot enter a survival analysis (and why), and the numeric covariates
 * a Cox model is fitted on.
 *
 * Rules:
 * - Analyses see pseudonymised rows only (the columns a pseudonymised export keeps): age is the 5-year band, taken at
 *   its midpoint (65-69 -> 67; 90+ -> 92) when a model needs a number.
 * - A row whose follow-up is inconsistent (the dataset's `data_issue`, or a missing or negative time) is left out of
 *   the curves and named, one line per row: never dropped silently.
 * - At most four groups are drawn: the four largest; the others are counted, not hidden.
 * - A filter leaving fewer than `MIN_COHORT_PATIENTS` (the k of the pseudonymised export) shows no curve.
 */
import type { DatasetRow } from "@/domain/outcomes/dataset";
import type { SurvivalObservation } from "@/domain/statistics/kaplan-meier";

/** The k of the pseudonymised export: no analysis is shown of fewer patients than this. */
export const MIN_COHORT_PATIENTS = 5;
/** Cox models need at least this many events per covariate (the usual rule of thumb for stable estimates). */
export const EVENTS_PER_COVARIATE = 10;
export const MAX_GROUPS = 4;

/** The row as analyses see it: only the columns a pseudonymised export keeps. */
export type AnalysisRow = Pick<
  DatasetRow,
  | "pseudonym"
  | "board"
  | "site"
  | "stage_group"
  | "histology"
  | "biomarkers"
  | "ecog"
  | "age_band"
  | "sex"
  | "intent"
  | "modalities"
  | "decision_year"
  | "decision_quarter"
  | "os_days"
  | "os_event"
  | "pfs_days"
  | "pfs_event"
  | "data_issue"
>;

export const ENDPOINTS = ["OS", "PFS"] as const;
export type Endpoint = (typeof ENDPOINTS)[number];
export const ENDPOINT_LABELS: Record<Endpoint, string> = { OS: "Overall survival", PFS: "Progression-free survival" };

export interface CohortFilter {
  boards?: string[];
  sites?: string[];
  stageGroups?: string[];
  histologies?: string[];
  /** "EGFR" (any result), or "EGFR: exon 19 deletion" (that result). */
  biomarker?: string | null;
  ecog?: number[];
  ageBands?: string[];
  intents?: string[];
  /** Rows whose recommendation includes any of these modalities. */
  modalities?: string[];
  /** Calendar quarters, inclusive, e.g. "2023-Q1". */
  periodFrom?: string | null;
  periodTo?: string | null;
}

export const GROUP_FIELDS = ["none", "stage", "stage_group", "sex", "ecog", "intent", "modalities", "age_band", "histology", "site", "board"] as const;
export type GroupField = (typeof GROUP_FIELDS)[number];
export const GROUP_FIELD_LABELS: Record<GroupField, string> = {
  none: "No grouping",
  stage: "Stage (I-IV)",
  stage_group: "Stage group",
  sex: "Sex",
  ecog: "ECOG",
  intent: "Intent",
  modalities: "Modalities",
  age_band: "Age band",
  histology: "Histology",
  site: "Site",
  board: "Board",
};

const inList = <T>(list: readonly T[] | undefined, value: T | null): boolean => !list || list.length === 0 || (value !== null && list.includes(value));

/** The stage's main number, I-IV (IIIA -> III); null when unknown or not a stage group. */
export function mainStage(stageGroup: string | null): "0" | "I" | "II" | "III" | "IV" | null {
  if (!stageGroup) return null;
  const match = /^(0|IV|III|II|I)/.exec(stageGroup.trim().toUpperCase());
  return match ? (match[1] as "0" | "I" | "II" | "III" | "IV") : null;
}

export function filterRows<R extends AnalysisRow>(rows: readonly R[], filter: CohortFilter): R[] {
  const marker = filter.biomarker?.trim().toLowerCase() || null;
  return rows.filter((r) => {
    if (!inList(filter.boards, r.board)) return false;
    if (!inList(filter.sites, r.site)) return false;
    // "III" selects IIIA, IIIB and IIIC as well: a board thinks of stage III as one group.
    if (filter.stageGroups && filter.stageGroups.length > 0) {
      const stage = r.stage_group;
      if (!stage || !filter.stageGroups.some((s) => s === stage || s === mainStage(stage))) return false;
    }
    if (!inList(filter.histologies, r.histology)) return false;
    if (!inList(filter.ecog, r.ecog)) return false;
    if (!inList(filter.ageBands, r.age_band)) return false;
    if (!inList(filter.intents, r.intent)) return false;
    if (filter.modalities && filter.modalities.length > 0) {
      const given = r.modalities?.split(";") ?? [];
      if (!filter.modalities.some((m) => given.includes(m))) return false;
    }
    if (marker) {
      const results = (r.biomarkers ?? "").toLowerCase().split("; ");
      if (!results.some((b) => b === marker || b.startsWith(`${marker}:`))) return false;
    }
    if (filter.periodFrom && (!r.decision_quarter || r.decision_quarter < filter.periodFrom)) return false;
    if (filter.periodTo && (!r.decision_quarter || r.decision_quarter > filter.periodTo)) return false;
    return true;
  });
}

/** The label of a row's group; "Unknown" when the field is empty. */
export function groupOf(row: AnalysisRow, field: GroupField): string {
  switch (field) {
    case "none":
      return "All patients";
    case "stage": {
      const stage = mainStage(row.stage_group);
      return stage ? `Stage ${stage}` : "Unknown";
    }
    case "ecog":
      return row.ecog === null ? "Unknown" : `ECOG ${row.ecog}`;
    default: {
      const value = row[field];
      return value === null || value === "" ? "Unknown" : String(value);
    }
  }
}

export interface Grouping<R> {
  groups: { label: string; rows: R[] }[];
  /** Groups beyond the four largest: counted, not drawn. */
  leftOut: { groups: number; patients: number };
}

export function groupRows<R extends AnalysisRow>(rows: readonly R[], field: GroupField): Grouping<R> {
  const byLabel = new Map<string, R[]>();
  for (const r of rows) {
    const label = groupOf(r, field);
    byLabel.set(label, [...(byLabel.get(label) ?? []), r]);
  }
  const sorted = [...byLabel.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const shown = sorted.slice(0, MAX_GROUPS).sort((a, b) => a[0].localeCompare(b[0]));
  const rest = sorted.slice(MAX_GROUPS);
  return {
    groups: shown.map(([label, groupRows]) => ({ label, rows: groupRows })),
    leftOut: { groups: rest.length, patients: rest.reduce((sum, [, g]) => sum + g.length, 0) },
  };
}

export interface RowIssue {
  pseudonym: string;
  issue: string;
}

/** A row's survival time and event for an endpoint, or why it cannot be used. */
export function survivalOf(row: AnalysisRow, endpoint: Endpoint): { observation: SurvivalObservation } | { issue: string } {
  if (row.data_issue) return { issue: row.data_issue };
  const time = endpoint === "OS" ? row.os_days : row.pfs_days;
  const event = endpoint === "OS" ? row.os_event : row.pfs_event;
  if (time === null || event === null) return { issue: "follow-up time missing" };
  if (time < 0) return { issue: "negative follow-up time" };
  return { observation: { time, event } };
}

/** Observations of the usable rows, and one line per row that is left out. */
export function survivalData(rows: readonly AnalysisRow[], endpoint: Endpoint): { observations: SurvivalObservation[]; usable: AnalysisRow[]; issues: RowIssue[] } {
  const observations: SurvivalObservation[] = [];
  const usable: AnalysisRow[] = [];
  const issues: RowIssue[] = [];
  for (const row of rows) {
    const result = survivalOf(row, endpoint);
    if ("issue" in result) issues.push({ pseudonym: row.pseudonym ?? "?", issue: result.issue });
    else {
      observations.push(result.observation);
      usable.push(row);
    }
  }
  return { observations, usable, issues };
}

/** The middle of a 5-year age band (65-69 -> 67); 90+ counts as 92. */
export function ageFromBand(band: string | null): number | null {
  if (!band) return null;
  if (band === "90+") return 92;
  const match = /^(\d+)-(\d+)$/.exec(band);
  return match ? (Number(match[1]) + Number(match[2])) / 2 : null;
}

/**
 * Covariates a Cox model can be fitted on. Each has one or more numeric columns and says why a row has no value.
 * Stage "ordinal" is I-IV as 1-4 (one hazard ratio per stage step); "dummies" compares II, III and IV with I.
 */
export const COVARIATES = ["age", "sex", "ecog", "stage_ordinal", "stage_dummies", "intent_curative", "surgery", "systemic_therapy", "radiotherapy"] as const;
export type CovariateName = (typeof COVARIATES)[number];

interface CovariateDefinition {
  label: string;
  columns: string[];
  missing: string;
  values: (row: AnalysisRow) => number[] | null;
}

const hasModality = (row: AnalysisRow, m: string): number[] | null => (row.modalities === null ? null : [row.modalities.split(";").includes(m) ? 1 : 0]);
const STAGE_NUMBER = { "0": 0, I: 1, II: 2, III: 3, IV: 4 } as const;

export const COVARIATE_DEFINITIONS: Record<CovariateName, CovariateDefinition> = {
  age: { label: "Age (per year, from the 5-year band)", columns: ["age (per year)"], missing: "age unknown", values: (r) => nullable(ageFromBand(r.age_band)) },
  sex: { label: "Sex (male vs female)", columns: ["male sex"], missing: "sex not recorded as female or male", values: (r) => (r.sex === "MALE" ? [1] : r.sex === "FEMALE" ? [0] : null) },
  ecog: { label: "ECOG (per point)", columns: ["ECOG (per point)"], missing: "ECOG unknown", values: (r) => nullable(r.ecog) },
  stage_ordinal: {
    label: "Stage I-IV (per stage)",
    columns: ["stage (per stage)"],
    missing: "stage unknown",
    values: (r) => {
      const s = mainStage(r.stage_group);
      return s === null ? null : [STAGE_NUMBER[s]];
    },
  },
  stage_dummies: {
    label: "Stage II, III, IV vs I",
    columns: ["stage II vs I", "stage III vs I", "stage IV vs I"],
    missing: "stage unknown",
    values: (r) => {
      const s = mainStage(r.stage_group);
      if (s === null) return null;
      return [s === "II" ? 1 : 0, s === "III" ? 1 : 0, s === "IV" ? 1 : 0];
    },
  },
  intent_curative: { label: "Curative intent", columns: ["curative intent"], missing: "intent unknown", values: (r) => (r.intent === null ? null : [r.intent === "CURATIVE" ? 1 : 0]) },
  surgery: { label: "Surgery recommended", columns: ["surgery"], missing: "modalities unknown", values: (r) => hasModality(r, "SURGERY") },
  systemic_therapy: { label: "Systemic therapy recommended", columns: ["systemic therapy"], missing: "modalities unknown", values: (r) => hasModality(r, "SYSTEMIC_THERAPY") },
  radiotherapy: { label: "Radiotherapy recommended", columns: ["radiotherapy"], missing: "modalities unknown", values: (r) => hasModality(r, "RADIOTHERAPY") },
};

function nullable(v: number | null): number[] | null {
  return v === null ? null : [v];
}

export interface DesignMatrix {
  names: string[];
  rows: { time: number; event: boolean; covariates: number[] }[];
  /** Rows left out because a covariate is missing, counted per reason (a row counts once, under its first reason). */
  leftOut: { reason: string; count: number }[];
}

/** The Cox design of usable rows: complete cases only, the others counted per reason. */
export function designMatrix(rows: readonly AnalysisRow[], endpoint: Endpoint, covariates: readonly CovariateName[]): DesignMatrix {
  const definitions = covariates.map((c) => COVARIATE_DEFINITIONS[c]);
  const names = definitions.flatMap((d) => d.columns);
  const out: DesignMatrix["rows"] = [];
  const leftOut = new Map<string, number>();
  for (const row of rows) {
    const survival = survivalOf(row, endpoint);
    if ("issue" in survival) continue;
    let values: number[] = [];
    let missing: string | null = null;
    for (const d of definitions) {
      const v = d.values(row);
      if (v === null) {
        missing = d.missing;
        break;
      }
      values = values.concat(v);
    }
    if (missing) leftOut.set(missing, (leftOut.get(missing) ?? 0) + 1);
    else out.push({ ...survival.observation, covariates: values });
  }
  return { names, rows: out, leftOut: [...leftOut.entries()].map(([reason, count]) => ({ reason, count })) };
}

/** "12 of 240 patients left out: ECOG unknown (9), stage unknown (3)", or null when nobody is. */
export function leftOutSentence(total: number, leftOut: DesignMatrix["leftOut"]): string | null {
  const count = leftOut.reduce((sum, l) => sum + l.count, 0);
  if (count === 0) return null;
  const reasons = leftOut.length === 1 ? leftOut[0]!.reason : leftOut.map((l) => `${l.reason} (${l.count})`).join(", ");
  return `${count} of ${total} patients left out: ${reasons}`;
}

/** Why a Cox model of this many events and columns is not fitted, in plain words; null when it may be. */
export function tooFewEventsReason(events: number, columns: number): string | null {
  const needed = EVENTS_PER_COVARIATE * columns;
  if (events >= needed) return null;
  return `Only ${events} events for ${columns} covariate${columns === 1 ? "" : "s"}: a Cox model needs at least ${EVENTS_PER_COVARIATE} events per covariate (${needed} here) to give estimates worth reading. Choose fewer covariates or a wider cohort.`;
}
