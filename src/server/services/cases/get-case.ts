import { assembleTimeline } from "@/domain/timeline/assemble-timeline";
import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";
import { toCaseDocumentSummary } from "./case-documents";
import { CURRENT_OUTCOME } from "../outcomes/read-dataset";

/** Everything the board needs about one case: patient, question, timeline, decisions and outcomes. */
export async function getCase(db: Db, actor: Actor, caseId: string) {
  const kase = await db.case.findUniqueOrThrow({
    where: { id: caseId },
    include: {
      board: { select: { id: true, name: true, tumourSite: true } },
      referrer: { select: { name: true, specialty: true } },
      condition: true,
      patient: {
        include: {
          imagingStudies: { orderBy: { studyDate: "desc" } },
          slides: { orderBy: { acquiredAt: "desc" } },
          findings: { orderBy: { observedAt: "desc" } },
        },
      },
      agendaItems: { include: { meeting: { select: { id: true, startsAt: true, startedAt: true, status: true } } } },
      decisions: {
        orderBy: { version: "desc" },
        include: { recordedBy: { select: { name: true } }, signedBy: { select: { name: true } } },
      },
      // Current versions only: a corrected outcome shows once, a withdrawn one not at all (the history is outcome.history).
      outcomes: { where: CURRENT_OUTCOME, orderBy: { occurredOn: "desc" } },
      documents: { orderBy: { createdAt: "desc" } },
      expertShares: { where: { opinion: { isNot: null } }, select: { expertName: true, opinion: true } },
    },
  });
  await recordAudit(db, actor, { action: "case.read", entityType: "Case", entityId: kase.id, patientId: kase.patientId });

  const { patient } = kase;
  // When the board actually discussed it (recorded in the meeting), not the day the meeting was planned for.
  const discussed = kase.agendaItems.filter((i) => i.status === "DISCUSSED").map((i) => (i.discussedAt ?? i.meeting.startedAt ?? i.meeting.startsAt).getTime());
  const lastDiscussedAt = discussed.length ? new Date(Math.max(...discussed)) : null;

  return {
    id: kase.id,
    status: kase.status,
    urgency: kase.urgency,
    questionType: kase.questionType,
    clinicalQuestion: kase.clinicalQuestion,
    createdAt: kase.createdAt,
    board: kase.board,
    referrer: kase.referrer,
    patient: {
      id: patient.id,
      mrn: patient.mrn,
      familyName: patient.familyName,
      givenName: patient.givenName,
      birthDate: patient.birthDate,
      sex: patient.sex,
      researchPseudonym: patient.researchPseudonym,
    },
    condition: kase.condition && {
      topographyCode: kase.condition.topographyCode,
      topographyDisplay: kase.condition.topographyDisplay,
      morphologyCode: kase.condition.morphologyCode,
      morphologyDisplay: kase.condition.morphologyDisplay,
      diagnosisDate: kase.condition.diagnosisDate,
    },
    meetings: kase.agendaItems.map((i) => ({ meetingId: i.meeting.id, startsAt: i.meeting.startsAt, itemStatus: i.status })),
    lastDiscussedAt,
    timeline: assembleTimeline(
      { studies: patient.imagingStudies, slides: patient.slides, findings: patient.findings, documents: kase.documents.map(toCaseDocumentSummary),
        opinions: kase.expertShares.flatMap((s) => (s.opinion ? [{ id: s.opinion.id, submittedAt: s.opinion.submittedAt, expertName: s.expertName, agreesWithPlan: s.opinion.agreesWithPlan, alternative: s.opinion.alternative }] : [])),
        lastDiscussedAt,
      },
      { order: "newest" },
    ),
    decisions: kase.decisions.map((d) => ({
      id: d.id,
      version: d.version,
      status: d.status,
      meetingId: d.meetingId,
      tnmPrefix: d.tnmPrefix,
      tCategory: d.tCategory,
      nCategory: d.nCategory,
      mCategory: d.mCategory,
      stageGroup: d.stageGroup,
      intent: d.intent,
      recommendation: d.recommendation,
      rationale: d.rationale,
      recordedBy: d.recordedBy.name,
      signedBy: d.signedBy?.name ?? null,
      signedAt: d.signedAt,
      updatedAt: d.updatedAt,
    })),
    outcomes: kase.outcomes.map((o) => ({ id: o.id, kind: o.kind, occurredOn: o.occurredOn, note: o.note })),
  };
}
