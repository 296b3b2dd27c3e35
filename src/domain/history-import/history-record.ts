/**
 * A registry's past case as Concilium imports it: the patient, the diagnosis, the board's signed decision and what
 * followed. Both import formats (the CSV of HISTORY_COLUMNS, one row per case, and FHIR mCODE Bundles) are turned
 * into HistoryRecords and checked here, so that both refuse the same bad input with the same words.
 *
 * The CSV is "wide": one row per case-decision, the outcomes in fixed columns, because that is how a registry clerk
 * fills a spreadsheet. Each outcome column group becomes one Outcome with a stable external id derived from the
 * case's external id (e.g. "<case>/treatment/SURGERY"), so that a re-import finds it again.
 */
import { INTENTS, MODALITIES, type IntentName, type ModalityName } from "../decisions/catalogue";
import { normalizeName } from "../patient-matching/match-patient";
import { checkStaging, stagingSiteOf, TNM_PREFIXES, type TnmPrefixName } from "../staging/tnm";
import {
  CAUSES_OF_DEATH,
  DEVIATION_REASONS,
  DISEASE_STATUS_EVIDENCE,
  DISEASE_STATUSES,
  OUTCOME_TREATMENTS,
  type OutcomeRecord,
} from "../outcomes/vocabulary";

export const SEXES = ["FEMALE", "MALE", "OTHER", "UNKNOWN"] as const;
export type SexName = (typeof SEXES)[number];

export interface HistoryOutcome extends OutcomeRecord {
  /** Stable within the case: "<case external id>/<kind>[/<treatment>]" for CSV rows, the resource's identifier for FHIR. */
  externalId: string;
}

export interface HistoryRecord {
  caseExternalId: string;
  patient: { mrn: string; familyName: string; givenName: string; birthDate: Date; sex: SexName };
  condition: { topographyCode: string; topographyDisplay: string; morphologyCode: string; morphologyDisplay: string; diagnosisDate: Date | null };
  referredOn: Date;
  /** The day (or instant) of the discussion: the decision's day 0. */
  discussedOn: Date;
  /** When the decision was signed (default: the discussion). */
  signedAt?: Date;
  decision: {
    tnmPrefix: TnmPrefixName | null;
    tCategory: string | null;
    nCategory: string | null;
    mCategory: string | null;
    stageGroup: string | null;
    histology: string;
    grade: string | null;
    ecog: number | null;
    biomarkers: { marker: string; value: string; method?: string }[];
    intent: IntentName;
    modalities: ModalityName[];
    trialIdentifier: string | null;
    recommendation: string;
    guidelineConcordant: boolean | null;
    guidelineDeviationReason: string | null;
    sequence?: string;
    rationale?: string;
  };
  outcomes: HistoryOutcome[];
}

/** One column of the CSV: its header, whether a row must fill it, and what goes in it (the README's table). */
export interface HistoryColumn {
  name: string;
  required: boolean;
  meaning: string;
}

