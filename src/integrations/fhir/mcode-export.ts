/**
 * A board decision as an HL7 FHIR R4 Bundle (type collection) following mCODE STU4: the CancerPatient, the
 * PrimaryCancerCondition (ICD-O-3 topography and morphology), TNM category and stage group Observations (method
 * AJCC 8th edition), ECOG and tumour marker Observations, and a CarePlan for the board's recommendation.
 * Pure: plain data in, JSON out. Profiles, required elements and codes: ./mcode-rules.json (derived from the
 * published hl7.fhir.us.mcode 4.0.0 package).
 */
import { createHash } from "node:crypto";
import rules from "./mcode-rules.json";
import type { OutcomeRecord } from "@/domain/outcomes/vocabulary";

export type FhirResource = { resourceType: string; id: string; meta?: { profile?: string[] } } & Record<string, unknown>;
export interface FhirBundle {
  resourceType: "Bundle";
  id: string;
  type: "collection";
  timestamp: string;
  entry: { fullUrl: string; resource: FhirResource }[];
}

export interface DecisionExportInput {
  patient: { id: string; mrn: string; familyName: string; givenName: string; birthDate: Date; sex: "FEMALE" | "MALE" | "OTHER" | "UNKNOWN" };
  /** The identifier system of the hospital's MRNs. */
  mrnSystem: string;
  condition: { id: string; topographyCode: string; topographyDisplay: string; morphologyCode: string; morphologyDisplay: string; diagnosisDate: Date | null };
  decision: {
    id: string;
    version: number;
    status: "DRAFT" | "SIGNED";
    tnmPrefix: "c" | "p" | "yc" | "yp" | "r" | null;
    tCategory: string | null;
    nCategory: string | null;
    mCategory: string | null;
    stageGroup: string | null;
    /** The histology the board recorded (free text), e.g. "Adenocarcinoma, acinar predominant". */
    histology: string;
    grade: string | null;
    ecog: number | null;
    biomarkers: { marker: string; value: string; method?: string | null }[];
    intent: "CURATIVE" | "PALLIATIVE" | "NONE";
    modalities: string[];
    modalityLabels: Record<string, string>;
    trialIdentifier: string | null;
    sequence: string;
    recommendation: string;
    rationale: string;
    /** When the staging was established: the meeting, or when the decision was recorded. */
    effective: Date;
    signedAt: Date | null;
    signedBy: string | null;
    board: string;
    /** A later signed version replaces this one; `correction`: it was signed as a correction of it. */
    supersededBy: { version: number; correction: boolean } | null;
    /** Whether the recommendation follows the guideline (null: not stated), and why not. */
    guidelineConcordant?: boolean | null;
    guidelineDeviationReason?: string | null;
  };
  /** The case: its id for other systems (the registry's external id, else Concilium's) and when it was referred. */
  case?: { identifier: string; referredOn: Date };
  /** What happened after the decision: the current version of each of the case's outcomes. */
  outcomes?: OutcomeExportInput[];
  generatedAt?: Date;
}

export interface OutcomeExportInput extends OutcomeRecord {
  /** The outcome's id for other systems: the registry's external id, else its lineage (stable across versions). */
  identifier: string;
}

