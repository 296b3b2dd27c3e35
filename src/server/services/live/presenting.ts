import { presentingMovesDate } from "@/domain/meetings/meeting-day";
import type { SessionUser } from "../auth/load-session-user";
import { recordAudit } from "../audit/record-audit";
import type { Actor, Db } from "../db-types";
import { ServiceError } from "../errors";
import { markCaseDiscussed } from "../meetings/mark-discussed";
import { commitLiveChange, readLiveSnapshot } from "./live-state";
import type { LiveView } from "./live-view";
import { CLINICAL_USER } from "../boards/clinical-members";

/** The actor as the live services need them: who they are and whether they chair. */
export type LiveActor = Pick<SessionUser, "id" | "email" | "name" | "role">;

const CLOSED = new Set(["FINISHED", "CANCELLED"]);

async function meetingOrThrow(db: Db, meetingId: string) {
  const meeting = await db.meeting.findUnique({ where: { id: meetingId }, select: { id: true, boardId: true, status: true, presenterId: true, startsAt: true, startedAt: true } });
  if (!meeting) throw new ServiceError("NOT_FOUND", "No such meeting.");
  return meeting;
}

async function nameOf(db: Db, userId: string | null): Promise<string> {
  if (!userId) return "nobody";
  return (await db.user.findUnique({ where: { id: userId }, select: { name: true } }))?.name ?? "someone else";
}

async function snapshotOrThrow(db: Db, meetingId: string) {
  const snapshot = await readLiveSnapshot(db, meetingId);
  if (!snapshot) throw new ServiceError("NOT_FOUND", "No such meeting.");
  return snapshot;
}

export async function getLiveState(db: Db, meetingId: string) {
  return snapshotOrThrow(db, meetingId);
}

const dayFmt = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric" });

export const MOVE_DATE_FIELD = "moveToToday";

/**
 * The meeting goes in progress. One that has not started and was planned for another day moves to today, but only
 * when the chair confirmed it (`moveToToday`): otherwise the letters and minutes would give the planned day.
 */
async function beginMeeting(db: Db, actor: LiveActor, meeting: Awaited<ReturnType<typeof meetingOrThrow>>, moveToToday: boolean, now: Date) {
  const moves = presentingMovesDate(meeting, now);
  if (moves && !moveToToday) {
    throw new ServiceError(
      "CONFLICT",
      `This meeting is planned for ${dayFmt.format(meeting.startsAt)}. Presenting it today moves it to today, ${dayFmt.format(now)}: confirm to go on.`,
      [{ field: MOVE_DATE_FIELD, message: `Planned for ${dayFmt.format(meeting.startsAt)}; today is ${dayFmt.format(now)}.` }],
    );
  }
  if (meeting.status === "IN_PROGRESS" && meeting.startedAt) return;
  await db.meeting.update({ where: { id: meeting.id }, data: { status: "IN_PROGRESS", startedAt: meeting.startedAt ?? now, ...(moves ? { startsAt: now } : {}) } });
  if (moves) {
    await recordAudit(db, actor, { action: "meeting.reschedule", entityType: "Meeting", entityId: meeting.id, reason: "Presented on another day than planned", detail: { from: meeting.startsAt.toISOString(), to: now.toISOString() } });
  }
}

/** The chair opens presentation mode: the meeting is in progress and they present. */
export async function startPresenting(db: Db, actor: LiveActor, input: { meetingId: string; moveToToday?: boolean }, now = new Date()) {
  const { meetingId } = input;
  const meeting = await meetingOrThrow(db, meetingId);
  if (CLOSED.has(meeting.status)) throw new ServiceError("CONFLICT", `This meeting is ${meeting.status.toLowerCase()}: it can no longer be presented.`);
  if (meeting.presenterId && meeting.presenterId !== actor.id) {
    throw new ServiceError("CONFLICT", `${await nameOf(db, meeting.presenterId)} is presenting. Take over to present yourself.`);
  }
  await beginMeeting(db, actor, meeting, input.moveToToday ?? false, now);
  await commitLiveChange(db, meetingId, { presenterId: actor.id });
  await recordAudit(db, actor, { action: "meeting.present.start", entityType: "Meeting", entityId: meetingId });
  return snapshotOrThrow(db, meetingId);
}

/** The chair takes the presenter role from whoever holds it. */
export async function takeOver(db: Db, actor: LiveActor, input: { meetingId: string; moveToToday?: boolean }, now = new Date()) {
  const { meetingId } = input;
  const meeting = await meetingOrThrow(db, meetingId);
  if (CLOSED.has(meeting.status)) throw new ServiceError("CONFLICT", `This meeting is ${meeting.status.toLowerCase()}: it can no longer be presented.`);
  await beginMeeting(db, actor, meeting, input.moveToToday ?? false, now);
  await commitLiveChange(db, meetingId, { presenterId: actor.id });
  await recordAudit(db, actor, { action: "meeting.present.takeover", entityType: "Meeting", entityId: meetingId, detail: { from: meeting.presenterId } });
  return snapshotOrThrow(db, meetingId);
}

