import type { Prisma } from "@/generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../db-types";

export interface Placement {
  /** The meeting the case now sits on, or null when it waits on the chair's waiting list. */
  meeting: { id: string; startsAt: Date } | null;
  /** True when the case already was on an open agenda and nothing changed. */
  alreadyScheduled: boolean;
}

/** Statuses of a meeting whose agenda still lies ahead. */
export const OPEN_MEETING_STATUSES = ["PLANNED", "IN_PROGRESS"] as const;

/**
 * Puts a case on the next meeting of its board that still takes referrals, or on the chair's waiting list.
 *
 * The meeting is the first PLANNED meeting of the case's board with `startsAt - board.referralCutoffHours > now`
 * and `startsAt >= notBefore`, on which the case is not yet listed; the case goes to the end of its agenda (and the
 * agenda's revision is bumped, so an open editor reloads). Without such a meeting the case waits: status REFERRED
 * with `waitingReason`. A case already pending on an open agenda stays where it is, unless `alsoWhenScheduled`
 * (a re-discussion after today's meeting).
 *
 * Used by referrals, by finishing a meeting (cases not discussed) and by re-discussion tasks. Call it inside the
 * caller's transaction; `actor` is recorded in the audit log when given.
 */
export async function placeCaseOnNextMeeting(
  tx: Prisma.TransactionClient,
  caseId: string,
  options: { notBefore: Date; reason?: string; now?: Date; actor?: Actor; alsoWhenScheduled?: boolean },
): Promise<Placement> {
  const now = options.now ?? new Date();
  const kase = await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: { id: true, boardId: true, patientId: true, board: { select: { referralCutoffHours: true } } } });
  // A re-discussion (alsoWhenScheduled) is a later, second discussion: today's agenda does not count for it.
  const open = options.alsoWhenScheduled
    ? null
    : await tx.agendaItem.findFirst({
        where: { caseId, status: "PENDING", meeting: { status: { in: [...OPEN_MEETING_STATUSES] } } },
        select: { meeting: { select: { id: true, startsAt: true } } },
      });
  if (open) return { meeting: open.meeting, alreadyScheduled: true };

  const cutoff = new Date(now.getTime() + kase.board.referralCutoffHours * 3_600_000);
  const earliest = new Date(Math.max(cutoff.getTime() + 1, options.notBefore.getTime()));
  const meeting = await tx.meeting.findFirst({
    where: { boardId: kase.boardId, status: "PLANNED", startsAt: { gte: earliest }, agendaItems: { none: { caseId } } },
    orderBy: { startsAt: "asc" },
    select: { id: true, startsAt: true },
  });

  if (!meeting) {
    await tx.case.update({ where: { id: caseId }, data: { status: "REFERRED", waitingReason: options.reason ?? "No meeting with open referrals yet" } });
    if (options.actor) await recordAudit(tx, options.actor, { action: "case.wait", entityType: "Case", entityId: caseId, patientId: kase.patientId, reason: options.reason ?? null });
    return { meeting: null, alreadyScheduled: false };
  }
  const last = await tx.agendaItem.aggregate({ where: { meetingId: meeting.id }, _max: { position: true } });
  await tx.agendaItem.create({ data: { meetingId: meeting.id, caseId, position: (last._max.position ?? 0) + 1 } });
  await tx.meeting.update({ where: { id: meeting.id }, data: { agendaRevision: { increment: 1 } } });
  await tx.case.update({ where: { id: caseId }, data: { status: "SCHEDULED", waitingReason: options.reason ?? null } });
  if (options.actor) {
    await recordAudit(tx, options.actor, { action: "agenda.place", entityType: "Meeting", entityId: meeting.id, patientId: kase.patientId, reason: options.reason ?? null, detail: { caseId } });
  }
  return { meeting, alreadyScheduled: false };
}
