/**
 * The outcome dataset as FHIR Bulk Data NDJSON: each dataset row becomes mCODE-shaped resources, one JSON object per
 * line, always in this order (a reader may count rows by their Patient lines):
 *
 *   dataset column(s)                         resource (mCODE profile)
 *   pseudonym, sex, vital status, [identity]  Patient (CancerPatient); id = the research pseudonym, deceasedBoolean;
 *                                             MRN, name and birth date only in an identifiable export
 *   site, topography, morphology, stage       Condition (PrimaryCancerCondition): ICD-O-3 body site, histology
 *                                             extension, stage summary
 *   stage_group, tnm_prefix                   Observation (TNMStageGroup), method AJCC 8th edition
 *   ecog                                      Observation (ECOGPerformanceStatus), LOINC 89247-1
 *   latest_disease_status                     Observation (CancerDiseaseStatus), LOINC 97509-4, SNOMED answers
 *   intent, modalities, trial, treatment...   CarePlan: the board's recommendation (intent "plan"), one activity per
 *                                             modality; what followed (treatment given, OS/PFS days and events, age
 *                                             band, days to treatment) as Concilium extensions, since mCODE has no
 *                                             element for a survival interval
 *
 * A pseudonymised export carries no calendar date: intervals stay "days from the decision" (extensions). Unlike the
 * Bulk Data spec's one file per resource type, this is one stream with every type (a row's resources together);
 * splitting it by `resourceType` gives the per-type files.
 */
import type { DatasetRow } from "@/domain/outcomes/dataset";
import type { ExportMode, ExportRow } from "@/domain/outcomes/research-export";

const MCODE = "http://hl7.org/fhir/us/mcode/StructureDefinition";
const SNOMED = "http://snomed.info/sct";
const LOINC = "http://loinc.org";
const ICD_O_3 = "http://terminology.hl7.org/CodeSystem/icd-o-3";
const AJCC = "http://cancerstaging.org";
const EXT = "https://concilium.dev/fhir/StructureDefinition";
const MODALITY_SYSTEM = "https://concilium.dev/fhir/CodeSystem/treatment-modality";
const PSEUDONYM_SYSTEM = "https://concilium.dev/fhir/research-pseudonym";
const MRN_SYSTEM = "https://concilium.dev/fhir/mrn";

const DISEASE_STATUS_SNOMED: Record<string, { code: string; display: string }> = {
  NO_EVIDENCE_OF_DISEASE: { code: "260415000", display: "Not detected (qualifier value)" },
  RESPONDING: { code: "268910001", display: "Patient's condition improved (finding)" },
  STABLE: { code: "359746009", display: "Patient's condition stable (finding)" },
  PROGRESSING: { code: "271299001", display: "Patient's condition worsened (finding)" },
  NOT_ASSESSED: { code: "709137006", display: "Patient condition undetermined (finding)" },
};
const GENDER: Record<string, string> = { FEMALE: "female", MALE: "male", OTHER: "other", UNKNOWN: "unknown" };

type Resource = Record<string, unknown>;
const ext = (name: string, value: Record<string, unknown>) => ({ url: `${EXT}/${name}`, ...value });
const present = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined;

