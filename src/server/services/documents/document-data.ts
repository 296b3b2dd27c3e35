/** From the database to the plain data the PDF, ICS and FHIR builders take: labels in words, JSON columns parsed. */
import type { Prisma } from "@/generated/prisma/client";
import { SPECIALTY_LABELS, type SpecialtyName } from "@/domain/roles";
import type { AgendaDocument, DecisionSummary, MinutesDocument } from "@/integrations/pdf/types";
import { MODALITY_LABELS as DECISION_MODALITY_LABELS } from "@/domain/decisions/catalogue";
import type { Db } from "../db-types";

// One list of modality names for the form, the minutes, the letters and the FHIR export.
export const MODALITY_LABELS: Record<string, string> = DECISION_MODALITY_LABELS;
const INTENT_LABELS = { CURATIVE: "Curative", PALLIATIVE: "Palliative", NONE: "No anticancer treatment" } as const;
export const SEX_LABELS = { FEMALE: "female", MALE: "male", OTHER: "other", UNKNOWN: "sex unknown" } as const;

export const words = (value: string) => value.charAt(0) + value.slice(1).toLowerCase().replaceAll("_", " ");
export const specialtyLabel = (s: string) => SPECIALTY_LABELS[s as SpecialtyName] ?? words(s);

const asArray = (v: Prisma.JsonValue): Record<string, unknown>[] =>
  Array.isArray(v) ? (v.filter((x) => typeof x === "object" && x !== null && !Array.isArray(x)) as Record<string, unknown>[]) : [];
const str = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));

export function parseBiomarkers(v: Prisma.JsonValue): { marker: string; value: string; method: string | null }[] {
  return asArray(v)
    .map((b) => ({ marker: str(b.marker).trim(), value: str(b.value).trim(), method: str(b.method).trim() || null }))
    .filter((b) => b.marker && b.value);
}

export function diagnosisLine(c: { morphologyDisplay: string; morphologyCode: string; topographyDisplay: string; topographyCode: string } | null): string | null {
  return c ? `${c.morphologyDisplay} (${c.morphologyCode}), ${c.topographyDisplay} (${c.topographyCode})` : null;
}

export const decisionInclude = {
  signedBy: { select: { name: true } },
} as const;

type DecisionRow = Prisma.DecisionGetPayload<{ include: typeof decisionInclude }>;

export function decisionSummary(d: DecisionRow): DecisionSummary {
  const tnm = [d.tCategory, d.nCategory, d.mCategory].some(Boolean)
    ? [d.tCategory, d.nCategory, d.mCategory]
        .filter((x): x is string => !!x)
        .map((x) => (d.tnmPrefix && !x.startsWith(d.tnmPrefix) ? `${d.tnmPrefix}${x}` : x))
        .join(" ")
    : null;
  return {
    version: d.version,
    signed: d.status === "SIGNED",
    tnm,
    stageGroup: d.stageGroup,
    histology: d.histology,
    grade: d.grade,
    ecog: d.ecog,
    biomarkers: parseBiomarkers(d.biomarkers),
    intent: INTENT_LABELS[d.intent],
    modalities: d.modalities.map((m) => MODALITY_LABELS[m] ?? words(m)),
    trialIdentifier: d.trialIdentifier,
    sequence: d.sequence,
    recommendation: d.recommendation,
    rationale: d.rationale,
    guideline:
      d.guidelineConcordant === null ? null : d.guidelineConcordant ? "Concordant with guidelines" : `Deviates from guidelines${d.guidelineDeviationReason ? `: ${d.guidelineDeviationReason}` : ""}`,
    dissents: asArray(d.dissents)
      .map((x) => ({ name: str(x.name), specialty: x.specialty ? specialtyLabel(str(x.specialty)) : null, opinion: str(x.opinion) }))
      .filter((x) => x.name || x.opinion),
    quorate: d.quorate,
    quorumMissing: d.quorumMissing.map(specialtyLabel),
    quorumOverrideReason: d.quorumOverrideReason,
    signedBy: d.signedBy?.name ?? null,
    signedAt: d.signedAt,
    correctionReason: d.correctionReason,
  };
}

