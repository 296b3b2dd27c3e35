import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";

/**
 * Declared treatment relationships for the privacy officer: who declared what for which patient (by MRN only, the
 * identifier to check it against in the hospital's records), on referral to which board, and whether it is reviewed.
 */
export async function listDeclaredRelationships(db: Db, actor: Actor, filter: { pendingOnly: boolean }) {
  const rows = await db.declaredRelationship.findMany({
    where: filter.pendingOnly ? { reviewedAt: null } : {},
    orderBy: { createdAt: "desc" },
    take: 200,
    select: {
      id: true,
      kind: true,
      statement: true,
      createdAt: true,
      reviewedAt: true,
      boardId: true,
      patientId: true,
      patient: { select: { mrn: true } },
      user: { select: { name: true, email: true, role: true } },
      reviewedBy: { select: { name: true } },
    },
  });
  const boards = await db.board.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.boardId))] } }, select: { id: true, name: true } });
  const boardName = new Map(boards.map((b) => [b.id, b.name]));
  await recordAudit(db, actor, rows.map((r) => ({ action: "relationship.read", entityType: "DeclaredRelationship", entityId: r.id, patientId: r.patientId })));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    statement: r.statement,
    declaredAt: r.createdAt,
    declaredBy: r.user,
    patientMrn: r.patient.mrn,
    boardName: boardName.get(r.boardId) ?? "",
    reviewedAt: r.reviewedAt,
    reviewedBy: r.reviewedBy?.name ?? null,
  }));
}
