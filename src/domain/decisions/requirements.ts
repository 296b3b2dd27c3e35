/** What a decision must hold before the chair can sign it, and what staging a draft may hold at all. */
import { checkStaging, type StagingProblem, type StagingSite } from "../staging/tnm";
import { checkBiomarkers } from "./catalogue";
import { type DecisionContent, STAGING_NOT_APPLICABLE } from "./content";

export type DecisionField = keyof DecisionContent;

export interface DecisionProblem {
  field: DecisionField;
  message: string;
}

const STAGING_FIELD: Record<StagingProblem["field"], DecisionField> = {
  prefix: "tnmPrefix",
  t: "tCategory",
  n: "nCategory",
  m: "mCategory",
  stageGroup: "stageGroup",
};

/** ClinicalTrials.gov, EU CT (CTIS) and EudraCT numbers. */
const TRIAL_ID = /^(NCT\d{8}|\d{4}-5\d{5}-\d{2}-\d{2}|\d{4}-\d{6}-\d{2})$/i;

/**
 * Problems that stop a draft from being stored: impossible staging, unknown biomarker values, a trial identifier
 * without a trial, an ECOG outside 0-5. A draft may still be incomplete.
 */
export function checkDecisionDraft(site: StagingSite | null, c: DecisionContent): DecisionProblem[] {
  const problems: DecisionProblem[] = [];
  if (c.stageGroup === STAGING_NOT_APPLICABLE) {
    if (c.tCategory || c.nCategory || c.mCategory) {
      problems.push({ field: "stageGroup", message: "Staging marked not applicable cannot also have T, N or M categories." });
    }
  } else {
    for (const p of checkStaging(site, { prefix: c.tnmPrefix, t: c.tCategory, n: c.nCategory, m: c.mCategory, stageGroup: c.stageGroup, stageGroupOverrideReason: c.stageGroupOverrideReason })) {
      problems.push({ field: STAGING_FIELD[p.field], message: p.message });
    }
  }
  for (const p of checkBiomarkers(site, c.biomarkers)) problems.push({ field: "biomarkers", message: p.message });
  if (c.trialIdentifier && !TRIAL_ID.test(c.trialIdentifier.trim())) {
    problems.push({ field: "trialIdentifier", message: "A trial identifier looks like NCT01234567 (ClinicalTrials.gov), 2023-501234-12-00 (EU CT) or 2015-001234-56 (EudraCT)." });
  }
  if (c.ecog !== null && (!Number.isInteger(c.ecog) || c.ecog < 0 || c.ecog > 5)) problems.push({ field: "ecog", message: "ECOG is a whole number from 0 to 5." });
  if (c.intent === "NONE" && c.modalities.some((m) => m !== "BEST_SUPPORTIVE_CARE" && m !== "ACTIVE_SURVEILLANCE" && m !== "FURTHER_DIAGNOSTICS")) {
    problems.push({ field: "modalities", message: "With no anticancer treatment intended, only best supportive care, active surveillance or further diagnostics can be recommended." });
  }
  return problems;
}

/** Everything missing before signing, each with the field it concerns; empty means the chair may sign. */
export function missingForSigning(site: StagingSite | null, c: DecisionContent): DecisionProblem[] {
  const missing: DecisionProblem[] = [];
  const text = (v: string | null) => (v ?? "").trim().length > 0;
  if (c.stageGroup === STAGING_NOT_APPLICABLE) {
    if (!text(c.stageGroupOverrideReason)) missing.push({ field: "stageGroupOverrideReason", message: "the reason staging does not apply" });
  } else {
    if (!c.tnmPrefix) missing.push({ field: "tnmPrefix", message: "the TNM prefix" });
    if (!c.tCategory) missing.push({ field: "tCategory", message: "the T category" });
    if (!c.nCategory) missing.push({ field: "nCategory", message: "the N category" });
    if (!c.mCategory) missing.push({ field: "mCategory", message: "the M category" });
    if (site && !c.stageGroup) missing.push({ field: "stageGroup", message: "the stage group" });
  }
  if (!text(c.histology)) missing.push({ field: "histology", message: "the histology" });
  if (c.intent !== "NONE" && c.modalities.length === 0) missing.push({ field: "modalities", message: "at least one modality" });
  if (c.modalities.includes("CLINICAL_TRIAL") && !text(c.trialIdentifier)) missing.push({ field: "trialIdentifier", message: "the clinical trial's identifier" });
  if (!text(c.recommendation)) missing.push({ field: "recommendation", message: "the recommendation" });
  if (!text(c.rationale)) missing.push({ field: "rationale", message: "the rationale" });
  if (c.guidelineConcordant === false && !text(c.guidelineDeviationReason)) {
    missing.push({ field: "guidelineDeviationReason", message: "the reason for deviating from the guideline" });
  }
  return missing;
}

/** One sentence listing everything missing, e.g. "To sign, add: the histology, the rationale." */
export function signingMessage(missing: readonly DecisionProblem[]): string {
  return `To sign this decision, add: ${missing.map((m) => m.message).join(", ")}.`;
}
