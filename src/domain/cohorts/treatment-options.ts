/**
 * The treatment options a board weighs, as its past decisions used them: the recommended intent with the treating
 * modalities (surgery, systemic therapy, radiotherapy...). Diagnostics and a trial are not treatments of their own.
 * An option is estimated only when the board has enough patients who were recommended it.
 */
import { INTENT_LABELS, type IntentName, MODALITY_LABELS, type ModalityName } from "@/domain/decisions/catalogue";
import type { AnalysisRow } from "./cohort";

const NOT_A_TREATMENT: readonly string[] = ["FURTHER_DIAGNOSTICS", "CLINICAL_TRIAL"];
/** An option needs this many patients of the board to be estimated. */
export const MIN_OPTION_PATIENTS = 10;
/** Estimates are given at 1, 2 and 5 years. */
export const ESTIMATE_YEARS = [1, 2, 5] as const;
export const DAYS_PER_YEAR = 365.25;

export interface TreatmentOption {
  key: string;
  label: string;
  /** Lower case, for a sentence: "who were recommended surgery". */
  phrase: string;
}

/** The option of a row, or null when it names no intent or no treating modality. */
export function optionOf(row: Pick<AnalysisRow, "intent" | "modalities">): TreatmentOption | null {
  if (!row.intent) return null;
  const modalities = (row.modalities?.split(";") ?? []).filter((m) => m && !NOT_A_TREATMENT.includes(m)).sort();
  if (modalities.length === 0) return null;
  const names = modalities.map((m) => MODALITY_LABELS[m as ModalityName] ?? m);
  const intent = INTENT_LABELS[row.intent as IntentName] ?? row.intent;
  const treatment = names.join(" + ");
  return { key: `${row.intent}|${modalities.join(";")}`, label: `${treatment} (${intent.toLowerCase()})`, phrase: `${treatment.toLowerCase()} with ${intent.toLowerCase()} intent` };
}

const percent = (p: number) => `${Math.round(p * 100)}%`;

/** "of 142 comparable patients who were recommended surgery, 64% (55-72%) were alive at 2 years" */
export function estimateSentence(option: { phrase: string; patients: number }, estimate: { years: number; survival: number; lower: number; upper: number }): string {
  return `Of ${option.patients} comparable patients who were recommended ${option.phrase}, ${percent(estimate.survival)} (${Math.round(estimate.lower * 100)}-${percent(estimate.upper)}) were alive at ${estimate.years} year${estimate.years === 1 ? "" : "s"} (estimated for this patient's stage, age, sex and ECOG).`;
}

export const OBSERVATIONAL_CAVEAT =
  "Observational estimate from this board's own past patients, adjusted for stage, age, sex and ECOG. It does not account for why patients were treated differently, and it is not a recommendation.";
