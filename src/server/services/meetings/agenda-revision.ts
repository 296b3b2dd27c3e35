import type { Db } from "../db-types";
import { ServiceError } from "../errors";
import { meetingWhen } from "./meeting-rules";

/** The audit actions that change an agenda: the last one names who changed it when a conflict is reported. */
export const AGENDA_CHANGE_ACTIONS = ["agenda.add", "agenda.remove", "agenda.reorder", "agenda.minutes", "agenda.place"] as const;

/**
 * Optimistic concurrency for agenda edits: bumps Meeting.agendaRevision only if it still is `expected`
 * (UPDATE ... WHERE "agendaRevision" = expected, atomic in PostgreSQL). Otherwise someone changed the agenda since
 * the editor loaded it: CONFLICT naming who, and the client reloads the current order.
 */
export async function bumpAgendaRevision(db: Db, meetingId: string, expected: number): Promise<number> {
  const { count } = await db.meeting.updateMany({ where: { id: meetingId, agendaRevision: expected }, data: { agendaRevision: { increment: 1 } } });
  if (count === 1) return expected + 1;
  const last = await db.auditEvent.findFirst({
    where: { entityType: "Meeting", entityId: meetingId, action: { in: [...AGENDA_CHANGE_ACTIONS] } },
    orderBy: { id: "desc" },
    select: { at: true, actor: { select: { name: true } }, actorEmail: true },
  });
  const who = last ? `${last.actor?.name ?? last.actorEmail} (${meetingWhen(last.at)})` : "someone else";
  throw new ServiceError("CONFLICT", `The agenda was changed by ${who} while you were editing. Your change was not saved; here is the current order.`);
}