export const SNOMED = "http://snomed.info/sct";
export const LOINC = "http://loinc.org";
export const ICD_O_3 = "http://terminology.hl7.org/CodeSystem/icd-o-3";
export const ICD_10 = "http://hl7.org/fhir/sid/icd-10";
export const AJCC = "http://cancerstaging.org";
const OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
export const MODALITY_SYSTEM = "https://concilium.dev/fhir/CodeSystem/treatment-modality";
/** Concilium's own words where mCODE has none (outcome kinds, treatment kinds, deviation reasons, causes of death). */
export const OUTCOME_KIND_SYSTEM = "https://concilium.dev/fhir/CodeSystem/outcome-kind";
export const TREATMENT_SYSTEM = "https://concilium.dev/fhir/CodeSystem/treatment-given";
export const DEVIATION_SYSTEM = "https://concilium.dev/fhir/CodeSystem/treatment-deviation-reason";
export const CAUSE_OF_DEATH_SYSTEM = "https://concilium.dev/fhir/CodeSystem/cause-of-death";
export const CASE_IDENTIFIER_SYSTEM = "https://concilium.dev/fhir/identifier/case";
export const OUTCOME_IDENTIFIER_SYSTEM = "https://concilium.dev/fhir/identifier/outcome";
export const EXTENSION = {
  referralDate: "https://concilium.dev/fhir/StructureDefinition/referral-date",
  guidelineConcordant: "https://concilium.dev/fhir/StructureDefinition/guideline-concordant",
  guidelineDeviationReason: "https://concilium.dev/fhir/StructureDefinition/guideline-deviation-reason",
  followedRecommendation: "https://concilium.dev/fhir/StructureDefinition/followed-recommendation",
  deviationReason: "https://concilium.dev/fhir/StructureDefinition/treatment-deviation-reason",
  treatmentIntent: "https://concilium.dev/fhir/StructureDefinition/treatment-intent",
  histology: "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-histology-morphology-behavior",
  diseaseStatusEvidence: "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-cancer-disease-status-evidence-type",
} as const;
/** mCODE profiles of what happened (STU4; the medication statement is STU1's, which R4 systems still send). */
export const OUTCOME_PROFILES = {
  surgery: "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-cancer-related-surgical-procedure",
  radiotherapy: "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-radiotherapy-course-summary",
  medication: "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-cancer-related-medication-statement",
  diseaseStatus: "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-cancer-disease-status",
} as const;
/** CancerDiseaseStatus values (SNOMED, mcode-condition-status-trend-vs) and evidence types (mcode-cancer-disease-status-evidence-type-vs). */
export const DISEASE_STATUS_CODES = {
  NO_EVIDENCE_OF_DISEASE: { code: "260415000", display: "Not detected (qualifier value)" },
  RESPONDING: { code: "268910001", display: "Patient's condition improved (finding)" },
  STABLE: { code: "359746009", display: "Patient's condition stable (finding)" },
  PROGRESSING: { code: "271299001", display: "Patient's condition worsened (finding)" },
  NOT_ASSESSED: { code: "709137006", display: "Patient condition undetermined (situation)" },
} as const;
export const EVIDENCE_CODES = {
  IMAGING: { code: "363679005", display: "Imaging (procedure)" },
  PATHOLOGY: { code: "252416005", display: "Histopathology test (procedure)" },
  CLINICAL: { code: "5880005", display: "Physical examination procedure (procedure)" },
} as const;
export const VITAL_STATUS = { code: "75186-7", display: "Vital status" } as const;
const TREATMENT_LABELS = { SURGERY: "Surgery", SYSTEMIC_THERAPY: "Systemic therapy", RADIOTHERAPY: "Radiotherapy", OTHER: "Other cancer treatment" } as const;
const KIND_LABELS = { PROGRESSION: "Progression", RECURRENCE: "Recurrence", ALIVE: "Alive at last contact", DEATH: "Death", LOST_TO_FOLLOW_UP: "Lost to follow-up" } as const;

const P = rules.profiles;
const AJCC_8TH = rules.profiles.TNMStageGroup.valueSets.method!.codes.find((c) => c.code === "897275008")!;

/** Staging types: SNOMED from the mCODE value sets, with the LOINC codes earlier mCODE versions used beside them. */
const STAGING = {
  T: { clinical: ["399504009", "21905-5"], pathologic: ["384625004", "21899-0"], other: ["78873005", null], profile: P.TNMPrimaryTumorCategory },
  N: { clinical: ["399534004", "21906-3"], pathologic: ["371494008", "21900-6"], other: ["277206009", null], profile: P.TNMRegionalNodesCategory },
  M: { clinical: ["399387003", "21907-1"], pathologic: ["371497001", "21901-4"], other: ["277208005", null], profile: P.TNMDistantMetastasesCategory },
  stage: { clinical: ["399537006", "21908-9"], pathologic: ["399588009", "21902-2"], other: ["399390009", null], profile: P.TNMStageGroup },
} as const;
const LOINC_DISPLAY: Record<string, string> = {
  "21905-5": "Primary tumor.clinical [Class] Cancer",
  "21899-0": "Primary tumor.pathology Cancer",
  "21906-3": "Regional lymph nodes.clinical [Class] Cancer",
  "21900-6": "Regional lymph nodes.pathology [Class] Cancer",
  "21907-1": "Distant metastases.clinical [Class] Cancer",
  "21901-4": "Distant metastases.pathology [Class] Cancer",
  "21908-9": "Stage group.clinical Cancer",
  "21902-2": "Stage group.pathology Cancer",
};

