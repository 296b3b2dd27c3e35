import type { PrismaClient } from "@/generated/prisma/client";
import { guestState } from "@/domain/meetings/guest-rules";
import type { SpecialtyName } from "@/domain/roles";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../db-types";
import { ServiceError } from "../errors";
import { commitLiveChange } from "../live/live-state";

export type GuestStatus = "invited" | "joined" | "revoked" | "ended" | "expired" | "locked";

export interface GuestSummary {
  id: string;
  name: string;
  email: string;
  affiliation: string;
  note: string;
  specialty: SpecialtyName | null;
  invitedBy: string;
  createdAt: Date;
  joinedAt: Date | null;
  status: GuestStatus;
}

/** The meeting's guests, oldest first, each with the state of their invitation as the chair reads it. */
export async function listGuests(db: PrismaClient, meetingId: string, now = new Date()): Promise<GuestSummary[]> {
  const meeting = await db.meeting.findUniqueOrThrow({ where: { id: meetingId }, select: { status: true } });
  const guests = await db.meetingGuest.findMany({ where: { meetingId }, orderBy: { createdAt: "asc" }, include: { invitedBy: { select: { name: true } } } });
  return guests.map((g) => {
    const state = guestState(g, meeting.status, now);
    return {
      id: g.id,
      name: g.name,
      email: g.email,
      affiliation: g.affiliation,
      note: g.note,
      specialty: g.specialty,
      invitedBy: g.invitedBy.name,
      createdAt: g.createdAt,
      joinedAt: g.joinedAt,
      status: state === "open" ? (g.joinedAt ? "joined" : "invited") : state,
    };
  });
}

/** Withdraws an invitation at once: the guest's session ends with it. */
export async function revokeGuest(db: PrismaClient, actor: Actor, meetingId: string, guestId: string) {
  const guest = await db.meetingGuest.findUnique({ where: { id: guestId }, select: { id: true, meetingId: true, revokedAt: true } });
  // A guest of another meeting is answered as one that does not exist: the meeting decided who may act.
  if (!guest || guest.meetingId !== meetingId) throw new ServiceError("NOT_FOUND", "No such guest in this meeting.");
  if (guest.revokedAt) return { revokedAt: guest.revokedAt };
  const revokedAt = new Date();
  await db.$transaction(async (tx) => {
    await tx.meetingGuest.update({ where: { id: guestId }, data: { revokedAt, revokedById: actor.id, sessionHash: null, sessionExpiresAt: null } });
    await recordAudit(tx, actor, { action: "meeting-guest.revoke", entityType: "Meeting", entityId: meetingId, detail: { guestId } });
    // An unchanged state under a new number: every live stream of the meeting re-checks its guest, and this one closes.
    await commitLiveChange(tx, meetingId, {});
  });
  return { revokedAt };
}
