import { agendaTimeBudget } from "@/domain/agenda/time-budget";
import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";

/**
 * A meeting's agenda with each case's patient and latest decision. The number of queries does not grow with
 * the number of cases: Prisma loads each relation level in one query.
 */
export async function getAgenda(db: Db, actor: Actor, meetingId: string) {
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
              decisions: { orderBy: { version: "desc" }, take: 1, select: { id: true, status: true, stageGroup: true, intent: true } },
            },
          },
        },
      },
    },
  });

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

  return {
    id: meeting.id,
    board: meeting.board,
    startsAt: meeting.startsAt,
    durationMinutes: meeting.durationMinutes,
    location: meeting.location,
    videoLink: meeting.videoLink,
    status: meeting.status,
    budget: agendaTimeBudget(meeting.agendaItems, meeting.durationMinutes),
    items: meeting.agendaItems.map((item) => ({
      id: item.id,
      position: item.position,
      minutesBudget: item.minutesBudget,
      status: item.status,
      caseId: item.caseId,
      questionType: item.case.questionType,
      clinicalQuestion: item.case.clinicalQuestion,
      urgency: item.case.urgency,
      patient: item.case.patient,
      condition: item.case.condition,
      latestDecision: item.case.decisions[0] ?? null,
    })),
  };
}
