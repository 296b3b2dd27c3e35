/**
 * The outcome dataset, defined once as data: one row per signed decision (the latest signed version of each case's
 * decision), with what the board knew, what it recommended, what was done and what followed.
 *
 * `DATASET_COLUMNS` is the single definition: the README's data dictionary, the CSV header, the Parquet schema and
 * the pseudonymisation all read it. `datasetRow` derives a row from a decision's facts and its current outcomes.
 *
 * Survival, from the day the board discussed the case (day 0):
 * - overall survival: death is the event; otherwise censored at the last follow-up (the latest date of any outcome);
 * - progression-free survival: the first of progression, recurrence, a "progressing" disease status or death is the
 *   event; otherwise censored at the last follow-up;
 * - outcomes dated before day 0 are history, not follow-up: they neither end nor extend a survival time. A death
 *   before day 0 or an event after a recorded loss to follow-up is reported in `data_issue`, never dropped silently.
 */
import type {
  CauseOfDeathName,
  DeviationReasonName,
  DiseaseStatusName,
  OutcomeKindName,
  OutcomeTreatmentName,
} from "./vocabulary";

export type DatasetColumnType = "string" | "integer" | "number" | "boolean";

/**
 * How a column leaves in a pseudonymised export: kept, dropped (direct identifiers and exact dates), or replaced by a
 * coarser value (age in 5-year bands).
 */
export type PseudonymisedAs = "keep" | "drop";

export interface DatasetColumn {
  name: string;
  type: DatasetColumnType;
  /** In words, e.g. "days"; empty when the value has no unit. */
  unit: string;
  meaning: string;
  pseudonymised: PseudonymisedAs;
  /** One of the quasi-identifiers that the k-anonymity check groups by. */
  quasiIdentifier?: true;
}