/** The presenter (or a chair) hands the role to another member of the board. */
export async function handOver(db: Db, actor: LiveActor, input: { meetingId: string; toUserId: string }) {
  const meeting = await meetingOrThrow(db, input.meetingId);
  if (!meeting.presenterId) throw new ServiceError("CONFLICT", "Nobody is presenting: start presenting first.");
  if (meeting.presenterId !== actor.id && actor.role !== "CHAIR") {
    throw new ServiceError("CONFLICT", `Only the presenter (${await nameOf(db, meeting.presenterId)}) or the chair can hand the presenter role over.`);
  }
  const target = await db.user.findFirst({
    where: { id: input.toUserId, active: true, ...CLINICAL_USER, memberships: { some: { boardId: meeting.boardId } } },
    select: { id: true, name: true },
  });
  if (!target) throw new ServiceError("BAD_REQUEST", "The presenter role can only go to an active member of this board.");
  // Only from the presenter we saw: a concurrent hand-over wins, this one reports the conflict.
  const done = await commitLiveChange(db, input.meetingId, { presenterId: target.id, onlyIfPresenter: meeting.presenterId });
  if (!done) throw new ServiceError("CONFLICT", "The presenter changed meanwhile. Look again and retry.");
  await recordAudit(db, actor, { action: "meeting.present.handover", entityType: "Meeting", entityId: input.meetingId, detail: { from: meeting.presenterId, to: target.id } });
  return snapshotOrThrow(db, input.meetingId);
}

/** The presenter (or a chair) ends presentation mode; followers keep the last view. */
export async function stopPresenting(db: Db, actor: LiveActor, meetingId: string) {
  const meeting = await meetingOrThrow(db, meetingId);
  if (!meeting.presenterId) return snapshotOrThrow(db, meetingId);
  if (meeting.presenterId !== actor.id && actor.role !== "CHAIR") {
    throw new ServiceError("CONFLICT", `Only the presenter (${await nameOf(db, meeting.presenterId)}) or the chair can end the presentation.`);
  }
  await commitLiveChange(db, meetingId, { presenterId: null });
  await recordAudit(db, actor, { action: "meeting.present.stop", entityType: "Meeting", entityId: meetingId });
  return snapshotOrThrow(db, meetingId);
}

/**
 * The presenter's view, stored and sent to every follower in one statement. Audited when the case on screen
 * changes (that shows a patient to the room), not for every slice.
 */
export async function publishView(db: Db, actor: Actor, input: { meetingId: string; view: LiveView }) {
  const { meetingId, view } = input;
  const done = await commitLiveChange(db, meetingId, { view, onlyIfPresenter: actor.id, requireAgendaItem: { agendaItemId: view.agendaItemId, caseId: view.caseId } });
  if (!done) {
    const meeting = await meetingOrThrow(db, meetingId);
    if (meeting.presenterId !== actor.id) {
      throw new ServiceError(
        "CONFLICT",
        meeting.presenterId ? `${await nameOf(db, meeting.presenterId)} is presenting: only the presenter can move the shared view.` : "Nobody is presenting: start presenting first.",
      );
    }
    throw new ServiceError("BAD_REQUEST", "That case is not on this meeting's agenda.");
  }
  if (done.previousAgendaItemId !== view.agendaItemId) {
    // The case is on the room's screen: this is the day it is discussed.
    await markCaseDiscussed(db, { meetingId, caseId: view.caseId });
    const kase = await db.case.findUnique({ where: { id: view.caseId }, select: { patientId: true } });
    await recordAudit(db, actor, { action: "meeting.present.case", entityType: "Case", entityId: view.caseId, patientId: kase?.patientId ?? null, detail: { meetingId } });
  }
  return { seq: done.seq };
}

/** Adds the seconds the board spent on a case in presentation mode (presenter or chair). */
export async function recordCaseTime(db: Db, actor: LiveActor, input: { meetingId: string; agendaItemId: string; seconds: number }) {
  const meeting = await meetingOrThrow(db, input.meetingId);
  if (meeting.presenterId !== actor.id && actor.role !== "CHAIR") {
    throw new ServiceError("CONFLICT", "Only the presenter records the time spent on a case.");
  }
  const item = await db.agendaItem.findFirst({ where: { id: input.agendaItemId, meetingId: input.meetingId }, select: { id: true, case: { select: { id: true, patientId: true } } } });
  if (!item) throw new ServiceError("BAD_REQUEST", "That case is not on this meeting's agenda.");
  const updated = await db.agendaItem.update({ where: { id: item.id }, data: { secondsSpent: { increment: input.seconds } }, select: { id: true, secondsSpent: true } });
  await recordAudit(db, actor, {
    action: "agenda.time",
    entityType: "AgendaItem",
    entityId: item.id,
    patientId: item.case.patientId,
    detail: { meetingId: input.meetingId, seconds: input.seconds },
  });
  return { agendaItemId: updated.id, secondsSpent: updated.secondsSpent };
}

/** Who can take the presenter role: the board's active clinical members, and whether their attendance is recorded. */
export async function listPresenterCandidates(db: Db, meetingId: string) {
  const meeting = await meetingOrThrow(db, meetingId);
  const [users, attendance] = await Promise.all([
    db.user.findMany({
      where: { active: true, ...CLINICAL_USER, memberships: { some: { boardId: meeting.boardId } } },
      select: { id: true, name: true, role: true, specialty: true },
      orderBy: { name: "asc" },
    }),
    db.attendance.findMany({ where: { meetingId }, select: { userId: true } }),
  ]);
  const present = new Set(attendance.map((a) => a.userId));
  return users.map((u) => ({ ...u, attending: present.has(u.id), presenting: u.id === meeting.presenterId }));
}

/** One audit event per live-follow connection, not per event. */
export async function recordFollow(db: Db, actor: Actor, meetingId: string) {
  await recordAudit(db, actor, { action: "meeting.follow", entityType: "Meeting", entityId: meetingId });
}
