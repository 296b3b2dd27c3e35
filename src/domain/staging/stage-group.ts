/**
 * AJCC 8th edition stage groups computed from T, N and M, from the per-site tables in ajcc8-*.ts.
 *
 * Prefixes: clinical (c), pathological (p), post-therapy (yc, yp) and recurrence (r) staging all use the same
 * anatomic table of a site, so the prefix plays no part in the computation; M1 is stage IV whatever the prefix.
 *
 * How a staging is grouped:
 * 1. T, N and M must all be given and be categories of the site.
 * 2. With distant metastasis (M1...) the "Any T Any N M1" rows apply.
 * 3. Tis with nodal disease is impossible (in situ carcinoma does not metastasise); T0 N0 M0 means no tumour.
 * 4. The row that matches most specifically wins: a row naming N1mi beats one naming N1 (breast note 2); a
 *    subcategory falls under a row naming its parent (T1b under T1, N2a under N2, M0(i+) under M0).
 * 5. A parent category given without subcategory (lung T1, colorectal N2) yields a group only when all its
 *    subcategories lead to the same group; otherwise the clinician is asked for the subcategory.
 * 6. Anything else the table has no row for is reported: unknown (TX, NX) or not a valid combination.
 */
import { AJCC8_BREAST_ANATOMIC } from "./ajcc8-breast-anatomic";
import { AJCC8_COLORECTAL } from "./ajcc8-colorectal";
import { AJCC8_LUNG } from "./ajcc8-lung";
import type { StagingProblem, StagingSite, TnmPrefixName, TnmStaging } from "./tnm";
import { ANY, type CategoryPattern, type SiteStagingData } from "./types";

export const STAGING_DATA: Record<StagingSite, SiteStagingData> = {
  lung: AJCC8_LUNG,
  breast: AJCC8_BREAST_ANATOMIC,
  colorectal: AJCC8_COLORECTAL,
};

/** The category a subcategory belongs to: T1a -> T1, N2b -> N2, M1c -> M1, N1mi -> N1, M0(i+) -> M0; else null. */
export function parentCategory(category: string): string | null {
  const match = /^([TNM][0-4])(?:mi|[a-d]|\((?:i\+|mol\+)\))$/.exec(category);
  return match ? match[1]! : null;
}

type Axis = "t" | "n" | "m";
const AXES: readonly Axis[] = ["t", "n", "m"];

/** How well a pattern covers a category: 2 named, 1 through its parent, 0 any, -1 not at all. */
function coverage(pattern: CategoryPattern, category: string): number {
  if (pattern === ANY) return 0;
  if (pattern.includes(category)) return 2;
  const parent = parentCategory(category);
  return parent && pattern.includes(parent) ? 1 : -1;
}

/** The group of the most specific row covering t, n and m, or null when no row does. */
function lookUp(data: SiteStagingData, tnm: Record<Axis, string>): string | null {
  let best = -1;
  let groups = new Set<string>();
  for (const row of data.rows) {
    const scores = AXES.map((axis) => coverage(row[axis], tnm[axis]));
    if (scores.some((s) => s < 0)) continue;
    const score = scores.reduce((a, b) => a + b, 0);
    if (score > best) {
      best = score;
      groups = new Set([row.group]);
    } else if (score === best) {
      groups.add(row.group);
    }
  }
  if (groups.size > 1) throw new Error(`Stage-group table of ${data.cancerName} is ambiguous for ${label(tnm)}.`);
  return groups.size === 1 ? [...groups][0]! : null;
}

function label(tnm: Record<Axis, string>): string {
  return `${tnm.t} ${tnm.n} ${tnm.m}`;
}

function subcategories(data: SiteStagingData, axis: Axis, category: string): string[] {
  return data[axis].map((c) => c.value).filter((value) => parentCategory(value) === category);
}

const isFamily = (category: string, base: string) => category === base || parentCategory(category) === base;

export interface StageGroupResult {
  stageGroup: string | null;
  problems: StagingProblem[];
}

/** Impossible combinations and categories the table cannot group: never fixed by an override reason. */
const IMPOSSIBLE_KINDS = new Set(["in-situ-with-nodes", "not-in-table"]);