export const DATASET_COLUMNS = [
  { name: "pseudonym", type: "string", unit: "", meaning: "The patient's stable research pseudonym (never the MRN).", pseudonymised: "keep" },
  { name: "decision_id", type: "string", unit: "", meaning: "Concilium's id of the signed decision.", pseudonymised: "drop" },
  { name: "decision_version", type: "integer", unit: "", meaning: "Version of the decision (2 onwards: corrected after signing).", pseudonymised: "keep" },
  { name: "mrn", type: "string", unit: "", meaning: "Medical record number (identifiable exports only).", pseudonymised: "drop" },
  { name: "family_name", type: "string", unit: "", meaning: "Family name (identifiable exports only).", pseudonymised: "drop" },
  { name: "given_name", type: "string", unit: "", meaning: "Given name (identifiable exports only).", pseudonymised: "drop" },
  { name: "birth_date", type: "string", unit: "ISO date", meaning: "Date of birth (identifiable exports only).", pseudonymised: "drop" },
  { name: "decision_date", type: "string", unit: "ISO date", meaning: "The day the board discussed the case: day 0 of every interval (identifiable exports only).", pseudonymised: "drop" },
  { name: "decision_year", type: "integer", unit: "year", meaning: "Calendar year of the discussion.", pseudonymised: "keep" },
  { name: "decision_quarter", type: "string", unit: "", meaning: "Calendar quarter of the discussion, e.g. 2025-Q3.", pseudonymised: "keep" },
  { name: "board", type: "string", unit: "", meaning: "The board's short name (slug).", pseudonymised: "keep", quasiIdentifier: true },
  { name: "site", type: "string", unit: "", meaning: "ICD-O-3 topography site, three characters (e.g. C34 lung).", pseudonymised: "keep", quasiIdentifier: true },
  { name: "topography_code", type: "string", unit: "", meaning: "ICD-O-3 topography code of the primary cancer (e.g. C34.1).", pseudonymised: "keep" },
  { name: "morphology_code", type: "string", unit: "", meaning: "ICD-O-3 morphology with behaviour (e.g. 8140/3).", pseudonymised: "keep" },
  { name: "tnm_prefix", type: "string", unit: "", meaning: "TNM classification basis: c clinical, p pathological, yc/yp after therapy, r recurrence.", pseudonymised: "keep" },
  { name: "t_category", type: "string", unit: "", meaning: "AJCC 8th edition T category.", pseudonymised: "keep" },
  { name: "n_category", type: "string", unit: "", meaning: "AJCC 8th edition N category.", pseudonymised: "keep" },
  { name: "m_category", type: "string", unit: "", meaning: "AJCC 8th edition M category.", pseudonymised: "keep" },
  { name: "stage_group", type: "string", unit: "", meaning: "AJCC 8th edition stage group (e.g. IIIA).", pseudonymised: "keep", quasiIdentifier: true },
  { name: "histology", type: "string", unit: "", meaning: "Histological type as recorded in the decision.", pseudonymised: "keep" },
  { name: "grade", type: "string", unit: "", meaning: "Histological grade.", pseudonymised: "keep" },
  { name: "biomarkers", type: "string", unit: "", meaning: "Biomarker results as 'marker: value' separated by '; ' (e.g. EGFR: exon 19 deletion).", pseudonymised: "keep" },
  { name: "ecog", type: "integer", unit: "", meaning: "ECOG performance status 0-5 at the decision.", pseudonymised: "keep" },
  { name: "age_at_decision", type: "integer", unit: "years", meaning: "Age in whole years on the day of the discussion (identifiable exports only).", pseudonymised: "drop" },
  { name: "age_band", type: "string", unit: "years", meaning: "Age at the decision in 5-year bands (e.g. 65-69).", pseudonymised: "keep", quasiIdentifier: true },
  { name: "sex", type: "string", unit: "", meaning: "Administrative sex: FEMALE, MALE, OTHER, UNKNOWN.", pseudonymised: "keep", quasiIdentifier: true },
  { name: "intent", type: "string", unit: "", meaning: "Recommended treatment intent: CURATIVE, PALLIATIVE, NONE.", pseudonymised: "keep" },
  { name: "modalities", type: "string", unit: "", meaning: "Recommended modalities separated by ';' (e.g. SURGERY;SYSTEMIC_THERAPY).", pseudonymised: "keep" },
  { name: "trial", type: "boolean", unit: "", meaning: "Whether a clinical trial was recommended.", pseudonymised: "keep" },
  { name: "guideline_concordant", type: "boolean", unit: "", meaning: "Whether the recommendation follows the guideline (empty: not stated).", pseudonymised: "keep" },
  { name: "guideline_deviation_reason", type: "string", unit: "", meaning: "Why the recommendation departs from the guideline.", pseudonymised: "keep" },
  { name: "quorate", type: "boolean", unit: "", meaning: "Whether the meeting met the board's quorum when the decision was recorded.", pseudonymised: "keep" },
  { name: "treatment_given", type: "string", unit: "", meaning: "Treatments actually given, separated by ';' (SURGERY, SYSTEMIC_THERAPY, RADIOTHERAPY, OTHER).", pseudonymised: "keep" },
  { name: "treatment_followed_recommendation", type: "boolean", unit: "", meaning: "Whether the treatment given followed the recommendation (false if any course did not).", pseudonymised: "keep" },
  { name: "treatment_deviation_reasons", type: "string", unit: "", meaning: "Why not, separated by ';' (PATIENT_CHOICE, FITNESS, PROGRESSION, OTHER).", pseudonymised: "keep" },
  { name: "days_to_treatment", type: "integer", unit: "days", meaning: "Days from the discussion to the start of the first treatment given.", pseudonymised: "keep" },
  { name: "os_days", type: "integer", unit: "days", meaning: "Overall survival: days from the discussion to death or the last follow-up.", pseudonymised: "keep" },
  { name: "os_event", type: "boolean", unit: "", meaning: "Overall survival event: true when the patient died (false: censored).", pseudonymised: "keep" },
  { name: "pfs_days", type: "integer", unit: "days", meaning: "Progression-free survival: days from the discussion to progression, recurrence or death, or the last follow-up.", pseudonymised: "keep" },
  { name: "pfs_event", type: "boolean", unit: "", meaning: "Progression-free survival event: true at progression, recurrence or death (false: censored).", pseudonymised: "keep" },
  { name: "last_follow_up_days", type: "integer", unit: "days", meaning: "Days from the discussion to the latest recorded outcome of any kind.", pseudonymised: "keep" },
  { name: "vital_status", type: "string", unit: "", meaning: "ALIVE, DEAD or LOST (lost to follow-up) at the last follow-up.", pseudonymised: "keep" },
  { name: "cause_of_death", type: "string", unit: "", meaning: "CANCER, OTHER or UNKNOWN when the patient died.", pseudonymised: "keep" },
  { name: "latest_disease_status", type: "string", unit: "", meaning: "The latest mCODE CancerDiseaseStatus (NO_EVIDENCE_OF_DISEASE, RESPONDING, STABLE, PROGRESSING, NOT_ASSESSED).", pseudonymised: "keep" },
  { name: "days_referral_to_discussion", type: "integer", unit: "days", meaning: "Days from the referral to the discussion.", pseudonymised: "keep" },
  { name: "data_issue", type: "string", unit: "", meaning: "What is inconsistent in this row's follow-up (e.g. death before the decision); empty when nothing is.", pseudonymised: "keep" },
] as const satisfies readonly DatasetColumn[];

