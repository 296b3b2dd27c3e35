import type { PrismaClient } from "@/generated/prisma/client";
import { commitLiveChange } from "../live/live-state";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../db-types";
import { ServiceError } from "../errors";
import { notifyUsers } from "../notifications/notify";
import { meetingDay, meetingWhen } from "./meeting-rules";
import { placeCaseOnNextMeeting } from "./place-case";

export interface FinishResult {
  discussed: number;
  moved: { caseId: string; reason: string; to: { meetingId: string; startsAt: Date } | null }[];
}

/**
 * Ends the meeting. A pending case with a decision recorded at this meeting counts as discussed; every other pending
 * case is deferred with a reason (the chair's, or "Not discussed at the meeting of <date>") and placed on the next
 * meeting of the board, or on the waiting list.
 */
export async function finishMeeting(db: PrismaClient, actor: Actor, input: { meetingId: string; reasons?: { itemId: string; reason: string }[] }, now = new Date()): Promise<FinishResult> {
  return db.$transaction(async (tx) => {
    const meeting = await tx.meeting.findUniqueOrThrow({
      where: { id: input.meetingId },
      select: { id: true, startsAt: true, status: true, board: { select: { name: true } }, agendaItems: { select: { id: true, status: true, caseId: true, case: { select: { patientId: true, referringUserId: true } } } } },
    });
    if (meeting.status === "FINISHED") throw new ServiceError("CONFLICT", "This meeting is already finished.");
    if (meeting.status === "CANCELLED") throw new ServiceError("BAD_REQUEST", "This meeting is cancelled.");
    const reasons = new Map((input.reasons ?? []).map((r) => [r.itemId, r.reason.trim()]));
    for (const itemId of reasons.keys()) {
      if (!meeting.agendaItems.some((i) => i.id === itemId)) throw new ServiceError("BAD_REQUEST", "A reason was given for a case that is not on this agenda.");
    }
    const { count } = await tx.meeting.updateMany({ where: { id: meeting.id, status: { in: ["PLANNED", "IN_PROGRESS"] } }, data: { status: "FINISHED", finishedAt: now, agendaRevision: { increment: 1 } } });
    if (count === 0) throw new ServiceError("CONFLICT", "This meeting was finished by someone else just now.");
    // Nobody presents a finished meeting; the change also tells live followers (a guest's stream closes at once).
    await commitLiveChange(tx, meeting.id, { presenterId: null });

    const pending = meeting.agendaItems.filter((i) => i.status === "PENDING");
    const decided = new Set(
      (await tx.decision.findMany({ where: { meetingId: meeting.id, caseId: { in: pending.map((i) => i.caseId) } }, select: { caseId: true } })).map((d) => d.caseId),
    );
    const discussed = pending.filter((i) => decided.has(i.caseId));
    if (discussed.length > 0) {
      await tx.agendaItem.updateMany({ where: { id: { in: discussed.map((i) => i.id) } }, data: { status: "DISCUSSED" } });
      await tx.case.updateMany({ where: { id: { in: discussed.map((i) => i.caseId) } }, data: { status: "DISCUSSED", waitingReason: null } });
    }
    const moved: FinishResult["moved"] = [];
    const notBefore = new Date(meeting.startsAt.getTime() + 60_000);
    for (const item of pending.filter((i) => !decided.has(i.caseId))) {
      const reason = reasons.get(item.id) || `Not discussed at the meeting of ${meetingDay(meeting.startsAt)}`;
      await tx.agendaItem.update({ where: { id: item.id }, data: { status: "DEFERRED", deferredReason: reason } });
      const placement = await placeCaseOnNextMeeting(tx, item.caseId, { notBefore, reason, now, actor });
      moved.push({ caseId: item.caseId, reason, to: placement.meeting && { meetingId: placement.meeting.id, startsAt: placement.meeting.startsAt } });
      await notifyUsers(tx, [item.case.referringUserId], {
        kind: "CASE_MOVED",
        title: placement.meeting ? `A case you referred moves to ${meetingWhen(placement.meeting.startsAt)}` : "A case you referred waits for the next meeting",
        body: reason,
        link: `/cases/${item.caseId}`,
      });
    }
    const discussedIds = new Set(meeting.agendaItems.filter((i) => i.status === "DISCUSSED").map((i) => i.id).concat(discussed.map((i) => i.id)));
    await recordAudit(tx, actor, [
      { action: "meeting.finish", entityType: "Meeting", entityId: meeting.id, detail: { discussed: discussedIds.size, deferred: moved.length } },
      ...pending.filter((i) => !decided.has(i.caseId)).map((i) => ({ action: "agenda.defer", entityType: "Meeting", entityId: meeting.id, patientId: i.case.patientId, reason: reasons.get(i.id) || null, detail: { caseId: i.caseId } })),
    ]);
    return { discussed: discussedIds.size, moved };
  });
}
