/** The fields a person records on a board decision (mCODE CarePlan plus staging), as the form and the services share them. */
import type { TnmPrefixName } from "../staging/tnm";
import { valueWithUnit } from "../units/units";
import { type BiomarkerResult, type IntentName, INTENT_LABELS, MODALITY_LABELS, type ModalityName } from "./catalogue";

export interface Dissent {
  userId?: string | null;
  name: string;
  specialty?: string | null;
  opinion: string;
}

export interface MeasurementLine {
  findingId?: string | null;
  label: string;
  value: number;
  unit: string;
}

export interface DecisionContent {
  tnmPrefix: TnmPrefixName | null;
  tCategory: string | null;
  nCategory: string | null;
  mCategory: string | null;
  stageGroup: string | null;
  /** Why the stage group differs from the computed one, or why staging does not apply. */
  stageGroupOverrideReason: string | null;
  histology: string;
  grade: string | null;
  ecog: number | null;
  biomarkers: BiomarkerResult[];
  intent: IntentName;
  modalities: ModalityName[];
  trialIdentifier: string | null;
  sequence: string;
  recommendation: string;
  guidelineConcordant: boolean | null;
  guidelineDeviationReason: string | null;
  rationale: string;
  dissents: Dissent[];
  measurementSummary: MeasurementLine[];
}

/**
 * Staging that does not apply (e.g. a benign lesion, or a diagnostic question): stored as this stage group with the
 * reason in stageGroupOverrideReason and no T, N or M.
 */
export const STAGING_NOT_APPLICABLE = "Not applicable";

export const EMPTY_DECISION: DecisionContent = {
  tnmPrefix: null,
  tCategory: null,
  nCategory: null,
  mCategory: null,
  stageGroup: null,
  stageGroupOverrideReason: null,
  histology: "",
  grade: null,
  ecog: null,
  biomarkers: [],
  intent: "CURATIVE",
  modalities: [],
  trialIdentifier: null,
  sequence: "",
  recommendation: "",
  guidelineConcordant: null,
  guidelineDeviationReason: null,
  rationale: "",
  dissents: [],
  measurementSummary: [],
};

export const DECISION_FIELD_LABELS: Record<keyof DecisionContent, string> = {
  tnmPrefix: "TNM prefix",
  tCategory: "T category",
  nCategory: "N category",
  mCategory: "M category",
  stageGroup: "Stage group",
  stageGroupOverrideReason: "Stage group reason",
  histology: "Histology",
  grade: "Grade",
  ecog: "ECOG",
  biomarkers: "Biomarkers",
  intent: "Intent",
  modalities: "Modalities",
  trialIdentifier: "Trial identifier",
  sequence: "Sequence",
  recommendation: "Recommendation",
  guidelineConcordant: "Follows the guideline",
  guidelineDeviationReason: "Reason for deviating from the guideline",
  rationale: "Rationale",
  dissents: "Dissenting opinions",
  measurementSummary: "Measurements",
};

export const DECISION_FIELDS = Object.keys(DECISION_FIELD_LABELS) as (keyof DecisionContent)[];

/** A field's value as a person reads it in a history or a conflict: "—" for nothing. */
export function formatDecisionField<K extends keyof DecisionContent>(field: K, value: DecisionContent[K]): string {
  const v = value as unknown;
  if (v === null || v === undefined || v === "") return "—";
  switch (field) {
    case "intent":
      return INTENT_LABELS[v as IntentName] ?? String(v);
    case "modalities":
      return (v as ModalityName[]).length ? (v as ModalityName[]).map((m) => MODALITY_LABELS[m] ?? m).join(", ") : "—";
    case "guidelineConcordant":
      return v ? "Yes" : "No";
    case "biomarkers":
      return (v as BiomarkerResult[]).length ? (v as BiomarkerResult[]).map((b) => `${b.marker} ${b.value}`).join("; ") : "—";
    case "dissents":
      return (v as Dissent[]).length ? (v as Dissent[]).map((d) => `${d.name}: ${d.opinion}`).join("; ") : "—";
    case "measurementSummary":
      return (v as MeasurementLine[]).length ? (v as MeasurementLine[]).map((m) => `${m.label} ${valueWithUnit(m.value, m.unit)}`).join("; ") : "—";
    default:
      return String(v);
  }
}

/** The TNM line as clinicians write it, e.g. "cT2aN2M0, stage IIIA". */
export function stagingLine(c: Pick<DecisionContent, "tnmPrefix" | "tCategory" | "nCategory" | "mCategory" | "stageGroup">): string {
  if (c.stageGroup === STAGING_NOT_APPLICABLE) return "Staging not applicable";
  const tnm = c.tCategory || c.nCategory || c.mCategory ? `${c.tnmPrefix ?? ""}${c.tCategory ?? ""}${c.nCategory ?? ""}${c.mCategory ?? ""}` : "";
  return [tnm, c.stageGroup && `stage ${c.stageGroup}`].filter(Boolean).join(", ") || "—";
}

export interface FieldChange {
  field: keyof DecisionContent;
  label: string;
  before: string;
  after: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** What changed between two versions (or two revisions) of a decision, field by field, in form order. */
export function diffDecisions(before: DecisionContent | null, after: DecisionContent): FieldChange[] {
  const base = before ?? EMPTY_DECISION;
  return DECISION_FIELDS.filter((f) => !same(base[f], after[f])).map((field) => ({
    field,
    label: DECISION_FIELD_LABELS[field],
    before: formatDecisionField(field, base[field]),
    after: formatDecisionField(field, after[field]),
  }));
}

/** What still holds from the patient's last signed decision, for a new decision to start from. */
export function prefillFromSigned(last: DecisionContent): DecisionContent {
  return {
    ...EMPTY_DECISION,
    tnmPrefix: last.tnmPrefix,
    tCategory: last.tCategory,
    nCategory: last.nCategory,
    mCategory: last.mCategory,
    stageGroup: last.stageGroup,
    stageGroupOverrideReason: last.stageGroupOverrideReason,
    histology: last.histology,
    grade: last.grade,
    biomarkers: last.biomarkers,
    ecog: last.ecog,
  };
}

/** The fields pre-fill copies: the form marks them "from <date> decision, check". */
export const PREFILLED_FIELDS: readonly (keyof DecisionContent)[] = ["tnmPrefix", "tCategory", "nCategory", "mCategory", "stageGroup", "histology", "grade", "biomarkers", "ecog"];