export type DatasetColumnName = (typeof DATASET_COLUMNS)[number]["name"];

type ValueOf<T extends DatasetColumnType> = T extends "string" ? string : T extends "boolean" ? boolean : number;

/** One row of the dataset: every column, null when unknown. */
export type DatasetRow = {
  [C in (typeof DATASET_COLUMNS)[number] as C["name"]]: ValueOf<C["type"]> | null;
};

/** The columns that a pseudonymised export keeps, in order. */
export const PSEUDONYMISED_COLUMNS = DATASET_COLUMNS.filter((c) => c.pseudonymised === "keep");
/** The quasi-identifiers the k-anonymity check groups by. */
export const QUASI_IDENTIFIERS = DATASET_COLUMNS.filter((c) => "quasiIdentifier" in c).map((c) => c.name);

/** What a decision contributes to its row (the loader reads these from the database). */
export interface DecisionFacts {
  decisionId: string;
  decisionVersion: number;
  board: string;
  patient: { pseudonym: string; mrn: string; familyName: string; givenName: string; birthDate: Date; sex: string };
  topographyCode: string | null;
  morphologyCode: string | null;
  tnmPrefix: string | null;
  tCategory: string | null;
  nCategory: string | null;
  mCategory: string | null;
  stageGroup: string | null;
  histology: string;
  grade: string | null;
  biomarkers: readonly { marker: string; value: string }[];
  ecog: number | null;
  intent: string;
  modalities: readonly string[];
  trialIdentifier: string | null;
  guidelineConcordant: boolean | null;
  guidelineDeviationReason: string | null;
  quorate: boolean | null;
  /** The day the board discussed the case: day 0. */
  discussedOn: Date;
  referredOn: Date;
}

/** A current (not superseded, not retracted) outcome of the decision's patient. */
export interface OutcomeFact {
  kind: OutcomeKindName;
  occurredOn: Date;
  treatment: OutcomeTreatmentName | null;
  followedRecommendation: boolean | null;
  deviationReason: DeviationReasonName | null;
  diseaseStatus: DiseaseStatusName | null;
  causeOfDeath: CauseOfDeathName | null;
}

const DAY_MS = 86_400_000;

/** Whole days from a to b, both taken as calendar dates in UTC. */
export function daysBetween(a: Date, b: Date): number {
  const day = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return Math.round((day(b) - day(a)) / DAY_MS);
}