const patientSelect = { id: true, mrn: true, familyName: true, givenName: true, birthDate: true, sex: true } as const;
const conditionSelect = { topographyCode: true, topographyDisplay: true, morphologyCode: true, morphologyDisplay: true } as const;

/** The agenda of a meeting, in order, and the patient IDs on it (for the audit). */
export async function loadAgenda(db: Db, meetingId: string) {
  const meeting = await db.meeting.findUniqueOrThrow({
    where: { id: meetingId },
    include: {
      board: { select: { name: true, slug: true } },
      agendaItems: {
        orderBy: { position: "asc" },
        include: { case: { select: { patientId: true, questionType: true, clinicalQuestion: true, urgency: true, patient: { select: patientSelect }, condition: { select: conditionSelect } } } },
      },
    },
  });
  const document: AgendaDocument = {
    board: meeting.board.name,
    startsAt: meeting.startsAt,
    durationMinutes: meeting.durationMinutes,
    location: meeting.location,
    videoLink: meeting.videoLink,
    items: meeting.agendaItems.map((item, index) => ({
      position: index + 1,
      patient: item.case.patient,
      diagnosis: item.case.condition ? `${item.case.condition.morphologyDisplay}, ${item.case.condition.topographyDisplay}` : null,
      questionType: words(item.case.questionType),
      clinicalQuestion: item.case.clinicalQuestion,
      urgent: item.case.urgency === "URGENT",
      minutesBudget: item.minutesBudget,
    })),
  };
  return { meeting, document, patientIds: meeting.agendaItems.map((i) => i.case.patientId) };
}

/** The minutes of a meeting: attendance, quorum and, per case, the latest decision recorded at this meeting. */
export async function loadMinutes(db: Db, meetingId: string) {
  const meeting = await db.meeting.findUniqueOrThrow({
    where: { id: meetingId },
    include: {
      board: { select: { name: true, slug: true, quorumSpecialties: true } },
      attendances: { include: { user: { select: { name: true } } }, orderBy: { recordedAt: "asc" } },
      decisions: { include: decisionInclude, orderBy: { version: "desc" } },
      agendaItems: {
        orderBy: { position: "asc" },
        include: { case: { select: { patientId: true, clinicalQuestion: true, patient: { select: patientSelect }, condition: { select: conditionSelect } } } },
      },
    },
  });
  const present = new Set(meeting.attendances.map((a) => a.specialty as string));
  const missing = meeting.board.quorumSpecialties.filter((s) => !present.has(s));
  const latestByCase = new Map<string, DecisionRow>();
  for (const d of meeting.decisions) if (!latestByCase.has(d.caseId)) latestByCase.set(d.caseId, d);

  const document: MinutesDocument = {
    board: meeting.board.name,
    startsAt: meeting.startsAt,
    durationMinutes: meeting.durationMinutes,
    location: meeting.location,
    videoLink: meeting.videoLink,
    status: words(meeting.status),
    attendance: meeting.attendances.map((a) => ({ name: a.user.name, specialty: specialtyLabel(a.specialty), mode: a.mode === "REMOTE" ? "remote" : "in room" })),
    quorum: { required: meeting.board.quorumSpecialties.map(specialtyLabel), met: missing.length === 0, missing: missing.map(specialtyLabel) },
    items: meeting.agendaItems.map((item, index) => {
      const decision = latestByCase.get(item.caseId);
      return {
        position: index + 1,
        patient: item.case.patient,
        diagnosis: diagnosisLine(item.case.condition),
        clinicalQuestion: item.case.clinicalQuestion,
        status: words(item.status),
        discussedAt: item.discussedAt,
        deferredReason: item.status === "DEFERRED" ? (item.deferredReason ?? "No reason given") : null,
        decision: decision ? decisionSummary(decision) : null,
      };
    }),
  };
  return { meeting, document, patientIds: meeting.agendaItems.map((i) => i.case.patientId) };
}
