import type { PrismaClient } from "@/generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../db-types";
import { ServiceError } from "../errors";
import { assertAgendaEditable, meetingWhen } from "./meeting-rules";

export interface MeetingFields {
  startsAt: Date;
  durationMinutes: number;
  location: string | null;
  videoLink: string | null;
}

function check(fields: MeetingFields, now: Date) {
  if (fields.startsAt.getTime() <= now.getTime()) {
    throw new ServiceError("BAD_REQUEST", `${meetingWhen(fields.startsAt)} is in the past: a meeting must start in the future.`, [{ field: "startsAt", message: "Choose a time in the future." }]);
  }
  if (!fields.location && !fields.videoLink) {
    throw new ServiceError("BAD_REQUEST", "Give a place or a video link, so members know where to go.", [{ field: "location", message: "Give a place or a video link." }]);
  }
}

/** The chair schedules a meeting of a board. */
export async function createMeeting(db: PrismaClient, actor: Actor, input: MeetingFields & { boardId: string }, now = new Date()) {
  check(input, now);
  const clash = await db.meeting.findFirst({ where: { boardId: input.boardId, startsAt: input.startsAt, status: { not: "CANCELLED" } }, select: { id: true } });
  if (clash) throw new ServiceError("CONFLICT", `This board already meets at ${meetingWhen(input.startsAt)}.`);
  const meeting = await db.meeting.create({
    data: { boardId: input.boardId, startsAt: input.startsAt, durationMinutes: input.durationMinutes, location: input.location, videoLink: input.videoLink },
    select: { id: true, startsAt: true },
  });
  await recordAudit(db, actor, { action: "meeting.create", entityType: "Meeting", entityId: meeting.id, detail: { startsAt: input.startsAt.toISOString() } });
  return meeting;
}

/** Changes the time, length or place of a meeting that has not happened yet. */
export async function updateMeeting(db: PrismaClient, actor: Actor, input: MeetingFields & { meetingId: string }, now = new Date()) {
  const meeting = await db.meeting.findUniqueOrThrow({ where: { id: input.meetingId }, select: { startsAt: true, durationMinutes: true, status: true } });
  assertAgendaEditable(meeting, now);
  if (meeting.status !== "PLANNED") throw new ServiceError("BAD_REQUEST", "This meeting has started: its time and place can no longer be changed.");
  check(input, now);
  await db.meeting.update({ where: { id: input.meetingId }, data: { startsAt: input.startsAt, durationMinutes: input.durationMinutes, location: input.location, videoLink: input.videoLink } });
  await recordAudit(db, actor, { action: "meeting.update", entityType: "Meeting", entityId: input.meetingId, detail: { startsAt: input.startsAt.toISOString(), durationMinutes: input.durationMinutes } });
  return { id: input.meetingId, startsAt: input.startsAt };
}