export const HISTORY_COLUMNS = [
  { name: "case_external_id", required: true, meaning: "The registry's id of the case; a re-import with the same id updates the case instead of adding one." },
  { name: "mrn", required: true, meaning: "The patient's medical record number." },
  { name: "family_name", required: true, meaning: "Family name." },
  { name: "given_name", required: true, meaning: "Given name." },
  { name: "birth_date", required: true, meaning: "Date of birth, YYYY-MM-DD." },
  { name: "sex", required: true, meaning: "FEMALE, MALE, OTHER or UNKNOWN." },
  { name: "topography_code", required: true, meaning: "ICD-O-3 topography of the primary, e.g. C34.1." },
  { name: "topography_display", required: false, meaning: "Its words, e.g. Upper lobe, lung (default: the code)." },
  { name: "morphology_code", required: true, meaning: "ICD-O-3 morphology with behaviour, e.g. 8140/3." },
  { name: "morphology_display", required: false, meaning: "Its words, e.g. Adenocarcinoma, NOS (default: the code)." },
  { name: "diagnosis_date", required: false, meaning: "Date of diagnosis, YYYY-MM-DD." },
  { name: "referral_date", required: true, meaning: "When the case was referred to the board, YYYY-MM-DD." },
  { name: "discussion_date", required: true, meaning: "When the board discussed it and decided (day 0 of the dataset), YYYY-MM-DD." },
  { name: "tnm_prefix", required: false, meaning: "c, p, yc, yp or r (needed when a category is given)." },
  { name: "t_category", required: false, meaning: "AJCC 8th edition T category without prefix, e.g. T2a." },
  { name: "n_category", required: false, meaning: "N category, e.g. N2." },
  { name: "m_category", required: false, meaning: "M category, e.g. M0." },
  { name: "stage_group", required: false, meaning: "AJCC 8th edition stage group, e.g. IIIA (checked against T, N and M)." },
  { name: "histology", required: false, meaning: "Histological type in words." },
  { name: "grade", required: false, meaning: "Histological grade." },
  { name: "ecog", required: false, meaning: "ECOG performance status 0-5 at the decision." },
  { name: "biomarkers", required: false, meaning: "'marker: value' separated by ';', e.g. EGFR: exon 19 deletion; PD-L1: TPS 60%." },
  { name: "intent", required: true, meaning: "Recommended intent: CURATIVE, PALLIATIVE or NONE." },
  { name: "modalities", required: true, meaning: "Recommended modalities separated by ';': " + MODALITIES.join(", ") + "." },
  { name: "trial_identifier", required: false, meaning: "NCT or EU CT number when a trial was recommended." },
  { name: "recommendation", required: true, meaning: "The board's recommendation in words." },
  { name: "guideline_concordant", required: false, meaning: "yes or no (empty: not stated)." },
  { name: "guideline_deviation_reason", required: false, meaning: "Why the recommendation departs from the guideline." },
  { name: "treatment_given", required: false, meaning: "Treatments given, separated by ';': SURGERY, SYSTEMIC_THERAPY, RADIOTHERAPY, OTHER." },
  { name: "treatment_start_date", required: false, meaning: "When the (first) treatment started, YYYY-MM-DD (needed with treatment_given)." },
  { name: "treatment_end_date", required: false, meaning: "When it ended, YYYY-MM-DD." },
  { name: "treatment_followed_recommendation", required: false, meaning: "yes or no." },
  { name: "treatment_deviation_reason", required: false, meaning: "When not followed: PATIENT_CHOICE, FITNESS, PROGRESSION or OTHER." },
  { name: "disease_status", required: false, meaning: "Latest status: " + DISEASE_STATUSES.join(", ") + "." },
  { name: "disease_status_date", required: false, meaning: "Its date, YYYY-MM-DD (needed with disease_status)." },
  { name: "disease_status_evidence", required: false, meaning: "IMAGING, PATHOLOGY, CLINICAL separated by ';'." },
  { name: "progression_date", required: false, meaning: "Date of progression, YYYY-MM-DD." },
  { name: "recurrence_date", required: false, meaning: "Date of recurrence, YYYY-MM-DD." },
  { name: "vital_status", required: false, meaning: "ALIVE (at last contact), DEAD or LOST (to follow-up)." },
  { name: "vital_status_date", required: false, meaning: "Last contact, death or loss, YYYY-MM-DD (needed with vital_status)." },
  { name: "cause_of_death", required: false, meaning: "CANCER, OTHER or UNKNOWN (with DEAD)." },
] as const satisfies readonly HistoryColumn[];

export type HistoryColumnName = (typeof HISTORY_COLUMNS)[number]["name"];
const COLUMN_NAMES = new Set<string>(HISTORY_COLUMNS.map((c) => c.name));

/** What is wrong with a header row; an empty list means the rows can be read. */
export function headerProblems(header: readonly string[]): string[] {
  const problems: string[] = [];
  const unknown = header.filter((h) => !COLUMN_NAMES.has(h));
  if (unknown.length) problems.push(`Unknown column${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. The columns are listed in the README (Import history).`);
  const missing = HISTORY_COLUMNS.filter((c) => c.required && !header.includes(c.name)).map((c) => c.name);
  if (missing.length) problems.push(`Missing column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}.`);
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) problems.push(`The column ${h} appears twice.`);
    seen.add(h);
  }
  return problems;
}

export const TOPOGRAPHY_PATTERN = /^C\d{2}(\.\d)?$/;
export const MORPHOLOGY_PATTERN = /^\d{4}\/\d$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export type RowResult = { ok: true; record: HistoryRecord } | { ok: false; errors: string[] };

/** A date of YYYY-MM-DD as midnight UTC, or null when the text is not a real calendar date. */
export function parseIsoDate(text: string): Date | null {
  if (!ISO_DATE.test(text)) return null;
  const date = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text ? null : date;
}