/**
 * The AJCC 8th edition stage group of a staging, or null with the problems that prevent it (missing or unknown
 * categories, a subcategory needed, an impossible combination). `prefix` is accepted and ignored: every prefix
 * uses the same table.
 */
export function computeStageGroup(
  site: StagingSite,
  staging: { t: string | null; n: string | null; m: string | null; prefix?: TnmPrefixName | null },
): StageGroupResult {
  const data = STAGING_DATA[site];
  const problems: StagingProblem[] = [];
  const names: Record<Axis, string> = { t: "T", n: "N", m: "M" };
  for (const axis of AXES) {
    const value = staging[axis];
    if (!value) {
      problems.push({ field: axis, kind: "missing", message: `The ${names[axis]} category is missing: the stage group needs T, N and M.` });
    } else if (!data[axis].some((c) => c.value === value)) {
      problems.push({ field: axis, kind: "invalid-category", message: `${value} is not a ${names[axis]} category of AJCC 8th edition ${site} staging.` });
    }
  }
  if (problems.length > 0) return { stageGroup: null, problems };
  const tnm = { t: staging.t!, n: staging.n!, m: staging.m! };
  const where = `for ${data.cancerName} (AJCC 8th)`;
  const fail = (problem: StagingProblem): StageGroupResult => ({ stageGroup: null, problems: [problem] });

  if (!isFamily(tnm.m, "M1")) {
    const nodal = tnm.n !== "NX" && !isFamily(tnm.n, "N0");
    if (tnm.t === "Tis" && nodal) {
      return fail({
        field: "n",
        kind: "in-situ-with-nodes",
        message: `Tis with ${tnm.n} is not a valid combination ${where}: carcinoma in situ does not spread to lymph nodes. With nodal metastasis the tumour is invasive: re-assess T.`,
      });
    }
    if (tnm.t === "T0" && isFamily(tnm.n, "N0")) {
      return fail({
        field: "t",
        kind: "no-tumour",
        message: `T0 ${tnm.n} ${tnm.m} means no evidence of tumour: AJCC 8th assigns no stage group (after neoadjuvant therapy, ypT0 ypN0 is a complete pathological response).`,
      });
    }
  }

  const direct = lookUp(data, tnm);
  if (direct) return { stageGroup: direct, problems: [] };

  // A parent category without subcategory: try each subcategory.
  const options: Record<Axis, string[]> = {
    t: subcategories(data, "t", tnm.t),
    n: subcategories(data, "n", tnm.n),
    m: subcategories(data, "m", tnm.m),
  };
  const expanded = AXES.filter((axis) => options[axis].length > 0);
  if (expanded.length > 0) {
    const results: { tnm: Record<Axis, string>; group: string }[] = [];
    for (const t of options.t.length ? options.t : [tnm.t])
      for (const n of options.n.length ? options.n : [tnm.n])
        for (const m of options.m.length ? options.m : [tnm.m]) {
          const group = lookUp(data, { t, n, m });
          if (group) results.push({ tnm: { t, n, m }, group });
        }
    const groups = [...new Set(results.map((r) => r.group))];
    if (groups.length === 1) return { stageGroup: groups[0]!, problems: [] };
    if (groups.length > 1) {
      // The axes whose subcategory changes the group.
      const deciding = expanded.filter((axis) =>
        results.some((a) => results.some((b) => a.group !== b.group && AXES.every((x) => x === axis || a.tnm[x] === b.tnm[x]))),
      );
      const ask = deciding.map((axis) => `${tnm[axis]} (${options[axis].join(", ")})`).join(" and ");
      return fail({
        field: deciding[0] ?? expanded[0]!,
        kind: "subcategory-needed",
        message: `The stage group of ${label(tnm)} depends on the subcategory (${groups.join(" or ")}) ${where}: choose the subcategory of ${ask}.`,
      });
    }
  }

  if (tnm.t === "TX" || tnm.n === "NX") {
    const axis = tnm.t === "TX" ? "t" : "n";
    const what = axis === "t" ? "TX: the primary tumour cannot be assessed" : "NX: the regional lymph nodes cannot be assessed";
    return fail({ field: axis, kind: "unknown-category", message: `${what}, so AJCC 8th assigns ${label(tnm)} no ${data.cancerName} stage group.` });
  }
  return fail({
    field: "t",
    kind: "not-in-table",
    message: `${tnm.t} with ${tnm.n} is not a valid combination ${where}: the stage-group table has no row for ${label(tnm)}.`,
  });
}

