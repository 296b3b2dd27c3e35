/**
 * The image routes' second way in (issue 15): an outside expert's share session, for exactly the studies and slides
 * shared with them. Checked on every request (never remembered), so a revoked or expired link stops at once.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import type { Access } from "@/server/api/access";
import type { SessionUser } from "../auth/load-session-user";
import type { RequestSource } from "../db-types";
import { recordDenial } from "../audit/record-audit";
import { expertActor, expertSession } from "./expert-access";
import { expertCookieValue } from "./share-secrets";

export interface ExpertGrant {
  /** The expert in the shape the route handlers take: no account (audited by address), no board. */
  user: SessionUser & { expertShareId: string; source: RequestSource };
  access: Access;
  identifiable: boolean;
  pseudonym: string;
}

/**
 * null: no expert session in this request (the ordinary guard answers). "refused": a live session, but this id was
 * not shared with them (audited under their address). Otherwise the grant.
 */
export async function grantExpert(db: PrismaClient, cookieHeader: string | null, scope: "study" | "slide", id: string, action: string, source: RequestSource): Promise<ExpertGrant | "refused" | null> {
  const session = await expertSession(db, expertCookieValue(cookieHeader));
  if (!session) return null;
  const shared = scope === "study" ? session.studyInstanceUids.includes(id) : session.slideIds.includes(id);
  if (!shared) {
    await recordDenial(db, expertActor({ id: session.shareId, expertEmail: session.expertEmail }, source), {
      action,
      entityType: scope === "study" ? "ImagingStudy" : "Slide",
      entityId: id.length <= 200 ? id : null,
      reason: "Not shared with this expert.",
    });
    return "refused";
  }
  const patient = await db.patient.findUniqueOrThrow({ where: { id: session.patientId }, select: { researchPseudonym: true } });
  return {
    user: {
      id: `expert:${session.shareId}`,
      expertShareId: session.shareId,
      email: session.expertEmail,
      name: session.expertName,
      // The handlers after the guard ask no role; this one grants nothing of its own (no boards).
      role: "SPECIALIST",
      specialty: null,
      boardIds: [],
      source,
    },
    access: { boardIds: [session.boardId], patientId: session.patientId },
    identifiable: session.identifiable,
    pseudonym: patient.researchPseudonym,
  };
}
