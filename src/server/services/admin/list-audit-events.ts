import type { Db } from "../db-types";

export interface AuditQuery {
  patientId?: string;
  action?: string;
  /** Return events older than this id (paging backwards through the log). */
  before?: bigint;
  limit: number;
}

export async function listAuditEvents(db: Db, query: AuditQuery) {
  const events = await db.auditEvent.findMany({
    where: {
      ...(query.patientId ? { patientId: query.patientId } : {}),
      ...(query.action ? { action: { startsWith: query.action } } : {}),
      ...(query.before ? { id: { lt: query.before } } : {}),
    },
    orderBy: { id: "desc" },
    take: query.limit,
  });
  return events.map((e) => ({
    id: e.id.toString(),
    at: e.at,
    actorEmail: e.actorEmail,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    patientId: e.patientId,
    reason: e.reason,
  }));
}