/** Age in whole years on a day. */
export function ageOn(birthDate: Date, on: Date): number {
  let age = on.getUTCFullYear() - birthDate.getUTCFullYear();
  const beforeBirthday =
    on.getUTCMonth() < birthDate.getUTCMonth() || (on.getUTCMonth() === birthDate.getUTCMonth() && on.getUTCDate() < birthDate.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}

/** The 5-year band of an age, e.g. 67 -> "65-69"; 90 and over share one band so that the oldest stay hidden. */
export function ageBand(age: number): string {
  if (age >= 90) return "90+";
  const low = Math.floor(age / 5) * 5;
  return `${low}-${low + 4}`;
}

/** "2025-Q3" for a date. */
export function quarterOf(date: Date): string {
  return `${date.getUTCFullYear()}-Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
}

/** The ICD-O-3 site (three characters) of a topography code: C34.1 -> C34. */
export function siteOf(topographyCode: string | null): string | null {
  return topographyCode ? topographyCode.slice(0, 3).toUpperCase() : null;
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const joined = (values: readonly string[]) => (values.length > 0 ? [...new Set(values)].join(";") : null);

/** The dataset row of one decision and the current outcomes of its patient. */
export function datasetRow(facts: DecisionFacts, outcomes: readonly OutcomeFact[]): DatasetRow {
  const day0 = facts.discussedOn;
  const dayOf = (o: OutcomeFact) => daysBetween(day0, o.occurredOn);
  const issues: string[] = [];

  const after = [...outcomes].filter((o) => dayOf(o) >= 0).sort((a, b) => a.occurredOn.getTime() - b.occurredOn.getTime());
  const deaths = outcomes.filter((o) => o.kind === "DEATH");
  const death = deaths.length > 0 ? deaths.reduce((a, b) => (a.occurredOn <= b.occurredOn ? a : b)) : null;
  if (death && dayOf(death) < 0) issues.push("death recorded before the decision");
  if (deaths.length > 1) issues.push("more than one death recorded");

  const lastFollowUp = after.length > 0 ? dayOf(after[after.length - 1]!) : 0;
  const lost = after.filter((o) => o.kind === "LOST_TO_FOLLOW_UP").at(0);
  if (lost && after.some((o) => o.kind !== "LOST_TO_FOLLOW_UP" && o.occurredOn > lost.occurredOn)) {
    issues.push("an outcome recorded after the patient was lost to follow-up");
  }
  if (death && after.some((o) => o.occurredOn > death.occurredOn)) issues.push("an outcome recorded after death");

  const validDeath = death && dayOf(death) >= 0 ? death : null;
  const progressionEvent = after.find(
    (o) => o.kind === "PROGRESSION" || o.kind === "RECURRENCE" || o.kind === "DEATH" || (o.kind === "DISEASE_STATUS" && o.diseaseStatus === "PROGRESSING"),
  );

  const treatments = after.filter((o) => o.kind === "TREATMENT");
  const followed = treatments.map((o) => o.followedRecommendation).filter((f): f is boolean => f !== null);
  const statuses = after.filter((o) => o.kind === "DISEASE_STATUS" && o.diseaseStatus !== null);

  const age = ageOn(facts.patient.birthDate, day0);
  return {
    pseudonym: facts.patient.pseudonym,
    decision_id: facts.decisionId,
    decision_version: facts.decisionVersion,
    mrn: facts.patient.mrn,
    family_name: facts.patient.familyName,
    given_name: facts.patient.givenName,
    birth_date: isoDate(facts.patient.birthDate),
    decision_date: isoDate(day0),
    decision_year: day0.getUTCFullYear(),
    decision_quarter: quarterOf(day0),
    board: facts.board,
    site: siteOf(facts.topographyCode),
    topography_code: facts.topographyCode,
    morphology_code: facts.morphologyCode,
    tnm_prefix: facts.tnmPrefix,
    t_category: facts.tCategory,
    n_category: facts.nCategory,
    m_category: facts.mCategory,
    stage_group: facts.stageGroup,
    histology: facts.histology || null,
    grade: facts.grade,
    biomarkers: facts.biomarkers.length > 0 ? facts.biomarkers.map((b) => `${b.marker}: ${b.value}`).join("; ") : null,
    ecog: facts.ecog,
    age_at_decision: age,
    age_band: ageBand(age),
    sex: facts.patient.sex,
    intent: facts.intent,
    modalities: joined(facts.modalities),
    trial: facts.modalities.includes("CLINICAL_TRIAL") || facts.trialIdentifier !== null,
    guideline_concordant: facts.guidelineConcordant,
    guideline_deviation_reason: facts.guidelineDeviationReason,
    quorate: facts.quorate,
    treatment_given: joined(treatments.map((o) => o.treatment ?? "OTHER")),
    treatment_followed_recommendation: followed.length === 0 ? null : followed.every(Boolean),
    treatment_deviation_reasons: joined(treatments.flatMap((o) => (o.deviationReason ? [o.deviationReason] : []))),
    days_to_treatment: treatments.length > 0 ? dayOf(treatments[0]!) : null,
    os_days: validDeath ? dayOf(validDeath) : lastFollowUp,
    os_event: validDeath !== null,
    pfs_days: progressionEvent ? dayOf(progressionEvent) : lastFollowUp,
    pfs_event: progressionEvent !== undefined,
    last_follow_up_days: lastFollowUp,
    vital_status: validDeath ? "DEAD" : lost ? "LOST" : "ALIVE",
    cause_of_death: validDeath ? (validDeath.causeOfDeath ?? "UNKNOWN") : null,
    latest_disease_status: statuses.at(-1)?.diseaseStatus ?? null,
    days_referral_to_discussion: daysBetween(facts.referredOn, day0),
    data_issue: issues.length > 0 ? issues.join("; ") : null,
  };
}
