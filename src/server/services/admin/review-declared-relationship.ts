import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";
import { ServiceError } from "../errors";

/** The privacy officer marks a declared relationship as reviewed; reviewing twice is refused. */
export async function reviewDeclaredRelationship(db: Db, actor: Actor, id: string, now = new Date()) {
  const { count } = await db.declaredRelationship.updateMany({ where: { id, reviewedAt: null }, data: { reviewedAt: now, reviewedById: actor.id } });
  const row = await db.declaredRelationship.findUnique({ where: { id }, select: { patientId: true, reviewedAt: true } });
  if (!row) throw new ServiceError("NOT_FOUND", "No such declared relationship.");
  if (count === 0) throw new ServiceError("CONFLICT", "This relationship has already been reviewed.");
  await recordAudit(db, actor, { action: "relationship.review", entityType: "DeclaredRelationship", entityId: id, patientId: row.patientId });
  return { id, reviewedAt: row.reviewedAt! };
}