/** The resources of one row; `sequence` (the row's place in the export) makes the ids of the row's resources. */
export function datasetRowResources(row: ExportRow, mode: ExportMode, sequence: number): Resource[] {
  const patientId = row.pseudonym ?? `row-${sequence}`;
  const id = (kind: string) => `${kind}-${sequence}`;
  const subject = { reference: `Patient/${patientId}` };
  const conditionRef = { reference: `Condition/${id("condition")}` };
  const identifiable = mode === "identifiable";
  const effective = identifiable && row.decision_date ? { effectiveDateTime: row.decision_date } : {};

  const patient: Resource = {
    resourceType: "Patient",
    id: patientId,
    meta: { profile: [`${MCODE}/mcode-cancer-patient`] },
    identifier: [
      { system: PSEUDONYM_SYSTEM, value: patientId },
      ...(identifiable && row.mrn ? [{ type: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v2-0203", code: "MR" }] }, system: MRN_SYSTEM, value: row.mrn }] : []),
    ],
    ...(identifiable && (row.family_name || row.given_name) ? { name: [{ family: row.family_name ?? undefined, given: row.given_name ? [row.given_name] : undefined }] } : {}),
    gender: GENDER[row.sex ?? "UNKNOWN"] ?? "unknown",
    ...(identifiable && row.birth_date ? { birthDate: row.birth_date } : {}),
    ...(present(row.vital_status) ? { deceasedBoolean: row.vital_status === "DEAD" } : {}),
  };

  const condition: Resource = {
    resourceType: "Condition",
    id: id("condition"),
    meta: { profile: [`${MCODE}/mcode-primary-cancer-condition`] },
    ...(row.morphology_code
      ? { extension: [{ url: `${MCODE}/mcode-histology-morphology-behavior`, valueCodeableConcept: { coding: [{ system: ICD_O_3, code: row.morphology_code }], text: row.histology ?? undefined } }] }
      : {}),
    clinicalStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-clinical", code: "active" }] },
    verificationStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-ver-status", code: "confirmed" }] },
    category: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-category", code: "problem-list-item" }] }],
    code: { coding: row.topography_code ? [{ system: ICD_O_3, code: row.topography_code }] : [], text: row.site ?? "Unknown site" },
    ...(row.topography_code ? { bodySite: [{ coding: [{ system: ICD_O_3, code: row.topography_code }] }] } : {}),
    subject,
    ...(row.stage_group ? { stage: [{ summary: { coding: [{ system: AJCC, code: row.stage_group }], text: `Stage ${row.stage_group}` } }] } : {}),
  };

  const resources: Resource[] = [patient, condition];
  if (row.stage_group) {
    const pathological = row.tnm_prefix?.includes("p") ?? false;
    resources.push({
      resourceType: "Observation",
      id: id("stage"),
      meta: { profile: [`${MCODE}/mcode-tnm-stage-group`] },
      status: "final",
      category: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "exam" }] }],
      code: { coding: [pathological ? { system: SNOMED, code: "399588009", display: "Pathologic TNM stage grouping" } : { system: SNOMED, code: "399537006", display: "Clinical TNM stage grouping" }] },
      subject,
      focus: [conditionRef],
      ...effective,
      method: { coding: [{ system: SNOMED, code: "897275008", display: "American Joint Commission on Cancer, Cancer Staging Manual, 8th edition neoplasm staging system (tumor staging)" }] },
      valueCodeableConcept: { coding: [{ system: AJCC, code: row.stage_group }], text: `Stage ${row.stage_group}` },
    });
  }
  if (present(row.ecog)) {
    resources.push({
      resourceType: "Observation",
      id: id("ecog"),
      meta: { profile: [`${MCODE}/mcode-ecog-performance-status`] },
      status: "final",
      category: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "survey" }] }],
      code: { coding: [{ system: LOINC, code: "89247-1", display: "ECOG Performance Status score" }] },
      subject,
      ...effective,
      valueInteger: row.ecog,
    });
  }
  const status = row.latest_disease_status ? DISEASE_STATUS_SNOMED[row.latest_disease_status] : undefined;
  if (status) {
    resources.push({
      resourceType: "Observation",
      id: id("status"),
      meta: { profile: [`${MCODE}/mcode-cancer-disease-status`] },
      status: "final",
      code: { coding: [{ system: LOINC, code: "97509-4", display: "Cancer disease progression" }] },
      subject,
      focus: [conditionRef],
      valueCodeableConcept: { coding: [{ system: SNOMED, ...status }] },
      ...(present(row.last_follow_up_days) ? { extension: [ext("days-from-decision", { valueInteger: row.last_follow_up_days })] } : {}),
    });
  }

  const modalities = row.modalities ? row.modalities.split(";") : [];
  const outcomeExtensions = (
    [
      ["age-band", row.age_band, "valueString"],
      ["intent", row.intent, "valueString"],
      ["guideline-concordant", row.guideline_concordant, "valueBoolean"],
      ["treatment-given", row.treatment_given, "valueString"],
      ["treatment-followed-recommendation", row.treatment_followed_recommendation, "valueBoolean"],
      ["days-to-treatment", row.days_to_treatment, "valueInteger"],
      ["overall-survival-days", row.os_days, "valueInteger"],
      ["overall-survival-event", row.os_event, "valueBoolean"],
      ["progression-free-survival-days", row.pfs_days, "valueInteger"],
      ["progression-free-survival-event", row.pfs_event, "valueBoolean"],
      ["vital-status", row.vital_status, "valueString"],
    ] as const
  ).flatMap(([name, value, kind]) => (present(value) ? [ext(name, { [kind]: value })] : []));
  resources.push({
    resourceType: "CarePlan",
    id: id("careplan"),
    status: "active",
    intent: "plan",
    title: "Tumour board recommendation",
    subject,
    addresses: [conditionRef],
    ...(identifiable && row.decision_date ? { created: row.decision_date } : {}),
    extension: outcomeExtensions,
    activity: [
      ...modalities.map((m) => ({ detail: { status: "not-started", code: { coding: [{ system: MODALITY_SYSTEM, code: m }], text: m } } })),
      ...(row.trial ? [{ detail: { status: "not-started", code: { text: "Clinical trial" } } }] : []),
    ],
  });
  return resources;
}

/** NDJSON lines (each ending in "\n") of one row. */
export function datasetRowNdjson(row: ExportRow | DatasetRow, mode: ExportMode, sequence: number): string {
  return datasetRowResources(row, mode, sequence).map((r) => `${JSON.stringify(r)}\n`).join("");
}
