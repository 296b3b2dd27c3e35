import type { PrismaClient } from "@/generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../db-types";
import { ServiceError } from "../errors";

export interface FindingReviewRequest {
  /** The patient the caller was let in for: the finding must be theirs. */
  patientId: string;
  findingId: string;
  decision: "ACCEPTED" | "REJECTED";
  /** Required to reject, so the board later knows why; kept in the audit log. */
  reason?: string | null;
}

export const REJECTION_NEEDS_REASON = "Give a reason for rejecting this finding.";

/**
 * A specialist or chair accepts or rejects a finding (typically an AI result) for the board. A later review replaces
 * the earlier one; the audit log keeps both, with their reasons.
 */
export async function reviewFinding(db: PrismaClient, actor: Actor, request: FindingReviewRequest) {
  const reason = request.reason?.trim() || null;
  if (request.decision === "REJECTED" && !reason) {
    throw new ServiceError("BAD_REQUEST", REJECTION_NEEDS_REASON, [{ field: "reason", message: REJECTION_NEEDS_REASON }]);
  }
  return db.$transaction(async (tx) => {
    const finding = await tx.finding.findUnique({ where: { id: request.findingId }, select: { id: true, patientId: true, review: true } });
    // A finding of another patient is "not found" rather than "forbidden": it says nothing about other patients.
    if (!finding || finding.patientId !== request.patientId) throw new ServiceError("NOT_FOUND", "This patient has no such finding.");
    const reviewed = await tx.finding.update({
      where: { id: finding.id },
      data: { review: request.decision, reviewReason: reason, reviewedById: actor.id, reviewedAt: new Date() },
      select: { id: true, review: true, reviewedAt: true, reviewedBy: { select: { name: true } } },
    });
    await recordAudit(tx, actor, {
      action: "finding.review",
      entityType: "Finding",
      entityId: finding.id,
      patientId: finding.patientId,
      reason,
      detail: { decision: request.decision, previous: finding.review },
    });
    return { id: reviewed.id, review: reviewed.review, reviewedAt: reviewed.reviewedAt!, reviewedBy: reviewed.reviewedBy?.name ?? null, reason };
  });
}
