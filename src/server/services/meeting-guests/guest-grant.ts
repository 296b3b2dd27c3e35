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

/**
 * null: no guest session in this request (the ordinary guard answers). A refusal: a guest whose access has ended, or
 * who asks for another meeting; both audited. Otherwise the grant.
 */
export async function grantGuest(db: PrismaClient, cookieHeader: string | null, meetingId: string, action: string, source: RequestSource): Promise<GuestGrant | GuestRefusal | null> {
  const check = await guestSessionOf(db, cookieHeader, action, source);
  if (!check) return null;
  if (!check.ok) return { refused: "closed", message: check.message };
  const { session } = check;
  if (session.meetingId !== meetingId) {
    await recordDenial(db, guestActor({ id: session.guestId, email: session.email }, source), {
      action,
      entityType: "Meeting",
      entityId: meetingId.length <= 64 ? meetingId : null,
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
    access: { boardIds: [session.boardId], patientId: null },
  };
}
