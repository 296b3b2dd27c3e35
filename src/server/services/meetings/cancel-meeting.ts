import type { PrismaClient } from "@/generated/prisma/client";
import { commitLiveChange } from "../live/live-state";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../db-types";
import { sendMeetingCancelled } from "../documents/meeting-mail";
import { ServiceError } from "../errors";
import { notifyUsers } from "../notifications/notify";
import { assertAgendaEditable, meetingDay, meetingWhen } from "./meeting-rules";
import { placeCaseOnNextMeeting } from "./place-case";
import { CLINICAL_MEMBERSHIP } from "../boards/clinical-members";

export interface CancelResult {
  moved: { caseId: string; to: { meetingId: string; startsAt: Date } | null }[];
  notified: number;
  /** null: the agenda was never published, so nobody had an invitation to withdraw. */
  mail: { configured: boolean; sent: number; failed: number } | null;
}

/**
 * Cancels a planned meeting (a holiday, a strike, too few specialists). Every case on its agenda moves, with the
 * cancellation as its reason, to the next meeting of the board that still takes referrals, or to the waiting list;
 * board members and the cases' referrers are told in the app, and members who got the invitation receive the
 * cancelled calendar event. A meeting that has started, or with decisions recorded at it, is finished instead:
 * cancelling it would hide what the board already decided.
 */
export async function cancelMeeting(db: PrismaClient, actor: Actor, input: { meetingId: string; reason: string }, now = new Date()): Promise<CancelResult> {
  const reason = input.reason.trim();
  if (reason.length < 3) throw new ServiceError("BAD_REQUEST", "Give the reason for cancelling: members and referrers are told it.");
  const result = await db.$transaction(async (tx) => {
    const meeting = await tx.meeting.findUniqueOrThrow({
      where: { id: input.meetingId },
      select: {
        id: true,
        startsAt: true,
        durationMinutes: true,
        status: true,
        publishedAt: true,
        board: { select: { name: true, memberships: { where: CLINICAL_MEMBERSHIP, select: { userId: true } } } },
        agendaItems: { where: { status: "PENDING" }, orderBy: { position: "asc" }, select: { id: true, caseId: true, case: { select: { patientId: true, referringUserId: true } } } },
        _count: { select: { decisions: true } },
      },
    });
    if (meeting.status === "IN_PROGRESS") throw new ServiceError("BAD_REQUEST", "This meeting has started: finish it instead, and the cases not discussed move to the next meeting.");
    assertAgendaEditable(meeting, now);
    if (meeting._count.decisions > 0) {
      const n = meeting._count.decisions;
      throw new ServiceError("BAD_REQUEST", `${n} decision${n === 1 ? " is" : "s are"} already recorded at this meeting: finish it instead of cancelling it.`);
    }
    // Conditional on the status read above: of two people cancelling (or one finishing) at once, one wins.
    const { count } = await tx.meeting.updateMany({
      where: { id: meeting.id, status: "PLANNED" },
      data: { status: "CANCELLED", cancelledAt: now, cancelReason: reason, agendaRevision: { increment: 1 } },
    });
    if (count === 0) throw new ServiceError("CONFLICT", "This meeting was changed by someone else just now: reload the page.");
    // Tells live followers: a guest's stream closes at once.
    await commitLiveChange(tx, meeting.id, { presenterId: null });

    const caseReason = `Meeting of ${meetingDay(meeting.startsAt)} cancelled: ${reason}`;
    const moved: CancelResult["moved"] = [];
    for (const item of meeting.agendaItems) {
      await tx.agendaItem.update({ where: { id: item.id }, data: { status: "DEFERRED", deferredReason: caseReason } });
      const placement = await placeCaseOnNextMeeting(tx, item.caseId, { notBefore: now, reason: caseReason, now, actor });
      moved.push({ caseId: item.caseId, to: placement.meeting && { meetingId: placement.meeting.id, startsAt: placement.meeting.startsAt } });
      await notifyUsers(tx, [item.case.referringUserId], {
        kind: "CASE_MOVED",
        title: placement.meeting ? `A case you referred moves to ${meetingWhen(placement.meeting.startsAt)}` : "A case you referred waits for the next meeting",
        body: caseReason,
        link: `/cases/${item.caseId}`,
      });
    }
    // The invitation is void: unread "agenda published" notices give way to the cancellation.
    const link = `/meetings/${meeting.id}`;
    const members = meeting.board.memberships.map((m) => m.userId);
    await tx.notification.deleteMany({ where: { userId: { in: members }, kind: "AGENDA_PUBLISHED", link, readAt: null } });
    const notified = await notifyUsers(tx, members, {
      kind: "MEETING_CANCELLED",
      title: `Meeting cancelled: ${meeting.board.name}, ${meetingWhen(meeting.startsAt)}`,
      body: reason,
      link,
    });
    await recordAudit(tx, actor, [
      { action: "meeting.cancel", entityType: "Meeting", entityId: meeting.id, reason, detail: { moved: moved.length, notified } },
      ...meeting.agendaItems.map((i) => ({ action: "agenda.defer", entityType: "Meeting", entityId: meeting.id, patientId: i.case.patientId, reason: caseReason, detail: { caseId: i.caseId } })),
    ]);
    return { moved, notified, published: meeting.publishedAt !== null };
  });
  // After the transaction, as for publishing: a mail failure never undoes the cancellation. Only members who were
  // invited (a published agenda) get the cancelled event.
  if (!result.published) return { moved: result.moved, notified: result.notified, mail: null };
  const mail = await sendMeetingCancelled(db, input.meetingId, { actor }).catch(() => null);
  return {
    moved: result.moved,
    notified: result.notified,
    mail: mail ? { configured: mail.configured, sent: mail.sent.length, failed: mail.failed.length } : { configured: true, sent: 0, failed: 1 },
  };
}
