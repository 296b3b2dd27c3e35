import type { PrismaClient } from "@/generated/prisma/client";
import { agendaTimeBudget } from "@/domain/agenda/time-budget";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../db-types";
import { ServiceError } from "../errors";
import { bumpAgendaRevision } from "./agenda-revision";
import { assertAgendaEditable, meetingWhen } from "./meeting-rules";
import { OPEN_MEETING_STATUSES } from "./place-case";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export interface AgendaChange {
  revision: number;
  budget: ReturnType<typeof agendaTimeBudget>;
  /** Set when the agenda is now longer than the meeting: a warning, not a refusal. */
  warning: string | null;
}

async function loadEditable(tx: Tx, meetingId: string, now: Date) {
  const meeting = await tx.meeting.findUniqueOrThrow({ where: { id: meetingId }, select: { id: true, boardId: true, startsAt: true, durationMinutes: true, status: true } });
  assertAgendaEditable(meeting, now);
  return meeting;
}

async function summarise(tx: Tx, meetingId: string, durationMinutes: number, revision: number): Promise<AgendaChange> {
  const items = await tx.agendaItem.findMany({ where: { meetingId }, select: { minutesBudget: true } });
  const budget = agendaTimeBudget(items, durationMinutes);
  const warning = budget.overrunMinutes > 0 ? `The agenda is ${budget.overrunMinutes} minutes over the meeting's ${durationMinutes} minutes.` : null;
  return { revision, budget, warning };
}

/** Adds a waiting case of the meeting's board at the end of the agenda. */
export async function addCaseToAgenda(db: PrismaClient, actor: Actor, input: { meetingId: string; caseId: string; expectedRevision: number; minutesBudget?: number }, now = new Date()) {
  return db.$transaction(async (tx) => {
    const meeting = await loadEditable(tx, input.meetingId, now);
    const revision = await bumpAgendaRevision(tx, meeting.id, input.expectedRevision);
    const kase = await tx.case.findUnique({ where: { id: input.caseId }, select: { id: true, boardId: true, patientId: true, status: true } });
    if (!kase || kase.boardId !== meeting.boardId) throw new ServiceError("BAD_REQUEST", "This case was not referred to this meeting's board.");
    if (kase.status === "CLOSED") throw new ServiceError("BAD_REQUEST", "This case is closed.");
    const elsewhere = await tx.agendaItem.findFirst({
      where: { caseId: kase.id, status: "PENDING", meeting: { status: { in: [...OPEN_MEETING_STATUSES] } } },
      select: { meetingId: true, meeting: { select: { startsAt: true, board: { select: { name: true } } } } },
    });
    if (elsewhere) {
      const where = elsewhere.meetingId === meeting.id ? "already on this agenda" : `already on the agenda of the ${elsewhere.meeting.board.name} on ${meetingWhen(elsewhere.meeting.startsAt)}`;
      throw new ServiceError("CONFLICT", `This case is ${where}. A case can be on one open agenda at a time: remove it there first.`);
    }
    if (await tx.agendaItem.findUnique({ where: { meetingId_caseId: { meetingId: meeting.id, caseId: kase.id } } })) {
      throw new ServiceError("CONFLICT", "This case was already on this meeting's agenda.");
    }
    const last = await tx.agendaItem.aggregate({ where: { meetingId: meeting.id }, _max: { position: true } });
    await tx.agendaItem.create({ data: { meetingId: meeting.id, caseId: kase.id, position: (last._max.position ?? 0) + 1, minutesBudget: input.minutesBudget ?? 5 } });
    await tx.case.update({ where: { id: kase.id }, data: { status: "SCHEDULED", waitingReason: null } });
    await recordAudit(tx, actor, { action: "agenda.add", entityType: "Meeting", entityId: meeting.id, patientId: kase.patientId, detail: { caseId: kase.id, revision } });
    return summarise(tx, meeting.id, meeting.durationMinutes, revision);
  });
}

