import { buildDecisionBundle, type FhirBundle, type OutcomeExportInput } from "@/integrations/fhir/mcode-export";
import { outcomeRecordOf } from "@/domain/outcomes/vocabulary";
import { CURRENT_OUTCOME } from "../outcomes/read-dataset";
import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";
import { ServiceError } from "../errors";
import { MODALITY_LABELS, parseBiomarkers } from "./document-data";
import { cleanFilename } from "./filename";
import { loadDecisionDiscussedOn, meetingDaySelect } from "../meetings/discussed-on";

/** The identifier system of the hospital's MRNs in FHIR exports (CONCILIUM_FHIR_MRN_SYSTEM). */
export const mrnSystem = () => process.env.CONCILIUM_FHIR_MRN_SYSTEM?.trim() || "https://concilium.dev/fhir/identifier/mrn";

/** A decision as an mCODE Bundle; audited against the patient. */
export async function exportDecisionFhir(db: Db, actor: Actor, decisionId: string): Promise<{ bundle: FhirBundle; filename: string }> {
  const decision = await db.decision.findUnique({
    where: { id: decisionId },
    include: {
      signedBy: { select: { name: true } },
      meeting: { select: meetingDaySelect },
      case: { include: { patient: true, condition: true, board: { select: { name: true } } } },
    },
  });
  if (!decision) throw new ServiceError("NOT_FOUND", "No such decision.");
  const { patient, condition } = decision.case;
  if (!condition) {
    throw new ServiceError("BAD_REQUEST", "This case has no diagnosis (ICD-O-3 topography and morphology) recorded; mCODE needs it for the PrimaryCancerCondition. Record the diagnosis first.");
  }
  // A later signed version replaces this one: its plan is no longer in force.
  const laterSigned = await db.decision.findFirst({
    where: { caseId: decision.caseId, version: { gt: decision.version }, status: "SIGNED" },
    orderBy: { version: "asc" },
    select: { version: true, correctionReason: true },
  });
  const bundle = buildDecisionBundle({
    patient,
    mrnSystem: mrnSystem(),
    condition,
    decision: {
      id: decision.id,
      version: decision.version,
      status: decision.status,
      tnmPrefix: decision.tnmPrefix,
      tCategory: decision.tCategory,
      nCategory: decision.nCategory,
      mCategory: decision.mCategory,
      stageGroup: decision.stageGroup,
      histology: decision.histology,
      grade: decision.grade,
      ecog: decision.ecog ?? decision.case.ecog,
      biomarkers: parseBiomarkers(decision.biomarkers),
      intent: decision.intent,
      modalities: decision.modalities,
      modalityLabels: MODALITY_LABELS,
      trialIdentifier: decision.trialIdentifier,
      sequence: decision.sequence,
      recommendation: decision.recommendation,
      rationale: decision.rationale,
      effective: await loadDecisionDiscussedOn(db, decision),
      signedAt: decision.signedAt,
      signedBy: decision.signedBy?.name ?? null,
      board: decision.case.board.name,
      supersededBy: laterSigned ? { version: laterSigned.version, correction: laterSigned.correctionReason !== null } : null,
      guidelineConcordant: decision.guidelineConcordant,
      guidelineDeviationReason: decision.guidelineDeviationReason,
    },
    case: { identifier: decision.case.externalId ?? decision.case.id, referredOn: decision.case.createdAt },
    // What followed a signed decision (a draft's bundle rests on preliminary findings: no outcomes yet).
    outcomes: decision.status === "SIGNED" ? await caseOutcomes(db, decision.caseId) : [],
  });
  await recordAudit(db, actor, { action: "decision.export.fhir", entityType: "Decision", entityId: decision.id, patientId: patient.id, detail: { version: decision.version } });
  return { bundle, filename: cleanFilename(["mcode", patient.mrn, `decision-v${decision.version}`], "json") };
}

/** The current version of each outcome of a case, oldest first, as the export takes them. */
export async function caseOutcomes(db: Db, caseId: string): Promise<OutcomeExportInput[]> {
  const outcomes = await db.outcome.findMany({ where: { caseId, ...CURRENT_OUTCOME }, orderBy: { occurredOn: "asc" } });
  // Ordered by date and then by the identifier the bundle carries, so that an import and a new export keep the order.
  return outcomes
    .map((o) => ({ identifier: o.externalId ?? o.lineageId, ...outcomeRecordOf(o) }))
    .sort((a, b) => a.occurredOn.getTime() - b.occurredOn.getTime() || a.identifier.localeCompare(b.identifier));
}
