/**
 * TNM categories of the AJCC 8th edition for the sites the demo boards cover, and the checks a decision's
 * staging must pass. The categories and stage-group tables are data in ajcc8-*.ts; stage-group.ts computes groups.
 */
import { STAGING_DATA, stageGroupProblems } from "./stage-group";
import type { SiteStagingData } from "./types";

export const TNM_PREFIXES = ["c", "p", "yc", "yp", "r"] as const;
export type TnmPrefixName = (typeof TNM_PREFIXES)[number];

export const STAGING_SITES = ["lung", "breast", "colorectal"] as const;
export type StagingSite = (typeof STAGING_SITES)[number];

const perSite = (pick: (data: SiteStagingData) => readonly string[]) =>
  Object.fromEntries(STAGING_SITES.map((site) => [site, pick(STAGING_DATA[site])])) as Record<StagingSite, readonly string[]>;

/** Every category of a site in form order; parents (T1, N2, M1...) come before their subcategories. */
export const T_CATEGORIES = perSite((d) => d.t.map((c) => c.value));
export const N_CATEGORIES = perSite((d) => d.n.map((c) => c.value));
export const M_CATEGORIES = perSite((d) => d.m.map((c) => c.value));
export const STAGE_GROUPS = perSite((d) => d.groups);

/** The staging site of an ICD-O-3 topography code (C34 lung, C50 breast, C18-C20 colorectal). */
export function stagingSiteOf(topographyCode: string): StagingSite | null {
  const major = topographyCode.toUpperCase().slice(0, 3);
  if (major === "C34") return "lung";
  if (major === "C50") return "breast";
  if (["C18", "C19", "C20"].includes(major)) return "colorectal";
  return null;
}

export interface TnmStaging {
  prefix: TnmPrefixName | null;
  t: string | null;
  n: string | null;
  m: string | null;
  stageGroup: string | null;
  /** Why the stage group differs from the computed one (or was set without one); at least three words. */
  stageGroupOverrideReason?: string | null;
}

export type StagingProblemKind =
  | "missing"
  | "invalid-category"
  | "in-situ-with-nodes"
  | "no-tumour"
  | "unknown-category"
  | "subcategory-needed"
  | "not-in-table"
  | "differs-from-computed"
  | "override-reason";

export interface StagingProblem {
  field: "prefix" | "t" | "n" | "m" | "stageGroup";
  message: string;
  /** What kind of problem the stage-group computation found; absent for the plain field checks. */
  kind?: StagingProblemKind;
}

/** Returns what is wrong with a staging for a site; an empty list means it may be stored. */
export function checkStaging(site: StagingSite | null, staging: TnmStaging): StagingProblem[] {
  const problems: StagingProblem[] = [];
  const { t, n, m, stageGroup, prefix } = staging;
  const anyCategory = t || n || m || stageGroup;
  if (!anyCategory) return problems;
  if (!prefix) problems.push({ field: "prefix", message: "Say whether the staging is clinical (c), pathological (p), post-therapy (yc, yp) or recurrence (r)." });
  if (!site) return problems;
  const check = (field: "t" | "n" | "m", value: string | null, allowed: readonly string[]) => {
    if (value && !allowed.includes(value)) {
      problems.push({ field, kind: "invalid-category", message: `${value} is not a ${field.toUpperCase()} category of AJCC 8th edition ${site} staging.` });
    }
  };
  check("t", t, T_CATEGORIES[site]);
  check("n", n, N_CATEGORIES[site]);
  check("m", m, M_CATEGORIES[site]);
  if (stageGroup && !STAGE_GROUPS[site].includes(stageGroup)) {
    problems.push({ field: "stageGroup", message: `${stageGroup} is not an AJCC 8th edition ${site} stage group.` });
  }
  // Distant metastasis means stage IV at every one of these sites, and stage IV means distant metastasis.
  if (m && stageGroup) {
    const metastatic = m.startsWith("M1");
    const stageFour = stageGroup.startsWith("IV");
    if (metastatic && !stageFour) problems.push({ field: "stageGroup", message: `${m} is distant metastasis: the stage group must be IV, not ${stageGroup}.` });
    if (!metastatic && stageFour) problems.push({ field: "stageGroup", message: `Stage ${stageGroup} needs distant metastasis (M1), but M is ${m}.` });
  }
  // With valid categories and a plausible group: the computed AJCC group, impossible combinations and overrides.
  if (problems.every((p) => p.field === "prefix")) problems.push(...stageGroupProblems(site, staging));
  return problems;
}
