import type { PrismaClient } from "@/generated/prisma/client";
import { evaluateQuorum } from "@/domain/meetings/quorum";
import type { SpecialtyName } from "@/domain/roles";
import { recordAudit } from "../audit/record-audit";
import type { Actor, Db } from "../db-types";
import { ServiceError } from "../errors";
import { CLINICAL_MEMBERSHIP } from "../boards/clinical-members";
import { attendingGuests } from "../meeting-guests/guest-access";

export interface MeetingQuorum {
  required: SpecialtyName[];
  quorate: boolean;
  missing: SpecialtyName[];
  attendees: { userId: string; name: string; specialty: SpecialtyName; mode: "IN_ROOM" | "REMOTE" }[];
  /** Guests who joined (issue 15): counted only when the board's rule says so and they stand for a specialty. */
  guests: { guestId: string; name: string; affiliation: string; specialty: SpecialtyName | null; countsTowardsQuorum: boolean }[];
}

/**
 * Whether the meeting's attendance meets its board's quorum right now, with the missing specialties. For the decision
 * form: store `quorate` and `missing` on the decision (Decision.quorate, Decision.quorumMissing).
 */
export async function getMeetingQuorum(db: Db, meetingId: string): Promise<MeetingQuorum> {
  const meeting = await db.meeting.findUniqueOrThrow({
    where: { id: meetingId },
    select: { board: { select: { quorumSpecialties: true, guestsCountTowardsQuorum: true } }, attendances: { orderBy: { recordedAt: "asc" }, select: { userId: true, specialty: true, mode: true, user: { select: { name: true } } } } },
  });
  const attendees = meeting.attendances.map((a) => ({ userId: a.userId, name: a.user.name, specialty: a.specialty, mode: a.mode }));
  const guests = await attendingGuests(db, meetingId, meeting.board.guestsCountTowardsQuorum);
  const counted = [...attendees, ...guests.flatMap((g) => (g.countsTowardsQuorum && g.specialty ? [{ specialty: g.specialty }] : []))];
  return { required: meeting.board.quorumSpecialties, ...evaluateQuorum(meeting.board.quorumSpecialties, counted), attendees, guests };
}

/** The board's members with whether each attends, and the quorum. */
export async function getAttendance(db: Db, meetingId: string) {
  const meeting = await db.meeting.findUniqueOrThrow({ where: { id: meetingId }, select: { board: { select: { memberships: { where: CLINICAL_MEMBERSHIP, select: { user: { select: { id: true, name: true, role: true, specialty: true, active: true } } } } } } } });
  const quorum = await getMeetingQuorum(db, meetingId);
  const attending = new Map(quorum.attendees.map((a) => [a.userId, a]));
  const members = meeting.board.memberships
    .map((m) => m.user)
    .filter((u) => u.active || attending.has(u.id))
    .map((u) => ({ userId: u.id, name: u.name, role: u.role, specialty: attending.get(u.id)?.specialty ?? u.specialty ?? "OTHER", mode: attending.get(u.id)?.mode ?? null }))
    .sort((a, b) => a.specialty.localeCompare(b.specialty) || a.name.localeCompare(b.name));
  return { members, quorum };
}

/** Ticks a member as attending (in the room or remote) or not; the specialty is the member's own. */
export async function setAttendance(db: PrismaClient, actor: Actor, input: { meetingId: string; userId: string; mode: "IN_ROOM" | "REMOTE" | null }) {
  const meeting = await db.meeting.findUniqueOrThrow({ where: { id: input.meetingId }, select: { id: true, boardId: true, status: true } });
  if (meeting.status === "CANCELLED") throw new ServiceError("BAD_REQUEST", "This meeting is cancelled.");
  const member = await db.boardMembership.findUnique({ where: { userId_boardId: { userId: input.userId, boardId: meeting.boardId } }, select: { user: { select: { id: true, specialty: true } } } });
  if (!member) throw new ServiceError("BAD_REQUEST", "Only members of the board can be recorded as attending.");
  if (input.mode === null) {
    await db.attendance.deleteMany({ where: { meetingId: meeting.id, userId: input.userId } });
  } else {
    const specialty = member.user.specialty ?? "OTHER";
    await db.attendance.upsert({
      where: { meetingId_userId: { meetingId: meeting.id, userId: input.userId } },
      create: { meetingId: meeting.id, userId: input.userId, specialty, mode: input.mode, recordedById: actor.id },
      update: { mode: input.mode, recordedById: actor.id, recordedAt: new Date() },
    });
  }
  await recordAudit(db, actor, { action: "attendance.set", entityType: "Meeting", entityId: meeting.id, detail: { userId: input.userId, mode: input.mode } });
  return getMeetingQuorum(db, meeting.id);
}
