/**
 * TNM categories of the AJCC 8th edition for the sites the demo boards cover, and the checks a decision's
 * staging must pass. Stage-group computation per site comes with the full AJCC tables.
 */
export const TNM_PREFIXES = ["c", "p", "yc", "yp", "r"] as const;
export type TnmPrefixName = (typeof TNM_PREFIXES)[number];

export const STAGING_SITES = ["lung", "breast", "colorectal"] as const;
export type StagingSite = (typeof STAGING_SITES)[number];

export const T_CATEGORIES: Record<StagingSite, readonly string[]> = {
  lung: ["TX", "T0", "Tis", "T1mi", "T1a", "T1b", "T1c", "T2a", "T2b", "T3", "T4"],
  breast: ["TX", "T0", "Tis", "T1mi", "T1a", "T1b", "T1c", "T2", "T3", "T4a", "T4b", "T4c", "T4d"],
  colorectal: ["TX", "T0", "Tis", "T1", "T2", "T3", "T4a", "T4b"],
};

export const N_CATEGORIES: Record<StagingSite, readonly string[]> = {
  lung: ["NX", "N0", "N1", "N2", "N3"],
  breast: ["NX", "N0", "N1mi", "N1", "N1a", "N1b", "N1c", "N2", "N2a", "N2b", "N3", "N3a", "N3b", "N3c"],
  colorectal: ["NX", "N0", "N1a", "N1b", "N1c", "N2a", "N2b"],
};

export const M_CATEGORIES: Record<StagingSite, readonly string[]> = {
  lung: ["M0", "M1a", "M1b", "M1c"],
  breast: ["M0", "M1"],
  colorectal: ["M0", "M1a", "M1b", "M1c"],
};

export const STAGE_GROUPS: Record<StagingSite, readonly string[]> = {
  lung: ["Occult carcinoma", "0", "IA1", "IA2", "IA3", "IB", "IIA", "IIB", "IIIA", "IIIB", "IIIC", "IVA", "IVB"],
  breast: ["0", "IA", "IB", "IIA", "IIB", "IIIA", "IIIB", "IIIC", "IV"],
  colorectal: ["0", "I", "IIA", "IIB", "IIC", "IIIA", "IIIB", "IIIC", "IVA", "IVB", "IVC"],
};

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
}

export interface StagingProblem {
  field: "prefix" | "t" | "n" | "m" | "stageGroup";
  message: string;
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
      problems.push({ field, message: `${value} is not a ${field.toUpperCase()} category of AJCC 8th edition ${site} staging.` });
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
  return problems;
}
