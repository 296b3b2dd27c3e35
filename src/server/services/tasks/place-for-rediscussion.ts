import type { Db } from "../db-types";

export type Placement = { placed: "meeting"; meetingId: string; startsAt: Date } | { placed: "waiting-list" };

/**
 * Brings a case back to its board: onto the first planned meeting on or after `notBefore` whose referral cut-off
 * (start minus Board.referralCutoffHours) has not passed, else onto the waiting list with the reason.
 * Stand-in for the meeting engineer's placeCaseOnNextMeeting(tx, caseId, { notBefore, reason }).
 */
export async function placeCaseForRediscussion(tx: Db, caseId: string, opts: { notBefore: Date; reason: string }, now = new Date()): Promise<Placement> {
  const kase = await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: { id: true, boardId: true, board: { select: { referralCutoffHours: true } } } });
  const cutoffMs = kase.board.referralCutoffHours * 3_600_000;
  const meetings = await tx.meeting.findMany({
    where: { boardId: kase.boardId, status: "PLANNED", startsAt: { gte: opts.notBefore, gt: new Date(now.getTime() + cutoffMs) } },
    orderBy: { startsAt: "asc" },
    take: 1,
    select: { id: true, startsAt: true },
  });
  const meeting = meetings[0];
  if (!meeting) {
    await tx.case.update({ where: { id: kase.id }, data: { status: "REFERRED", waitingReason: opts.reason } });
    return { placed: "waiting-list" };
  }
  const existing = await tx.agendaItem.findUnique({ where: { meetingId_caseId: { meetingId: meeting.id, caseId: kase.id } } });
  if (!existing) {
    const last = await tx.agendaItem.findFirst({ where: { meetingId: meeting.id }, orderBy: { position: "desc" }, select: { position: true } });
    await tx.agendaItem.create({ data: { meetingId: meeting.id, caseId: kase.id, position: (last?.position ?? 0) + 1 } });
    await tx.meeting.update({ where: { id: meeting.id }, data: { agendaRevision: { increment: 1 } } });
  }
  await tx.case.update({ where: { id: kase.id }, data: { status: "SCHEDULED", waitingReason: null } });
  return { placed: "meeting", meetingId: meeting.id, startsAt: meeting.startsAt };
}
