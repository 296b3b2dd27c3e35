import type { Db } from "../db-types";

/**
 * Records the day the board discussed a case: the first time it is shown or decided while its meeting is in
 * progress. Later calls keep the first date; outside a running meeting nothing is recorded (a draft prepared the
 * day before is not a discussion).
 */
export async function markCaseDiscussed(db: Db, input: { meetingId: string; caseId: string }, now = new Date()): Promise<void> {
  await db.agendaItem.updateMany({
    where: { meetingId: input.meetingId, caseId: input.caseId, discussedAt: null, meeting: { status: "IN_PROGRESS" } },
    data: { discussedAt: now },
  });
}
