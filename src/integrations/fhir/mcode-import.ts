/**
 * An HL7 FHIR R4 mCODE Bundle read back into a board's history (domain/history-import): the CancerPatient, the
 * PrimaryCancerCondition, TNM and ECOG Observations, tumour markers, the CarePlan of the board's recommendation, and
 * what happened after it (CancerRelatedSurgicalProcedure, RadiotherapyCourseSummary, medication statements,
 * requests and administrations, CancerDiseaseStatus, vital status, Patient.deceasedDateTime). It reads what
 * mcode-export.ts writes without loss, and any other mCODE sender's bundle as far as mCODE says it.
 *
 * A bundle that lacks what a case needs is not guessed at: `missing` lists every element in mCODE's words.
 */
import type { HistoryOutcome, HistoryRecord, SexName } from "@/domain/history-import/history-record";
import type { IntentName, ModalityName } from "@/domain/decisions/catalogue";
import { MODALITIES } from "@/domain/decisions/catalogue";
import { CAUSES_OF_DEATH, DEVIATION_REASONS, OUTCOME_TREATMENTS, type DiseaseStatusEvidenceName, type DiseaseStatusName, type OutcomeKindName } from "@/domain/outcomes/vocabulary";
import {
  AJCC,
  CASE_IDENTIFIER_SYSTEM,
  CAUSE_OF_DEATH_SYSTEM,
  DEVIATION_SYSTEM,
  DISEASE_STATUS_CODES,
  EVIDENCE_CODES,
  EXTENSION,
  ICD_10,
  ICD_O_3,
  LOINC,
  MODALITY_SYSTEM,
  OUTCOME_IDENTIFIER_SYSTEM,
  OUTCOME_KIND_SYSTEM,
  OUTCOME_PROFILES,
  TREATMENT_SYSTEM,
} from "./mcode-export";
import rules from "./mcode-rules.json";

type Json = Record<string, unknown>;
interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export type McodeReading = { ok: true; record: HistoryRecord } | { ok: false; missing: string[] };

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const codings = (concept: unknown): Coding[] => (isObject(concept) ? list(concept.coding).filter(isObject) as Coding[] : []);
const codeIn = (concept: unknown, system: string) => codings(concept).find((c) => c.system === system)?.code ?? null;
const profiles = (r: Json): string[] => (isObject(r.meta) ? list(r.meta.profile).filter((p): p is string => typeof p === "string") : []);
const extensions = (r: unknown, url: string): Json[] => (isObject(r) ? list(r.extension).filter((e): e is Json => isObject(e) && e.url === url) : []);
const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);

/** A FHIR date or dateTime as a Date: a plain date as midnight UTC, a dateTime as the instant it names. */
function fhirDate(v: unknown): Date | null {
  const text = str(v);
  if (!text) return null;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  return Number.isNaN(date.getTime()) ? null : date;
}
const dayOf = (v: unknown) => {
  const d = fhirDate(v);
  return d ? new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())) : null;
};

const SEX: Record<string, SexName> = { female: "FEMALE", male: "MALE", other: "OTHER", unknown: "UNKNOWN" };
const TNM_AXES = [
  ["t", rules.profiles.TNMPrimaryTumorCategory.url],
  ["n", rules.profiles.TNMRegionalNodesCategory.url],
  ["m", rules.profiles.TNMDistantMetastasesCategory.url],
] as const;
const STATUS_BY_SNOMED = new Map<string, DiseaseStatusName>(Object.entries(DISEASE_STATUS_CODES).map(([k, v]) => [v.code, k as DiseaseStatusName]));
const EVIDENCE_BY_SNOMED = new Map<string, DiseaseStatusEvidenceName>(Object.entries(EVIDENCE_CODES).map(([k, v]) => [v.code, k as DiseaseStatusEvidenceName]));
const MEDICATION_TYPES = ["MedicationStatement", "MedicationRequest", "MedicationAdministration"];

/** Splits the histology text the exporter writes ("Adenocarcinoma, acinar, grade 2" / "Grade 2") into histology and grade. */
function histologyAndGrade(text: string | null, morphologyDisplay: string): { histology: string; grade: string | null } {
  if (!text || text === morphologyDisplay) return { histology: "", grade: null };
  const only = /^Grade (.+)$/.exec(text);
  if (only) return { histology: "", grade: only[1]! };
  const withGrade = /^(.*), grade ([^,]+)$/.exec(text);
  return withGrade ? { histology: withGrade[1]!, grade: withGrade[2]! } : { histology: text, grade: null };
}

