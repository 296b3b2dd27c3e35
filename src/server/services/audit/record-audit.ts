/**
 * Writing the audit log (NEN 7513): who (user id and e-mail), which patient, what (action on which entity), when
 * (the database's clock), from where (client address and user agent of the request) and on what ground. The
 * database keeps it append-only and hash-chains every event (migration 20261205120000_audit_append_only_chain).
 */
import type { AuditGround, Prisma } from "@/generated/prisma/client";
import type { Actor, Db, RequestSource } from "../db-types";
import { isPeerId } from "../dicomweb-peers/peer-id";

export type { AuditGround };

export interface AuditEntry {
  /** What happened, as `<entity>.<verb>`, e.g. "case.read", "decision.sign". */
  action: string;
  entityType: string;
  entityId?: string | null;
  patientId?: string | null;
  reason?: string | null;
  detail?: Prisma.InputJsonValue;
  /** Overrides the ground the actor's role implies, e.g. EMERGENCY for a break-the-glass read. */
  ground?: AuditGround | null;
}

/** A system process or an unauthenticated attempt: an e-mail (or a name like "system") without a user. */
export type AuditActor = Actor | { id: null; email: string; source?: RequestSource; meetingGuestId?: string };

/**
 * Today a clinician reaches patient data only through the boards they are a member of, and an admin only
 * administers. A clinician's event without a patient (signing in, a notification) needs no ground.
 */
function groundOf(actor: AuditActor, entry: AuditEntry): AuditGround | null {
  if (entry.ground !== undefined) return entry.ground;
  if ("expertShareId" in actor && actor.expertShareId) return entry.patientId ? "EXPERT_SHARE" : null;
  if ("meetingGuestId" in actor && actor.meetingGuestId) return entry.patientId ? "MEETING_GUEST" : null;
  if (actor.id === null || !("role" in actor) || !actor.role) return null;
  if (actor.role === "ADMIN") return "ADMINISTRATION";
  return entry.patientId ? "BOARD_MEMBERSHIP" : null;
}

/** Appends audit events in one statement; `actor` may be an e-mail alone for failed sign-ins. */
export async function recordAudit(db: Db, actor: AuditActor, entries: AuditEntry | AuditEntry[]) {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await db.auditEvent.createMany({
    data: list.map((e) => ({
      // A DICOMweb peer, an outside expert and a meeting guest are no users: their name or address is the actor's e-mail field, and
      // no user id is recorded.
      actorId: isPeerId(actor.id) || ("expertShareId" in actor && actor.expertShareId) || ("meetingGuestId" in actor && actor.meetingGuestId) ? null : actor.id,
      actorEmail: actor.email,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId ?? null,
      patientId: e.patientId ?? null,
      reason: e.reason ?? null,
      detail: e.detail,
      ground: groundOf(actor, e),
      sourceIp: actor.source?.ip ?? null,
      userAgent: actor.source?.userAgent ?? null,
    })),
  });
}

export interface Denial {
  /** What was attempted, e.g. the procedure "case.get" or the route "slide.tile"; recorded as "<action>.denied". */
  action: string;
  entityType: string;
  entityId?: string | null;
  patientId?: string | null;
  /** Why it was refused, in the words the user was given. */
  reason: string;
  /** Where the attempt came from when the actor does not carry it (e.g. an anonymous HTTP request). */
  source?: RequestSource;
  detail?: Prisma.InputJsonValue;
}

/**
 * Records a refused attempt (no role, not a member, no such record). `actor` null is an attempt without a session,
 * logged as "anonymous". A refusal grants nothing, so it has no ground.
 */
export async function recordDenial(db: Db, actor: AuditActor | null, denial: Denial) {
  const who: AuditActor = actor ?? { id: null, email: "anonymous" };
  const source = denial.source ?? who.source;
  await recordAudit(db, { ...who, ...(source ? { source } : {}) }, {
    action: `${denial.action}.denied`,
    entityType: denial.entityType,
    entityId: denial.entityId ?? null,
    patientId: denial.patientId ?? null,
    reason: denial.reason,
    detail: denial.detail,
    ground: null,
  });
}
