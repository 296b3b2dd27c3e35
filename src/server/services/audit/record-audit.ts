import type { Prisma } from "@/generated/prisma/client";
import type { Actor, Db } from "../db-types";

export interface AuditEntry {
  /** What happened, as `<entity>.<verb>`, e.g. "case.read", "decision.sign". */
  action: string;
  entityType: string;
  entityId?: string | null;
  patientId?: string | null;
  reason?: string | null;
  detail?: Prisma.InputJsonValue;
}

/** Appends audit events in one statement; `actor` may be an e-mail alone for failed sign-ins. */
export async function recordAudit(db: Db, actor: Actor | { id: null; email: string }, entries: AuditEntry | AuditEntry[]) {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await db.auditEvent.createMany({
    data: list.map((e) => ({
      actorId: actor.id,
      actorEmail: actor.email,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId ?? null,
      patientId: e.patientId ?? null,
      reason: e.reason ?? null,
      detail: e.detail,
    })),
  });
}