/** Takes a case off the agenda; it goes back to the board's waiting list with the reason. */
export async function removeCaseFromAgenda(db: PrismaClient, actor: Actor, input: { meetingId: string; itemId: string; expectedRevision: number; reason?: string }, now = new Date()) {
  return db.$transaction(async (tx) => {
    const meeting = await loadEditable(tx, input.meetingId, now);
    const revision = await bumpAgendaRevision(tx, meeting.id, input.expectedRevision);
    const item = await tx.agendaItem.findUnique({ where: { id: input.itemId }, select: { id: true, meetingId: true, status: true, caseId: true, case: { select: { patientId: true } } } });
    if (!item || item.meetingId !== meeting.id) throw new ServiceError("NOT_FOUND", "This case is not on this agenda.");
    if (item.status !== "PENDING") throw new ServiceError("BAD_REQUEST", "This case was already discussed at this meeting and stays in its record.");
    await tx.agendaItem.delete({ where: { id: item.id } });
    const reason = input.reason?.trim() || `Removed from the agenda of ${meetingWhen(meeting.startsAt)}`;
    await tx.case.update({ where: { id: item.caseId }, data: { status: "REFERRED", waitingReason: reason } });
    await recordAudit(tx, actor, { action: "agenda.remove", entityType: "Meeting", entityId: meeting.id, patientId: item.case.patientId, reason, detail: { caseId: item.caseId, revision } });
    return summarise(tx, meeting.id, meeting.durationMinutes, revision);
  });
}

/** Sets the order of the whole agenda: `itemIds` lists every item of the meeting once, first to last. */
export async function reorderAgenda(db: PrismaClient, actor: Actor, input: { meetingId: string; itemIds: string[]; expectedRevision: number }, now = new Date()) {
  return db.$transaction(async (tx) => {
    const meeting = await loadEditable(tx, input.meetingId, now);
    const revision = await bumpAgendaRevision(tx, meeting.id, input.expectedRevision);
    const items = await tx.agendaItem.findMany({ where: { meetingId: meeting.id }, select: { id: true, case: { select: { patientId: true } } } });
    const given = new Set(input.itemIds);
    if (given.size !== input.itemIds.length || given.size !== items.length || items.some((i) => !given.has(i.id))) {
      throw new ServiceError("BAD_REQUEST", "The new order must list every case of the agenda exactly once. Reload the agenda and try again.");
    }
    // One statement for the whole agenda, however long.
    await tx.$executeRaw`UPDATE "AgendaItem" SET "position" = array_position(${input.itemIds}::text[], "id") WHERE "meetingId" = ${meeting.id}`;
    await recordAudit(tx, actor, { action: "agenda.reorder", entityType: "Meeting", entityId: meeting.id, detail: { revision, order: input.itemIds } });
    return summarise(tx, meeting.id, meeting.durationMinutes, revision);
  });
}

/** Sets the minutes planned for one case; an agenda over time gets a warning, not a refusal. */
export async function setAgendaMinutes(db: PrismaClient, actor: Actor, input: { meetingId: string; itemId: string; minutesBudget: number; expectedRevision: number }, now = new Date()) {
  return db.$transaction(async (tx) => {
    const meeting = await loadEditable(tx, input.meetingId, now);
    const revision = await bumpAgendaRevision(tx, meeting.id, input.expectedRevision);
    const item = await tx.agendaItem.findUnique({ where: { id: input.itemId }, select: { id: true, meetingId: true, case: { select: { patientId: true } } } });
    if (!item || item.meetingId !== meeting.id) throw new ServiceError("NOT_FOUND", "This case is not on this agenda.");
    await tx.agendaItem.update({ where: { id: item.id }, data: { minutesBudget: input.minutesBudget } });
    await recordAudit(tx, actor, { action: "agenda.minutes", entityType: "Meeting", entityId: meeting.id, patientId: item.case.patientId, detail: { itemId: item.id, minutes: input.minutesBudget, revision } });
    return summarise(tx, meeting.id, meeting.durationMinutes, revision);
  });
}