export function readMcodeBundle(bundle: unknown): McodeReading {
  const missing: string[] = [];
  if (!isObject(bundle) || bundle.resourceType !== "Bundle") return { ok: false, missing: ['A FHIR Bundle (resourceType "Bundle").'] };
  const entries = list(bundle.entry).filter(isObject);
  const resources = entries.flatMap((e) => (isObject(e.resource) ? [e.resource] : []));
  const ofType = (type: string) => resources.filter((r) => r.resourceType === type);
  const withProfile = (url: string) => resources.filter((r) => profiles(r).includes(url));

  // The patient.
  const patient = withProfile(rules.profiles.CancerPatient.url)[0] ?? (ofType("Patient").length === 1 ? ofType("Patient")[0] : undefined);
  if (!patient) missing.push("Patient: a CancerPatient (mcode-cancer-patient).");
  const identifier = patient ? list(patient.identifier).filter(isObject).find((i) => codeIn(i.type, "http://terminology.hl7.org/CodeSystem/v2-0203") === "MR") ?? list(patient.identifier).filter(isObject)[0] : undefined;
  const mrn = str(identifier?.value);
  const name = patient ? list(patient.name).filter(isObject)[0] : undefined;
  const familyName = str(name?.family);
  const givenName = str(list(name?.given)[0]);
  const birthDate = dayOf(patient?.birthDate);
  const sex = SEX[String(patient?.gender)] ?? null;
  if (patient) {
    if (!mrn) missing.push("Patient.identifier: the medical record number (type MR).");
    if (!familyName) missing.push("Patient.name.family.");
    if (!givenName) missing.push("Patient.name.given.");
    if (!birthDate) missing.push("Patient.birthDate.");
    if (!sex) missing.push("Patient.gender.");
  }

  // The primary cancer.
  const condition = withProfile(rules.profiles.PrimaryCancerCondition.url)[0];
  if (!condition) missing.push("Condition: a PrimaryCancerCondition (mcode-primary-cancer-condition).");
  const bodySite = codings(list(condition?.bodySite)[0]).find((c) => c.system === ICD_O_3);
  const topographyCode = bodySite?.code ?? codeIn(condition?.code, ICD_10) ?? codeIn(condition?.code, ICD_O_3);
  const histologyExt = extensions(condition, EXTENSION.histology)[0];
  const morphology = codings(histologyExt?.valueCodeableConcept).find((c) => c.system === ICD_O_3);
  if (condition) {
    if (!topographyCode) missing.push("Condition.bodySite or Condition.code: the ICD-O-3 topography of the primary.");
    if (!morphology?.code) missing.push("Condition.extension mcode-histology-morphology-behavior: the ICD-O-3 morphology.");
  }

  // The board's recommendation.
  const carePlan = ofType("CarePlan").find((p) => p.status === "active") ?? ofType("CarePlan")[0];
  if (!carePlan) missing.push("CarePlan: the board's recommendation.");
  const recommendation = str(carePlan?.description);
  if (carePlan && !recommendation) missing.push("CarePlan.description: the recommendation in words.");

  // Staging, ECOG and markers: the day the staging was established is the day of discussion.
  const staging: Record<"t" | "n" | "m" | "stage", string | null> = { t: null, n: null, m: null, stage: null };
  let prefix: string | null = null;
  let effective: Date | null = null;
  for (const [axis, url] of TNM_AXES) {
    const o = withProfile(url)[0];
    const value = o ? (codeIn(o.valueCodeableConcept, AJCC) ?? str(isObject(o.valueCodeableConcept) ? o.valueCodeableConcept.text : null)) : null;
    if (!o || !value) continue;
    const match = /^(yc|yp|c|p|r)?([TNM].*)$/.exec(value);
    staging[axis] = match ? match[2]! : value;
    prefix ??= match?.[1] ?? null;
    effective ??= fhirDate(o.effectiveDateTime);
  }
  const stageObservation = withProfile(rules.profiles.TNMStageGroup.url)[0];
  if (stageObservation) {
    staging.stage = codeIn(stageObservation.valueCodeableConcept, AJCC);
    effective = fhirDate(stageObservation.effectiveDateTime) ?? effective;
  }
  if (!prefix && stageObservation) {
    // Without categories, the stage group's own type says clinical or pathological.
    const type = codings(stageObservation.code).map((c) => c.code);
    prefix = type.includes("399537006") ? "c" : type.includes("399588009") ? "p" : null;
  }
  const ecogObservation = withProfile(rules.profiles.ECOGPerformanceStatus.url)[0];
  const ecog = typeof ecogObservation?.valueInteger === "number" ? ecogObservation.valueInteger : null;
  effective ??= fhirDate(ecogObservation?.effectiveDateTime);
  const biomarkers = withProfile(rules.profiles.TumorMarkerTest.url).flatMap((o) => {
    const marker = str(isObject(o.code) ? o.code.text : null) ?? codings(o.code)[0]?.display ?? null;
    const value = str(o.valueString) ?? (isObject(o.valueCodeableConcept) ? str(o.valueCodeableConcept.text) : null);
    const method = isObject(o.method) ? str(o.method.text) : null;
    return marker && value ? [{ marker, value, ...(method ? { method } : {}) }] : [];
  });

  const discussed = effective ?? fhirDate(carePlan?.created);
  if (carePlan && !discussed) missing.push("The day of the discussion: Observation.effectiveDateTime of the staging, or CarePlan.created.");
  const signedAt = fhirDate(carePlan?.created) ?? discussed;
  const referredOn = fhirDate(extensions(carePlan, EXTENSION.referralDate)[0]?.valueDateTime) ?? discussed;

  const intentCode = codeIn(extensions(carePlan, rules.procedureIntent.url)[0]?.valueCodeableConcept, "http://snomed.info/sct");
  const intent: IntentName = intentCode === "373808002" ? "CURATIVE" : intentCode === "363676003" ? "PALLIATIVE" : "NONE";
  const activities = list(carePlan?.activity).filter(isObject).map((a) => (isObject(a.detail) ? a.detail : {}));
  const modalities = activities.map((d) => codeIn(d.code, MODALITY_SYSTEM)).filter((m): m is ModalityName => (MODALITIES as readonly string[]).includes(m ?? ""));
  const trialText = activities.map((d) => str(d.description)).find((t) => t?.startsWith("Trial "));
  const notes = list(carePlan?.note).filter(isObject).map((n) => str(n.text) ?? "");
  const noteAfter = (label: string) => notes.find((n) => n.startsWith(label))?.slice(label.length) ?? "";
  const concordant = extensions(carePlan, EXTENSION.guidelineConcordant)[0]?.valueBoolean;
  const caseIdentifier = list(carePlan?.identifier).filter(isObject).find((i) => i.system === CASE_IDENTIFIER_SYSTEM);
  const caseExternalId = str(caseIdentifier?.value) ?? (condition && typeof condition.id === "string" ? `fhir-condition/${condition.id}` : null);

  const outcomes = readOutcomes(resources, str(identifier?.value) ?? "patient", patient);
  missing.push(...outcomes.missing);

  if (missing.length || !patient || !condition || !carePlan || !mrn || !familyName || !givenName || !birthDate || !sex || !topographyCode || !morphology?.code || !recommendation || !discussed || !caseExternalId) {
    return { ok: false, missing };
  }
  const morphologyDisplay = morphology.display ?? morphology.code;
  const { histology, grade } = histologyAndGrade(isObject(histologyExt?.valueCodeableConcept) ? str(histologyExt.valueCodeableConcept.text) : null, morphologyDisplay);
  return {
    ok: true,
    record: {
      caseExternalId,
      patient: { mrn, familyName, givenName, birthDate, sex },
      condition: { topographyCode, topographyDisplay: bodySite?.display ?? topographyCode, morphologyCode: morphology.code, morphologyDisplay, diagnosisDate: dayOf(condition.onsetDateTime) },
      referredOn: referredOn!,
      discussedOn: discussed,
      signedAt: signedAt!,
      decision: {
        tnmPrefix: (prefix as HistoryRecord["decision"]["tnmPrefix"]) ?? null,
        tCategory: staging.t,
        nCategory: staging.n,
        mCategory: staging.m,
        stageGroup: staging.stage,
        histology,
        grade,
        ecog,
        biomarkers,
        intent,
        modalities,
        trialIdentifier: trialText ? trialText.slice("Trial ".length) : null,
        recommendation,
        guidelineConcordant: typeof concordant === "boolean" ? concordant : null,
        guidelineDeviationReason: str(extensions(carePlan, EXTENSION.guidelineDeviationReason)[0]?.valueString),
        sequence: noteAfter("Sequence: "),
        rationale: noteAfter("Rationale: "),
      },
      outcomes: outcomes.list,
    },
  };
}