/**
 * One CSV row (header name -> cell) as a HistoryRecord, or every problem of the row in words. `today` is the
 * calendar day (UTC) after which no date may lie.
 */
export function readHistoryRow(cells: Readonly<Record<string, string | undefined>>, today: Date): RowResult {
  const errors: string[] = [];
  const text = (name: HistoryColumnName) => (cells[name] ?? "").trim();
  const required = (name: HistoryColumnName) => {
    const value = text(name);
    if (!value) errors.push(`${name} is empty.`);
    return value;
  };
  const date = (name: HistoryColumnName, mandatory: boolean): Date | null => {
    const value = mandatory ? required(name) : text(name);
    if (!value) return null;
    const parsed = parseIsoDate(value);
    if (!parsed) {
      errors.push(`${name} "${value}" is not a date as YYYY-MM-DD.`);
      return null;
    }
    if (parsed.getTime() > today.getTime()) errors.push(`${name} ${value} is in the future.`);
    return parsed;
  };
  const oneOf = <T extends string>(name: HistoryColumnName, allowed: readonly T[], mandatory: boolean): T | null => {
    const value = (mandatory ? required(name) : text(name)).toUpperCase();
    if (!value) return null;
    if (!(allowed as readonly string[]).includes(value)) {
      errors.push(`${name} "${text(name)}" is not one of ${allowed.join(", ")}.`);
      return null;
    }
    return value as T;
  };
  const listOf = <T extends string>(name: HistoryColumnName, allowed: readonly T[]): T[] => {
    const values = text(name).split(";").map((v) => v.trim().toUpperCase()).filter(Boolean);
    const unknown = values.filter((v) => !(allowed as readonly string[]).includes(v));
    if (unknown.length) errors.push(`${name}: ${unknown.join(", ")} ${unknown.length > 1 ? "are" : "is"} not one of ${allowed.join(", ")}.`);
    return [...new Set(values.filter((v) => !unknown.includes(v)))] as T[];
  };
  const yesNo = (name: HistoryColumnName): boolean | null => {
    const value = text(name).toLowerCase();
    if (!value) return null;
    if (["yes", "y", "true", "1"].includes(value)) return true;
    if (["no", "n", "false", "0"].includes(value)) return false;
    errors.push(`${name} "${text(name)}" must be yes or no.`);
    return null;
  };

  const caseExternalId = required("case_external_id");
  if (caseExternalId.length > 100) errors.push("case_external_id is longer than 100 characters.");
  const mrn = required("mrn");
  const familyName = required("family_name");
  const givenName = required("given_name");
  const birthDate = date("birth_date", true);
  const sex = oneOf("sex", SEXES, true);

  const topographyCode = required("topography_code").toUpperCase();
  if (topographyCode && !TOPOGRAPHY_PATTERN.test(topographyCode)) errors.push(`topography_code "${topographyCode}" is not an ICD-O-3 topography code such as C34.1.`);
  const morphologyCode = required("morphology_code");
  if (morphologyCode && !MORPHOLOGY_PATTERN.test(morphologyCode)) errors.push(`morphology_code "${morphologyCode}" is not an ICD-O-3 morphology code such as 8140/3.`);
  const diagnosisDate = date("diagnosis_date", false);
  const referredOn = date("referral_date", true);
  const discussedOn = date("discussion_date", true);
  if (referredOn && discussedOn && referredOn > discussedOn) errors.push("referral_date is after discussion_date.");
  if (birthDate && referredOn && birthDate > referredOn) errors.push("birth_date is after referral_date.");

  const tnmPrefix = text("tnm_prefix") ? (TNM_PREFIXES as readonly string[]).includes(text("tnm_prefix")) ? (text("tnm_prefix") as TnmPrefixName) : null : null;
  if (text("tnm_prefix") && !tnmPrefix) errors.push(`tnm_prefix "${text("tnm_prefix")}" is not one of ${TNM_PREFIXES.join(", ")}.`);
  const strip = (v: string) => v.replace(/^(yc|yp|c|p|r)(?=[TNM])/, "");
  const staging = {
    prefix: tnmPrefix,
    t: strip(text("t_category")) || null,
    n: strip(text("n_category")) || null,
    m: strip(text("m_category")) || null,
    stageGroup: text("stage_group").toUpperCase() || null,
  };
  if (TOPOGRAPHY_PATTERN.test(topographyCode)) {
    // A registry's stage group is a historical fact; only what AJCC 8th edition cannot have is refused.
    const problems = checkStaging(stagingSiteOf(topographyCode), staging).filter((p) => p.kind !== "override-reason" && p.kind !== "differs-from-computed");
    errors.push(...problems.map((p) => p.message));
  }

  const ecogText = text("ecog");
  const ecog = ecogText ? Number(ecogText) : null;
  if (ecogText && !(Number.isInteger(ecog) && ecog! >= 0 && ecog! <= 5)) errors.push(`ecog "${ecogText}" must be a whole number from 0 to 5.`);
  const biomarkers = text("biomarkers")
    .split(";")
    .map((b) => b.trim())
    .filter(Boolean)
    .map((b) => {
      const at = b.indexOf(":");
      if (at <= 0 || !b.slice(at + 1).trim()) errors.push(`biomarkers "${b}" must be written as marker: value.`);
      return { marker: b.slice(0, at).trim(), value: b.slice(at + 1).trim() };
    });
  const intent = oneOf("intent", INTENTS, true);
  const modalities = listOf("modalities", MODALITIES);
  if (text("modalities") === "") errors.push("modalities is empty.");
  const trialIdentifier = text("trial_identifier") || null;
  if (modalities.includes("CLINICAL_TRIAL") && !trialIdentifier) errors.push("trial_identifier is needed when CLINICAL_TRIAL is recommended.");
  const recommendation = required("recommendation");
  const guidelineConcordant = yesNo("guideline_concordant");

  const outcomes: HistoryOutcome[] = [];
  const base = { endedOn: null, treatment: null, treatmentIntent: null, followedRecommendation: null, deviationReason: null, diseaseStatus: null, evidence: [], causeOfDeath: null, note: "" };
  const after = (name: HistoryColumnName, d: Date | null) => {
    if (d && discussedOn && birthDate && d < birthDate) errors.push(`${name} is before birth_date.`);
  };

  const treatments = listOf("treatment_given", OUTCOME_TREATMENTS);
  const treatmentStart = date("treatment_start_date", treatments.length > 0);
  const treatmentEnd = date("treatment_end_date", false);
  if (treatmentStart && treatmentEnd && treatmentEnd < treatmentStart) errors.push("treatment_end_date is before treatment_start_date.");
  const followed = yesNo("treatment_followed_recommendation");
  const deviation = oneOf("treatment_deviation_reason", DEVIATION_REASONS, false);
  if (deviation && followed !== false) errors.push("treatment_deviation_reason is given, but treatment_followed_recommendation is not no.");
  if (!treatments.length && (treatmentStart || followed !== null)) errors.push("treatment_given is empty, but treatment dates or follow-through are given.");
  for (const treatment of treatments) {
    outcomes.push({ ...base, externalId: `${caseExternalId}/treatment/${treatment}`, kind: "TREATMENT", occurredOn: treatmentStart!, endedOn: treatmentEnd, treatment, treatmentIntent: intent, followedRecommendation: followed, deviationReason: deviation });
  }

  const diseaseStatus = oneOf("disease_status", DISEASE_STATUSES, false);
  const statusDate = date("disease_status_date", diseaseStatus !== null);
  const evidence = listOf("disease_status_evidence", DISEASE_STATUS_EVIDENCE);
  if (diseaseStatus && statusDate) outcomes.push({ ...base, externalId: `${caseExternalId}/status`, kind: "DISEASE_STATUS", occurredOn: statusDate, diseaseStatus, evidence });
  for (const [name, kind] of [["progression_date", "PROGRESSION"], ["recurrence_date", "RECURRENCE"]] as const) {
    const d = date(name, false);
    after(name, d);
    if (d) outcomes.push({ ...base, externalId: `${caseExternalId}/${kind.toLowerCase()}`, kind, occurredOn: d });
  }

  const vital = oneOf("vital_status", ["ALIVE", "DEAD", "LOST"] as const, false);
  const vitalDate = date("vital_status_date", vital !== null);
  const cause = oneOf("cause_of_death", CAUSES_OF_DEATH, false);
  if (cause && vital !== "DEAD") errors.push("cause_of_death is given, but vital_status is not DEAD.");
  if (vital && vitalDate) {
    const kind = vital === "DEAD" ? "DEATH" : vital === "ALIVE" ? "ALIVE" : "LOST_TO_FOLLOW_UP";
    outcomes.push({ ...base, externalId: `${caseExternalId}/vital`, kind, occurredOn: vitalDate, causeOfDeath: vital === "DEAD" ? (cause ?? "UNKNOWN") : null });
    const later = outcomes.filter((o) => o.kind !== kind && o.occurredOn > vitalDate);
    if (vital === "DEAD" && later.length) errors.push("An outcome is dated after the death (vital_status_date).");
  }
  if (vitalDate && discussedOn && vital === "DEAD" && vitalDate < discussedOn) errors.push("vital_status_date (death) is before discussion_date.");

  if (errors.length > 0 || !birthDate || !sex || !referredOn || !discussedOn || !intent) return { ok: false, errors };
  return {
    ok: true,
    record: {
      caseExternalId,
      patient: { mrn, familyName, givenName, birthDate, sex },
      condition: { topographyCode, topographyDisplay: text("topography_display") || topographyCode, morphologyCode, morphologyDisplay: text("morphology_display") || morphologyCode, diagnosisDate },
      referredOn,
      discussedOn,
      decision: {
        tnmPrefix,
        tCategory: staging.t,
        nCategory: staging.n,
        mCategory: staging.m,
        stageGroup: staging.stageGroup,
        histology: text("histology"),
        grade: text("grade") || null,
        ecog,
        biomarkers,
        intent,
        modalities,
        trialIdentifier,
        recommendation,
        guidelineConcordant,
        guidelineDeviationReason: text("guideline_deviation_reason") || null,
      },
      outcomes,
    },
  };
}