// ECOG 0-5 as the LOINC answers of LL529-9.
const ECOG_ANSWERS = ["LA9622-7", "LA9623-5", "LA9624-3", "LA9625-0", "LA9626-8", "LA9627-6"];

/** A UUID derived from a stable key, so that exporting the same decision twice gives the same fullUrls. */
export function stableUuid(key: string): string {
  const h = createHash("sha1").update(key).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const GENDER = { FEMALE: "female", MALE: "male", OTHER: "other", UNKNOWN: "unknown" } as const;

/**
 * FHIR R4 statuses of a decision version. A draft is not yet agreed: its Observations are "preliminary" and its
 * CarePlan a "draft". The signed version in force: "final" and "active". A signed version that a later signed one
 * replaced: its CarePlan is "revoked" (one plan in force per case); its Observations stay "final" (true on their
 * date) unless the later version corrected it, which withdraws them as "entered-in-error".
 */
export function exportStatuses(decision: Pick<DecisionExportInput["decision"], "status" | "supersededBy">): { observation: "preliminary" | "final" | "entered-in-error"; carePlan: "draft" | "active" | "revoked" } {
  if (decision.status === "DRAFT") return { observation: "preliminary", carePlan: "draft" };
  if (!decision.supersededBy) return { observation: "final", carePlan: "active" };
  return { observation: decision.supersededBy.correction ? "entered-in-error" : "final", carePlan: "revoked" };
}

function stagingKind(prefix: DecisionExportInput["decision"]["tnmPrefix"]): "clinical" | "pathologic" | "other" {
  if (prefix === "c" || prefix === "yc") return "clinical";
  if (prefix === "p" || prefix === "yp") return "pathologic";
  return "other";
}

function histologyText(decision: DecisionExportInput["decision"]): string | null {
  const histology = decision.histology.trim();
  if (!histology) return decision.grade ? `Grade ${decision.grade}` : null;
  return decision.grade ? `${histology}, grade ${decision.grade}` : histology;
}

export function buildDecisionBundle(input: DecisionExportInput): FhirBundle {
  const { patient, condition, decision } = input;
  const statuses = exportStatuses(decision);
  const outcomes = input.outcomes ?? [];
  const death = outcomes.find((o) => o.kind === "DEATH");
  const entries: { fullUrl: string; resource: FhirResource }[] = [];
  const add = (resource: FhirResource) => {
    const fullUrl = `urn:uuid:${stableUuid(`${resource.resourceType}/${resource.id}`)}`;
    entries.push({ fullUrl, resource });
    return { reference: fullUrl };
  };

  const patientRef = add({
    resourceType: "Patient",
    id: `patient-${patient.id}`,
    meta: { profile: [P.CancerPatient.url] },
    identifier: [
      {
        use: "usual",
        type: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v2-0203", code: "MR", display: "Medical record number" }] },
        system: input.mrnSystem,
        value: patient.mrn,
      },
    ],
    name: [{ use: "official", family: patient.familyName, given: [patient.givenName] }],
    gender: GENDER[patient.sex],
    birthDate: isoDate(patient.birthDate),
    ...(death ? { deceasedDateTime: isoDate(death.occurredOn) } : {}),
  });

  const conditionId = `condition-${condition.id}`;
  const conditionUrl = `urn:uuid:${stableUuid(`Condition/${conditionId}`)}`;
  const conditionRef = { reference: conditionUrl };
  const effectiveDateTime = decision.effective.toISOString();
  const kind = stagingKind(decision.tnmPrefix);
  const method = { coding: [{ system: SNOMED, code: AJCC_8TH.code, display: AJCC_8TH.display }] };

  const categoryObservation = (axis: "T" | "N" | "M", value: string) => {
    const spec = STAGING[axis];
    const [snomed, loinc] = spec[kind];
    const typeCode = spec.profile.valueSets.code!.codes.find((c) => c.code === snomed)!;
    const prefixed = decision.tnmPrefix && !value.startsWith(decision.tnmPrefix) ? `${decision.tnmPrefix}${value}` : value;
    return add({
      resourceType: "Observation",
      id: `tnm-${axis.toLowerCase()}-${decision.id}`,
      meta: { profile: [spec.profile.url] },
      status: statuses.observation,
      category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: "exam", display: "Exam" }] }],
      code: { coding: [{ system: SNOMED, code: typeCode.code, display: typeCode.display }, ...(loinc ? [{ system: LOINC, code: loinc, display: LOINC_DISPLAY[loinc] }] : [])] },
      subject: patientRef,
      focus: [conditionRef],
      effectiveDateTime,
      valueCodeableConcept: { coding: [{ system: AJCC, code: prefixed }], text: prefixed },
      method,
    });
  };

  const members = [
    decision.tCategory ? categoryObservation("T", decision.tCategory) : null,
    decision.nCategory ? categoryObservation("N", decision.nCategory) : null,
    decision.mCategory ? categoryObservation("M", decision.mCategory) : null,
  ].filter((m): m is { reference: string } => m !== null);

  let stageRef: { reference: string } | null = null;
  if (decision.stageGroup) {
    const [snomed, loinc] = STAGING.stage[kind];
    const typeCode = P.TNMStageGroup.valueSets.code!.codes.find((c) => c.code === snomed)!;
    stageRef = add({
      resourceType: "Observation",
      id: `tnm-stage-group-${decision.id}`,
      meta: { profile: [P.TNMStageGroup.url] },
      status: statuses.observation,
      category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: "exam", display: "Exam" }] }],
      code: { coding: [{ system: SNOMED, code: typeCode.code, display: typeCode.display }, ...(loinc ? [{ system: LOINC, code: loinc, display: LOINC_DISPLAY[loinc] }] : [])] },
      subject: patientRef,
      focus: [conditionRef],
      effectiveDateTime,
      valueCodeableConcept: { coding: [{ system: AJCC, code: decision.stageGroup }], text: `Stage ${decision.stageGroup}` },
      method,
      ...(members.length ? { hasMember: members } : {}),
    });
  }

  entries.splice(1, 0, {
    fullUrl: conditionUrl,
    resource: {
      resourceType: "Condition",
      id: conditionId,
      meta: { profile: [P.PrimaryCancerCondition.url] },
      extension: [
        {
          url: "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-histology-morphology-behavior",
          // The ICD-O-3 morphology of the diagnosis, with the histology as the board recorded it.
          valueCodeableConcept: {
            coding: [{ system: ICD_O_3, code: condition.morphologyCode, display: condition.morphologyDisplay }],
            text: histologyText(decision) ?? condition.morphologyDisplay,
          },
        },
      ],
      clinicalStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-clinical", code: "active", display: "Active" }] },
      verificationStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-ver-status", code: "confirmed", display: "Confirmed" }] },
      category: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-category", code: "problem-list-item", display: "Problem List Item" }] }],
      // ICD-O-3 topography codes of malignant primaries coincide with ICD-10 chapter C codes.
      code: {
        coding: [{ system: ICD_10, code: condition.topographyCode }],
        text: `${condition.morphologyDisplay}, ${condition.topographyDisplay}`,
      },
      bodySite: [{ coding: [{ system: ICD_O_3, code: condition.topographyCode, display: condition.topographyDisplay }] }],
      subject: patientRef,
      ...(condition.diagnosisDate ? { onsetDateTime: isoDate(condition.diagnosisDate) } : {}),
      ...(stageRef && decision.stageGroup
        ? { stage: [{ summary: { coding: [{ system: AJCC, code: decision.stageGroup }], text: `Stage ${decision.stageGroup}` }, assessment: [stageRef], type: method }] }
        : {}),
    },
  });

  const supporting: { reference: string }[] = [...(stageRef ? [stageRef] : []), ...members];
  if (decision.ecog !== null) {
    supporting.push(
      add({
        resourceType: "Observation",
        id: `ecog-${decision.id}`,
        meta: { profile: [P.ECOGPerformanceStatus.url] },
        status: statuses.observation,
        category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: "survey", display: "Survey" }] }],
        code: { coding: [{ system: LOINC, code: "89247-1", display: "ECOG Performance Status score" }] },
        subject: patientRef,
        effectiveDateTime,
        valueInteger: decision.ecog,
        ...(ECOG_ANSWERS[decision.ecog] ? { interpretation: [{ coding: [{ system: LOINC, code: ECOG_ANSWERS[decision.ecog] }] }] } : {}),
      }),
    );
  }
  decision.biomarkers.forEach((b, index) => {
    supporting.push(
      add({
        resourceType: "Observation",
        id: `tumor-marker-${index + 1}-${decision.id}`,
        meta: { profile: [P.TumorMarkerTest.url] },
        extension: [{ url: "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-related-condition", valueReference: conditionRef }],
        status: statuses.observation,
        category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: "laboratory", display: "Laboratory" }] }],
        code: { text: b.marker },
        subject: patientRef,
        effectiveDateTime,
        valueString: b.value,
        ...(b.method ? { method: { text: b.method } } : {}),
      }),
    );
  });

  const intentCode = decision.intent === "NONE" ? null : rules.procedureIntent.codes.find((c) => c.code === (decision.intent === "CURATIVE" ? "373808002" : "363676003"))!;
  const carePlanExtensions = [
    ...(intentCode ? [{ url: rules.procedureIntent.url, valueCodeableConcept: { coding: [intentCode] } }] : []),
    ...(input.case ? [{ url: EXTENSION.referralDate, valueDateTime: input.case.referredOn.toISOString() }] : []),
    ...(decision.guidelineConcordant != null ? [{ url: EXTENSION.guidelineConcordant, valueBoolean: decision.guidelineConcordant }] : []),
    ...(decision.guidelineDeviationReason ? [{ url: EXTENSION.guidelineDeviationReason, valueString: decision.guidelineDeviationReason }] : []),
  ];
  add({
    resourceType: "CarePlan",
    id: `careplan-${decision.id}-v${decision.version}`,
    ...(input.case ? { identifier: [{ system: CASE_IDENTIFIER_SYSTEM, value: input.case.identifier }] } : {}),
    ...(carePlanExtensions.length ? { extension: carePlanExtensions } : {}),
    status: statuses.carePlan,
    intent: "plan",
    category: [{ text: "Multidisciplinary tumour board recommendation" }],
    title: `${decision.board}: recommendation (version ${decision.version})`,
    description: decision.recommendation,
    subject: patientRef,
    created: (decision.signedAt ?? decision.effective).toISOString(),
    ...(decision.signedBy ? { author: { display: decision.signedBy } } : {}),
    addresses: [conditionRef],
    ...(supporting.length ? { supportingInfo: supporting } : {}),
    activity: decision.modalities.map((m) => ({
      detail: {
        kind: "ServiceRequest",
        code: { coding: [{ system: MODALITY_SYSTEM, code: m, display: decision.modalityLabels[m] ?? m }], text: decision.modalityLabels[m] ?? m },
        status: "not-started",
        ...(m === "CLINICAL_TRIAL" && decision.trialIdentifier ? { description: `Trial ${decision.trialIdentifier}` } : {}),
      },
    })),
    note: [
      decision.sequence && { text: `Sequence: ${decision.sequence}` },
      decision.rationale && { text: `Rationale: ${decision.rationale}` },
      decision.supersededBy && { text: `Replaced by version ${decision.supersededBy.version}${decision.supersededBy.correction ? " (a correction)" : ""}.` },
    ].filter(Boolean),
  });

  for (const outcome of outcomes) add(outcomeResource(outcome, patientRef, conditionRef));

  return {
    resourceType: "Bundle",
    id: `decision-${decision.id}-v${decision.version}`,
    type: "collection",
    timestamp: (input.generatedAt ?? new Date()).toISOString(),
    entry: entries,
  };
}