function readOutcomes(resources: Json[], patientKey: string, patient: Json | undefined): { list: HistoryOutcome[]; missing: string[] } {
  const out: HistoryOutcome[] = [];
  const missing: string[] = [];
  const base: Omit<HistoryOutcome, "externalId" | "kind" | "occurredOn"> = { endedOn: null, treatment: null, treatmentIntent: null, followedRecommendation: null, deviationReason: null, diseaseStatus: null, evidence: [], causeOfDeath: null, note: "" };
  const idOf = (r: Json) => str(list(r.identifier).filter(isObject).find((i) => i.system === OUTCOME_IDENTIFIER_SYSTEM)?.value) ?? `fhir/${String(r.resourceType)}/${String(r.id)}`;
  const noteOf = (r: Json) => list(r.note).filter(isObject).map((n) => str(n.text) ?? "").join("\n");
  for (const r of resources) {
    const label = `${String(r.resourceType)}/${String(r.id ?? "?")}`;
    const isMedication = MEDICATION_TYPES.includes(String(r.resourceType));
    const isProcedure = r.resourceType === "Procedure";
    if (isProcedure || isMedication) {
      const coded = codeIn(isMedication ? r.medicationCodeableConcept : r.code, TREATMENT_SYSTEM);
      const treatment = (OUTCOME_TREATMENTS as readonly string[]).includes(coded ?? "")
        ? (coded as HistoryOutcome["treatment"])
        : isMedication
          ? "SYSTEMIC_THERAPY"
          : profiles(r).includes(OUTCOME_PROFILES.surgery)
            ? "SURGERY"
            : profiles(r).includes(OUTCOME_PROFILES.radiotherapy)
              ? "RADIOTHERAPY"
              : "OTHER";
      const period = isObject(r.performedPeriod) ? r.performedPeriod : isObject(r.effectivePeriod) ? r.effectivePeriod : null;
      const start = dayOf(period?.start) ?? dayOf(r.performedDateTime) ?? dayOf(r.effectiveDateTime) ?? dayOf(r.authoredOn);
      if (!start) {
        missing.push(`${label}: the date the treatment started (performedPeriod.start, effectivePeriod.start or authoredOn).`);
        continue;
      }
      const intentCode = codeIn(extensions(r, rules.procedureIntent.url)[0]?.valueCodeableConcept, "http://snomed.info/sct");
      const followed = extensions(r, EXTENSION.followedRecommendation)[0]?.valueBoolean;
      const deviation = codeIn(extensions(r, EXTENSION.deviationReason)[0]?.valueCodeableConcept, DEVIATION_SYSTEM);
      out.push({
        ...base,
        externalId: idOf(r),
        kind: "TREATMENT",
        occurredOn: start,
        endedOn: dayOf(period?.end),
        treatment,
        treatmentIntent: intentCode === "373808002" ? "CURATIVE" : intentCode === "363676003" ? "PALLIATIVE" : extensions(r, EXTENSION.treatmentIntent)[0]?.valueCode === "NONE" ? "NONE" : null,
        followedRecommendation: typeof followed === "boolean" ? followed : null,
        deviationReason: (DEVIATION_REASONS as readonly string[]).includes(deviation ?? "") ? (deviation as HistoryOutcome["deviationReason"]) : null,
        note: noteOf(r),
      });
      continue;
    }
    if (r.resourceType !== "Observation") continue;
    const kind = codeIn(r.code, OUTCOME_KIND_SYSTEM) as OutcomeKindName | null;
    const isStatus = profiles(r).includes(OUTCOME_PROFILES.diseaseStatus) || codeIn(r.code, LOINC) === "97509-4";
    if (!isStatus && !kind) continue;
    const on = dayOf(r.effectiveDateTime);
    if (!on) {
      missing.push(`${label}: Observation.effectiveDateTime.`);
      continue;
    }
    if (isStatus) {
      const value = STATUS_BY_SNOMED.get(codeIn(r.valueCodeableConcept, "http://snomed.info/sct") ?? "");
      if (!value) {
        missing.push(`${label}: a CancerDiseaseStatus value from mcode-condition-status-trend-vs.`);
        continue;
      }
      const evidence = extensions(r, EXTENSION.diseaseStatusEvidence).flatMap((e) => {
        const found = EVIDENCE_BY_SNOMED.get(codeIn(e.valueCodeableConcept, "http://snomed.info/sct") ?? "");
        return found ? [found] : [];
      });
      out.push({ ...base, externalId: idOf(r), kind: "DISEASE_STATUS", occurredOn: on, diseaseStatus: value, evidence, note: noteOf(r) });
      continue;
    }
    const cause = codeIn(r.valueCodeableConcept, CAUSE_OF_DEATH_SYSTEM);
    out.push({
      ...base,
      externalId: idOf(r),
      kind: kind!,
      occurredOn: on,
      causeOfDeath: kind === "DEATH" ? ((CAUSES_OF_DEATH as readonly string[]).includes(cause ?? "") ? (cause as HistoryOutcome["causeOfDeath"]) : "UNKNOWN") : null,
      note: noteOf(r),
    });
  }
  // A sender that says only Patient.deceasedDateTime: the death, cause unknown.
  const deceased = dayOf(patient?.deceasedDateTime);
  if (deceased && !out.some((o) => o.kind === "DEATH")) out.push({ ...base, externalId: `${patientKey}/death`, kind: "DEATH", occurredOn: deceased, causeOfDeath: "UNKNOWN" });
  return { list: out, missing };
}
