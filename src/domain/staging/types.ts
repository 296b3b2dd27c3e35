/**
 * Shapes of the AJCC 8th edition staging data: the categories a site offers (with what they mean) and its
 * stage-group table, one row per line of the AJCC "When T is ... and N is ... and M is ... then the stage group is"
 * table.
 */

/** A T, N or M category as the decision form offers it: the code and a short clinical meaning. */
export interface CategoryDefinition {
  /** The code without prefix, e.g. "T1a", "N2b", "M1c", "N0(i+)". */
  value: string;
  /** What the category means, short enough for a select, e.g. "≤1 cm". */
  meaning: string;
}

/** "Any T", "Any N": every category of that kind of the site, including TX/NX. */
export const ANY = "any" as const;

/**
 * The categories a table row names. A named category also covers its subcategories (T1 covers T1mi, T1a-c; N2 covers
 * N2a and N2b; M0 covers M0(i+)); when a row names a subcategory itself, that row wins over one naming the parent.
 */
export type CategoryPattern = typeof ANY | readonly string[];

export interface StageGroupRow {
  t: CategoryPattern;
  n: CategoryPattern;
  m: CategoryPattern;
  group: string;
}

export interface SiteStagingData {
  /** How messages name the cancer, e.g. "colorectal cancer". */
  cancerName: string;
  /** The AJCC 8th edition chapter the table comes from. */
  source: string;
  t: readonly CategoryDefinition[];
  n: readonly CategoryDefinition[];
  m: readonly CategoryDefinition[];
  /** Stage groups in ascending order. */
  groups: readonly string[];
  rows: readonly StageGroupRow[];
}
