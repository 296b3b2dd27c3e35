/**
 * The words an outcome is recorded in, mirrored from prisma/schema.prisma so that the domain layer stays free of I/O
 * imports. Named after mCODE: treatment given (CancerRelatedSurgicalProcedure, CancerRelatedMedicationStatement,
 * RadiotherapyCourseSummary), CancerDiseaseStatus with its evidence type, and vital status.
 */
import type { IntentName } from "../decisions/catalogue";
export const OUTCOME_KINDS = ["TREATMENT", "DISEASE_STATUS", "PROGRESSION", "RECURRENCE", "ALIVE", "DEATH", "LOST_TO_FOLLOW_UP"] as const;
export type OutcomeKindName = (typeof OUTCOME_KINDS)[number];

export const OUTCOME_KIND_LABELS: Record<OutcomeKindName, string> = {
  TREATMENT: "Treatment given",
  DISEASE_STATUS: "Disease status",
  PROGRESSION: "Progression",
  RECURRENCE: "Recurrence",
  ALIVE: "Alive at last contact",
  DEATH: "Death",
  LOST_TO_FOLLOW_UP: "Lost to follow-up",
};

export const OUTCOME_TREATMENTS = ["SURGERY", "SYSTEMIC_THERAPY", "RADIOTHERAPY", "OTHER"] as const;
export type OutcomeTreatmentName = (typeof OUTCOME_TREATMENTS)[number];
export const OUTCOME_TREATMENT_LABELS: Record<OutcomeTreatmentName, string> = {
  SURGERY: "Surgery",
  SYSTEMIC_THERAPY: "Systemic therapy",
  RADIOTHERAPY: "Radiotherapy",
  OTHER: "Other",
};

export const DEVIATION_REASONS = ["PATIENT_CHOICE", "FITNESS", "PROGRESSION", "OTHER"] as const;
export type DeviationReasonName = (typeof DEVIATION_REASONS)[number];
export const DEVIATION_REASON_LABELS: Record<DeviationReasonName, string> = {
  PATIENT_CHOICE: "Patient choice",
  FITNESS: "Fitness",
  PROGRESSION: "Progression",
  OTHER: "Other",
};

export const DISEASE_STATUSES = ["NO_EVIDENCE_OF_DISEASE", "RESPONDING", "STABLE", "PROGRESSING", "NOT_ASSESSED"] as const;
export type DiseaseStatusName = (typeof DISEASE_STATUSES)[number];
export const DISEASE_STATUS_LABELS: Record<DiseaseStatusName, string> = {
  NO_EVIDENCE_OF_DISEASE: "No evidence of disease",
  RESPONDING: "Responding",
  STABLE: "Stable",
  PROGRESSING: "Progressing",
  NOT_ASSESSED: "Not assessed",
};

export const DISEASE_STATUS_EVIDENCE = ["IMAGING", "PATHOLOGY", "CLINICAL"] as const;
export type DiseaseStatusEvidenceName = (typeof DISEASE_STATUS_EVIDENCE)[number];
export const DISEASE_STATUS_EVIDENCE_LABELS: Record<DiseaseStatusEvidenceName, string> = {
  IMAGING: "Imaging",
  PATHOLOGY: "Pathology",
  CLINICAL: "Clinical",
};

export const CAUSES_OF_DEATH = ["CANCER", "OTHER", "UNKNOWN"] as const;
export type CauseOfDeathName = (typeof CAUSES_OF_DEATH)[number];
export const CAUSE_OF_DEATH_LABELS: Record<CauseOfDeathName, string> = {
  CANCER: "Cancer",
  OTHER: "Other cause",
  UNKNOWN: "Unknown cause",
};

export const RECORD_SOURCES = ["ENTERED", "CSV_IMPORT", "FHIR_IMPORT", "DEMO"] as const;
export type RecordSourceName = (typeof RECORD_SOURCES)[number];

/** What one outcome records, whatever carries it (the Outcome row, a FHIR resource, an imported registry row). */
export interface OutcomeRecord {
  kind: OutcomeKindName;
  occurredOn: Date;
  endedOn: Date | null;
  treatment: OutcomeTreatmentName | null;
  treatmentIntent: IntentName | null;
  followedRecommendation: boolean | null;
  deviationReason: DeviationReasonName | null;
  diseaseStatus: DiseaseStatusName | null;
  evidence: DiseaseStatusEvidenceName[];
  causeOfDeath: CauseOfDeathName | null;
  note: string;
}

/** Only the recorded fields of an outcome, without ids, versions or provenance: what export and import compare and copy. */
export function outcomeRecordOf(o: OutcomeRecord): OutcomeRecord {
  return {
    kind: o.kind,
    occurredOn: o.occurredOn,
    endedOn: o.endedOn,
    treatment: o.treatment,
    treatmentIntent: o.treatmentIntent,
    followedRecommendation: o.followedRecommendation,
    deviationReason: o.deviationReason,
    diseaseStatus: o.diseaseStatus,
    evidence: o.evidence,
    causeOfDeath: o.causeOfDeath,
    note: o.note,
  };
}
