/**
 * The meeting routes' guest way in (issue 15, part 2): a meeting guest's session, for exactly the meeting they were
 * invited to. Checked on every request (never remembered), so a finished meeting or a revoked invitation stops at once.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import type { Access } from "@/server/api/access";
import { GUEST_REFUSALS } from "@/domain/meetings/guest-rules";
import type { SessionUser } from "../auth/load-session-user";
import type { RequestSource } from "../db-types";
import { recordDenial } from "../audit/record-audit";
import { guestActor, guestSessionOf } from "./guest-access";

export interface GuestGrant {
  /** The guest in the shape the route handlers take: no account (audited by address), no board of their own. */
  user: SessionUser & { meetingGuestId: string; source: RequestSource };
  access: Access;
}

export type GuestRefusal = { refused: "closed"; message: string } | { refused: "other-meeting" };

export type GuestScope = "meeting" | "study" | "slide";

const ENTITY: Record<GuestScope, string> = { meeting: "Meeting", study: "ImagingStudy", slide: "Slide" };

/** The patient of a study or slide, when that patient has a case on the meeting's agenda; null otherwise. */
async function agendaPatientOf(db: PrismaClient, meetingId: string, scope: "study" | "slide", id: string): Promise<string | null> {
  const owner = scope === "study"
    ? await db.imagingStudy.findUnique({ where: { studyInstanceUid: id }, select: { patientId: true } })
    : await db.slide.findUnique({ where: { id }, select: { patientId: true } });
  if (!owner?.patientId) return null;
  const onAgenda = await db.agendaItem.findFirst({ where: { meetingId, case: { patientId: owner.patientId } }, select: { id: true } });
  return onAgenda ? owner.patientId : null;
}

/**
 * null: no guest session in this request (the ordinary guard answers). A refusal: a guest whose access has ended, or
 * who asks for another meeting, or for a study or slide of a patient not on their meeting's agenda; all audited.
 * Otherwise the grant: the meeting itself, or the images of a patient whose case is on its agenda.
 */
export async function grantGuest(db: PrismaClient, cookieHeader: string | null, scope: GuestScope, id: string, action: string, source: RequestSource): Promise<GuestGrant | GuestRefusal | null> {
  const check = await guestSessionOf(db, cookieHeader, action, source);
  if (!check) return null;
  if (!check.ok) return { refused: "closed", message: check.message };
  const { session } = check;
  const patientId = scope === "meeting" ? null : await agendaPatientOf(db, session.meetingId, scope, id);
  if (scope === "meeting" ? session.meetingId !== id : patientId === null) {
    await recordDenial(db, guestActor({ id: session.guestId, email: session.email }, source), {
      action,
      entityType: ENTITY[scope],
      entityId: id.length <= 64 ? id : null,
      reason: GUEST_REFUSALS.notOnAgenda,
    });
    return { refused: "other-meeting" };
  }
  return {
    user: {
      id: `guest:${session.guestId}`,
      meetingGuestId: session.guestId,
      email: session.email,
      name: session.name,
      // The handlers after the guard ask no role; this one grants nothing of its own (no boards).
      role: "SPECIALIST",
      specialty: null,
      boardIds: [],
      source,
    },
    access: { boardIds: [session.boardId], patientId },
  };
}