/** At least this many words explain a stage group set by hand. */
export const OVERRIDE_REASON_MIN_WORDS = 3;

export function isSufficientOverrideReason(reason: string | null | undefined): boolean {
  const words = (reason ?? "").trim().split(/\s+/).filter((w) => /\p{L}/u.test(w));
  return words.length >= OVERRIDE_REASON_MIN_WORDS;
}

/**
 * What to store for a staging: the computed group, the group to store (the given one, else the computed one), and
 * whether the given group overrides the computed one (then stageGroupOverrideReason must be stored with it).
 */
export function resolveStageGroup(
  site: StagingSite | null,
  staging: Pick<TnmStaging, "t" | "n" | "m" | "stageGroup">,
): { computed: string | null; stageGroup: string | null; overridden: boolean } {
  const computed = site ? computeStageGroup(site, staging).stageGroup : null;
  const stageGroup = staging.stageGroup ?? computed;
  return { computed, stageGroup, overridden: staging.stageGroup != null && staging.stageGroup !== computed };
}

/**
 * The stage-group problems of a staging whose categories are valid for the site (checkStaging calls this):
 * impossible combinations always; a given group that differs from the computed one, or that cannot be computed,
 * unless an override reason of at least three words comes with it.
 */
export function stageGroupProblems(site: StagingSite, staging: TnmStaging): StagingProblem[] {
  const { t, n, m, stageGroup } = staging;
  const reasoned = isSufficientOverrideReason(staging.stageGroupOverrideReason);
  const reasonHint = `give a reason of at least ${OVERRIDE_REASON_MIN_WORDS} words for setting it by hand`;
  if (!t || !n || !m) {
    if (!stageGroup || reasoned) return [];
    return [{ field: "stageGroup", kind: "override-reason", message: `Stage ${stageGroup} cannot be computed without T, N and M: give all three, or ${reasonHint}.` }];
  }
  const result = computeStageGroup(site, { t, n, m });
  const impossible = result.problems.filter((p) => p.kind && IMPOSSIBLE_KINDS.has(p.kind));
  if (impossible.length > 0) return impossible;
  if (!stageGroup || reasoned) return [];
  if (result.stageGroup) {
    if (result.stageGroup === stageGroup) return [];
    return [{
      field: "stageGroup",
      kind: "differs-from-computed",
      message: `The AJCC 8th edition stage group of ${t} ${n} ${m} is ${result.stageGroup}, not ${stageGroup}: choose ${result.stageGroup}, or ${reasonHint}.`,
    }];
  }
  return [
    ...result.problems,
    { field: "stageGroup", kind: "override-reason", message: `No stage group can be computed from ${t} ${n} ${m}: to set stage ${stageGroup}, ${reasonHint}.` },
  ];
}

export interface StagingOption {
  value: string;
  label: string;
}

export interface StagingFormOptions {
  prefixes: StagingOption[];
  t: StagingOption[];
  n: StagingOption[];
  m: StagingOption[];
  stageGroups: StagingOption[];
}

const PREFIX_LABELS: Record<TnmPrefixName, string> = {
  c: "c (clinical)",
  p: "p (pathological)",
  yc: "yc (clinical, after neoadjuvant therapy)",
  yp: "yp (pathological, after neoadjuvant therapy)",
  r: "r (recurrence)",
};

/** The ordered options of the staging form of a site, with human labels, e.g. { value: "T1a", label: "T1a (≤1 cm)" }. */
export function stagingFormOptions(site: StagingSite): StagingFormOptions {
  const data = STAGING_DATA[site];
  const categories = (list: SiteStagingData["t"]) => list.map((c) => ({ value: c.value, label: `${c.value} (${c.meaning})` }));
  return {
    prefixes: (Object.keys(PREFIX_LABELS) as TnmPrefixName[]).map((value) => ({ value, label: PREFIX_LABELS[value] })),
    t: categories(data.t),
    n: categories(data.n),
    m: categories(data.m),
    stageGroups: data.groups.map((group) => ({ value: group, label: group === "Occult carcinoma" ? group : `Stage ${group}` })),
  };
}