/** The identifying facts of one patient, as two rows (or a row and the database) must agree on them. */
export interface PersonFacts {
  mrn: string;
  familyName: string;
  birthDate: Date;
}

/**
 * Does a row describe the patient who already carries its MRN? Family name (as patient matching compares names:
 * case, accents and punctuation ignored) and birth date must agree; the MRN alone never joins two people.
 */
export function personMismatch(row: PersonFacts, known: PersonFacts): string | null {
  const differs: string[] = [];
  if (normalizeName(row.familyName) !== normalizeName(known.familyName)) differs.push("family name");
  if (row.birthDate.getTime() !== known.birthDate.getTime()) differs.push("birth date");
  if (differs.length === 0) return null;
  return `The MRN ${row.mrn} belongs to a patient with another ${differs.join(" and ")}: check the row (a wrong MRN would attach this history to someone else).`;
}

/** Today as a calendar day (midnight UTC), the latest date an import accepts. */
export function endOfToday(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/**
 * What is wrong with a record read from elsewhere than the CSV (a FHIR Bundle): the same code, staging and date
 * checks a CSV row gets.
 */
export function recordProblems(record: HistoryRecord, today: Date): string[] {
  const problems: string[] = [];
  const { condition, decision } = record;
  if (!TOPOGRAPHY_PATTERN.test(condition.topographyCode)) problems.push(`The topography "${condition.topographyCode}" is not an ICD-O-3 topography code such as C34.1.`);
  if (!MORPHOLOGY_PATTERN.test(condition.morphologyCode)) problems.push(`The morphology "${condition.morphologyCode}" is not an ICD-O-3 morphology code such as 8140/3.`);
  else if (TOPOGRAPHY_PATTERN.test(condition.topographyCode)) {
    const staging = { prefix: decision.tnmPrefix, t: decision.tCategory, n: decision.nCategory, m: decision.mCategory, stageGroup: decision.stageGroup };
    problems.push(...checkStaging(stagingSiteOf(condition.topographyCode), staging).filter((p) => p.kind !== "override-reason" && p.kind !== "differs-from-computed").map((p) => p.message));
  }
  const tomorrow = today.getTime() + 86_400_000;
  const dated: [string, Date | null | undefined][] = [
    ["The birth date", record.patient.birthDate],
    ["The referral date", record.referredOn],
    ["The discussion date", record.discussedOn],
    ["The diagnosis date", condition.diagnosisDate],
    ...record.outcomes.map((o) => [`The ${o.kind.toLowerCase().replace(/_/g, " ")} outcome ${o.externalId}`, o.occurredOn] as [string, Date]),
  ];
  for (const [what, date] of dated) if (date && date.getTime() >= tomorrow) problems.push(`${what} (${date.toISOString().slice(0, 10)}) is in the future.`);
  if (record.referredOn > record.discussedOn) problems.push("The referral date is after the discussion date.");
  if (decision.ecog !== null && !(Number.isInteger(decision.ecog) && decision.ecog >= 0 && decision.ecog <= 5)) problems.push("ECOG must be a whole number from 0 to 5.");
  return problems;
}