/**
 * One outcome as mCODE names it: treatment given as a CancerRelatedSurgicalProcedure, a RadiotherapyCourseSummary or
 * a CancerRelatedMedicationStatement (other treatment: a plain Procedure); disease status as a CancerDiseaseStatus
 * Observation with its evidence; progression, recurrence, vital status and loss to follow-up as Observations coded
 * in Concilium's outcome-kind system (vital status also with LOINC 75186-7). Whether the treatment followed the
 * board's recommendation, and why not, travel as extensions.
 */
function outcomeResource(o: OutcomeExportInput, subject: { reference: string }, condition: { reference: string }): FhirResource {
  const identifier = [{ system: OUTCOME_IDENTIFIER_SYSTEM, value: o.identifier }];
  const id = `outcome-${stableUuid(o.identifier)}`;
  const note = o.note ? { note: [{ text: o.note }] } : {};
  if (o.kind === "TREATMENT") {
    const treatment = o.treatment ?? "OTHER";
    const extension = [
      ...(o.treatmentIntent === "CURATIVE" || o.treatmentIntent === "PALLIATIVE"
        ? [{ url: rules.procedureIntent.url, valueCodeableConcept: { coding: [rules.procedureIntent.codes.find((c) => c.code === (o.treatmentIntent === "CURATIVE" ? "373808002" : "363676003"))!] } }]
        : o.treatmentIntent === "NONE"
          ? [{ url: EXTENSION.treatmentIntent, valueCode: "NONE" }]
          : []),
      ...(o.followedRecommendation !== null ? [{ url: EXTENSION.followedRecommendation, valueBoolean: o.followedRecommendation }] : []),
      ...(o.deviationReason ? [{ url: EXTENSION.deviationReason, valueCodeableConcept: { coding: [{ system: DEVIATION_SYSTEM, code: o.deviationReason }] } }] : []),
    ];
    const period = { start: isoDate(o.occurredOn), ...(o.endedOn ? { end: isoDate(o.endedOn) } : {}) };
    const code = { coding: [{ system: TREATMENT_SYSTEM, code: treatment, display: TREATMENT_LABELS[treatment] }], text: TREATMENT_LABELS[treatment] };
    const common = { identifier, ...(extension.length ? { extension } : {}), subject, reasonReference: [condition], ...note };
    if (treatment === "SYSTEMIC_THERAPY") {
      return { resourceType: "MedicationStatement", id, meta: { profile: [OUTCOME_PROFILES.medication] }, ...common, status: o.endedOn ? "completed" : "active", medicationCodeableConcept: code, effectivePeriod: period };
    }
    const profile = treatment === "SURGERY" ? OUTCOME_PROFILES.surgery : treatment === "RADIOTHERAPY" ? OUTCOME_PROFILES.radiotherapy : null;
    const radiotherapyCode = treatment === "RADIOTHERAPY" ? [{ system: SNOMED, code: "1217123003", display: "Radiotherapy course of treatment (regime/therapy)" }] : [];
    return {
      resourceType: "Procedure",
      id,
      ...(profile ? { meta: { profile: [profile] } } : {}),
      ...common,
      status: o.endedOn || treatment === "SURGERY" ? "completed" : "in-progress",
      code: { ...code, coding: [...radiotherapyCode, ...code.coding] },
      performedPeriod: period,
    };
  }
  const observation = { resourceType: "Observation", id, identifier, status: "final", subject, focus: [condition], effectiveDateTime: isoDate(o.occurredOn), ...note };
  if (o.kind === "DISEASE_STATUS") {
    const status = DISEASE_STATUS_CODES[o.diseaseStatus ?? "NOT_ASSESSED"];
    return {
      ...observation,
      meta: { profile: [OUTCOME_PROFILES.diseaseStatus] },
      ...(o.evidence.length ? { extension: o.evidence.map((e) => ({ url: EXTENSION.diseaseStatusEvidence, valueCodeableConcept: { coding: [{ system: SNOMED, ...EVIDENCE_CODES[e] }] } })) } : {}),
      category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: "survey", display: "Survey" }] }],
      code: { coding: [{ system: LOINC, code: "97509-4", display: "Cancer disease progression" }] },
      valueCodeableConcept: { coding: [{ system: SNOMED, ...status }] },
    };
  }
  const vital = o.kind === "ALIVE" || o.kind === "DEATH";
  const value =
    o.kind === "DEATH"
      ? { valueCodeableConcept: { coding: [{ system: CAUSE_OF_DEATH_SYSTEM, code: o.causeOfDeath ?? "UNKNOWN" }], text: `Died (cause: ${(o.causeOfDeath ?? "UNKNOWN").toLowerCase()})` } }
      : o.kind === "ALIVE"
        ? { valueCodeableConcept: { coding: [{ system: SNOMED, code: "438949009", display: "Alive (finding)" }] } }
        : {};
  return {
    ...observation,
    code: { coding: [{ system: OUTCOME_KIND_SYSTEM, code: o.kind, display: KIND_LABELS[o.kind] }, ...(vital ? [{ system: LOINC, ...VITAL_STATUS }] : [])], text: KIND_LABELS[o.kind] },
    ...value,
  };
}
