import { suggestOrder } from "@/domain/agenda/suggest-order";
import { agendaTimeBudget } from "@/domain/agenda/time-budget";
import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";
import { readinessOfCases } from "../readiness/load-readiness";

/**
 * A meeting's agenda with each case's patient, latest decision and readiness, the time budget and the order the app
 * suggests. The number of queries does not grow with the number of cases: Prisma loads each relation level in one
 * query, and readiness facts are loaded for all cases at once.
 */
export async function getAgenda(db: Db, actor: Actor, meetingId: string, now = new Date()) {
  const meeting = await db.meeting.findUniqueOrThrow({
    where: { id: meetingId },
    include: {
      board: { select: { id: true, name: true } },
      agendaItems: {
        orderBy: { position: "asc" },
        include: {
          case: {
            include: {
              patient: { select: { id: true, mrn: true, familyName: true, givenName: true, birthDate: true, sex: true } },
              condition: { select: { topographyCode: true, topographyDisplay: true, morphologyDisplay: true } },
              referrer: { select: { name: true } },
              decisions: { orderBy: { version: "desc" }, take: 1, select: { id: true, status: true, stageGroup: true, intent: true } },
            },
          },
        },
      },
    },
  });
  const readiness = await readinessOfCases(db, meeting.agendaItems.map((i) => i.caseId), now);

  await recordAudit(
    db,
    actor,
    meeting.agendaItems.map((item) => ({
      action: "agenda.read",
      entityType: "Meeting",
      entityId: meeting.id,
      patientId: item.case.patientId,
    })),
  );

  const items = meeting.agendaItems.map((item) => {
    const r = readiness.get(item.caseId) ?? { status: "READY" as const, items: [], missing: 0, stale: 0 };
    return {
      id: item.id,
      position: item.position,
      minutesBudget: item.minutesBudget,
      status: item.status,
      deferredReason: item.deferredReason,
      caseId: item.caseId,
      questionType: item.case.questionType,
      clinicalQuestion: item.case.clinicalQuestion,
      urgency: item.case.urgency,
      referredAt: item.case.createdAt,
      referrerName: item.case.referrer.name,
      waitingReason: item.case.waitingReason,
      patient: item.case.patient,
      condition: item.case.condition,
      latestDecision: item.case.decisions[0] ?? null,
      readiness: {
        status: r.status,
        missing: r.missing,
        stale: r.stale,
        items: r.items.map((i) => ({ key: i.key, label: i.label, state: i.state, detail: i.detail, responsibleSpecialty: i.responsibleSpecialty, requested: i.request !== null })),
      },
    };
  });
  const suggestion = suggestOrder(
    items.filter((i) => i.status === "PENDING").map((i) => ({ id: i.id, urgency: i.urgency, waitingSince: i.referredAt, readiness: i.readiness.status, position: i.position })),
    now,
  );
  // Cases already discussed keep their places at the top; the suggestion orders the rest.
  const settled = items.filter((i) => i.status !== "PENDING").map((i) => i.id);

  return {
    id: meeting.id,
    board: meeting.board,
    startsAt: meeting.startsAt,
    durationMinutes: meeting.durationMinutes,
    location: meeting.location,
    videoLink: meeting.videoLink,
    status: meeting.status,
    revision: meeting.agendaRevision,
    publishedAt: meeting.publishedAt,
    finishedAt: meeting.finishedAt,
    cancelledAt: meeting.cancelledAt,
    cancelReason: meeting.cancelReason,
    budget: agendaTimeBudget(meeting.agendaItems, meeting.durationMinutes),
    suggestedOrder: { ids: [...settled, ...suggestion.ids], reasons: suggestion.reasons },
    items,
  };
}
