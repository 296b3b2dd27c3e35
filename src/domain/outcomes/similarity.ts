/**
 * How alike two cases are, for "similar past cases": only cases of the same ICD-O-3 site are compared; closeness is
 * a weighted sum over what a board weighs first when it compares patients:
 *
 * | field          | full weight when                          | half weight when                    |
 * |----------------|-------------------------------------------|-------------------------------------|
 * | stage group    | the same group (3)                        | the same main stage, e.g. IIIA/IIIB |
 * | histology      | the same type (2)                         |                                     |
 * | key biomarkers | each marker with the same result (1, ≤ 2) |                                     |
 * | ECOG           | the same (1)                              | one apart                           |
 * | age            | within 5 years (1)                        | within 10 years                     |
 *
 * The score is the sum divided by the most a pair can reach (9), so 1 means alike on every field. Each field that
 * counted is named in `reasons`, for the screen to say why a case was chosen. Pure: no I/O.
 */
import type { DatasetRow } from "./dataset";

/** What the comparison reads of a row: the dataset's own columns. */
export type SimilarityFields = Pick<DatasetRow, "site" | "stage_group" | "histology" | "biomarkers" | "ecog" | "age_at_decision">;

export interface Similarity {
  /** 0 (nothing in common but the site) to 1 (alike on every field). */
  score: number;
  /** The fields that made it similar, in words, e.g. "stage IIIA", "EGFR Exon 19 deletion". */
  reasons: string[];
}

export const SIMILARITY_WEIGHTS = { stage: 3, histology: 2, biomarkers: 2, ecog: 1, age: 1 } as const;
const MAX_SCORE = Object.values(SIMILARITY_WEIGHTS).reduce((a, b) => a + b, 0);
/** Results that say nothing about the tumour. */
const UNINFORMATIVE = new Set(["Not tested", "Pending", ""]);

/** "EGFR: Exon 19 deletion; PD-L1: >=50%" as a map of informative results. */
export function parseBiomarkers(text: string | null): Map<string, string> {
  const results = new Map<string, string>();
  for (const part of (text ?? "").split(";")) {
    const at = part.indexOf(":");
    if (at < 0) continue;
    const marker = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (marker && !UNINFORMATIVE.has(value)) results.set(marker, value);
  }
  return results;
}

/** The main stage of a stage group: IIIA -> III, IVB -> IV, IA1 -> I. */
export function mainStage(stageGroup: string): string {
  return /^(0|IV|I{1,3})/.exec(stageGroup)?.[1] ?? stageGroup;
}

/** How alike a past case is to the case at hand; null when they are of different sites (never compared). */
export function similarity(target: SimilarityFields, candidate: SimilarityFields): Similarity | null {
  if (!target.site || target.site !== candidate.site) return null;
  let score = 0;
  const reasons: string[] = [];
  if (target.stage_group && candidate.stage_group) {
    if (target.stage_group === candidate.stage_group) {
      score += SIMILARITY_WEIGHTS.stage;
      reasons.push(`stage ${candidate.stage_group}`);
    } else if (mainStage(target.stage_group) === mainStage(candidate.stage_group)) {
      score += SIMILARITY_WEIGHTS.stage / 2;
      reasons.push(`stage ${mainStage(candidate.stage_group)} (${candidate.stage_group})`);
    }
  }
  if (target.histology && candidate.histology && target.histology.toLowerCase() === candidate.histology.toLowerCase()) {
    score += SIMILARITY_WEIGHTS.histology;
    reasons.push(candidate.histology.toLowerCase());
  }
  const mine = parseBiomarkers(target.biomarkers);
  const theirs = parseBiomarkers(candidate.biomarkers);
  let markers = 0;
  for (const [marker, value] of mine) {
    if (markers >= SIMILARITY_WEIGHTS.biomarkers) break;
    if (theirs.get(marker) === value) {
      markers += 1;
      reasons.push(`${marker} ${value}`);
    }
  }
  score += markers;
  if (target.ecog !== null && candidate.ecog !== null) {
    const apart = Math.abs(target.ecog - candidate.ecog);
    if (apart === 0) {
      score += SIMILARITY_WEIGHTS.ecog;
      reasons.push(`ECOG ${candidate.ecog}`);
    } else if (apart === 1) {
      score += SIMILARITY_WEIGHTS.ecog / 2;
      reasons.push(`ECOG ${candidate.ecog} (±1)`);
    }
  }
  if (target.age_at_decision !== null && candidate.age_at_decision !== null) {
    const apart = Math.abs(target.age_at_decision - candidate.age_at_decision);
    if (apart <= 5) {
      score += SIMILARITY_WEIGHTS.age;
      reasons.push(`age within 5 years`);
    } else if (apart <= 10) {
      score += SIMILARITY_WEIGHTS.age / 2;
      reasons.push(`age within 10 years`);
    }
  }
  return { score: Math.round((score / MAX_SCORE) * 1000) / 1000, reasons };
}

/**
 * The `limit` most similar candidates (same site, score above zero), best first; ties go to the more recent
 * decision. Candidates keep their own shape, so callers rank whatever rows they hold.
 */
export function mostSimilar<T extends SimilarityFields & { decision_date?: string | null }>(target: SimilarityFields, candidates: readonly T[], limit: number): (T & Similarity)[] {
  const ranked: (T & Similarity)[] = [];
  for (const c of candidates) {
    const s = similarity(target, c);
    if (s && s.score > 0) ranked.push({ ...c, ...s });
  }
  ranked.sort((a, b) => b.score - a.score || (b.decision_date ?? "").localeCompare(a.decision_date ?? ""));
  return ranked.slice(0, limit);
}
