import type { PrismaClient } from "@/generated/prisma/client";
import { shareState, type ShareState } from "@/domain/expert-opinion/share-rules";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../db-types";
import { ServiceError } from "../errors";

export interface CaseShareSummary {
  id: string;
  expertName: string;
  expertEmail: string;
  sharedBy: string;
  createdAt: Date;
  expiresAt: Date;
  state: ShareState | "answered";
  identifiable: boolean;
  studies: number;
  slides: number;
  opinion: { agreesWithPlan: boolean; alternative: string; reasons: string; comment: string; submittedAt: Date } | null;
  /** The expert's own layer: what they measured, apart from the board's findings. */
  annotations: { id: string; kind: string; text: string; label: string; createdAt: Date }[];
}

/** The case's second-opinion links, newest first, with the expert's answer where one came. */
export async function listCaseShares(db: PrismaClient, caseId: string, now = new Date()): Promise<CaseShareSummary[]> {
  const shares = await db.expertShare.findMany({
    where: { caseId },
    orderBy: { createdAt: "desc" },
    include: { createdBy: { select: { name: true } }, opinion: true, annotations: { orderBy: { createdAt: "asc" }, select: { id: true, kind: true, text: true, label: true, createdAt: true } } },
  });
  return shares.map((s) => ({
    id: s.id,
    expertName: s.expertName,
    expertEmail: s.expertEmail,
    sharedBy: s.createdBy.name,
    createdAt: s.createdAt,
    expiresAt: s.expiresAt,
    state: s.opinion && !s.revokedAt ? "answered" : shareState(s, now),
    identifiable: s.identifiable,
    studies: s.studyInstanceUids.length,
    slides: s.slideIds.length,
    opinion: s.opinion && { agreesWithPlan: s.opinion.agreesWithPlan, alternative: s.opinion.alternative, reasons: s.opinion.reasons, comment: s.opinion.comment, submittedAt: s.opinion.submittedAt },
    annotations: s.annotations,
  }));
}

/** Withdraws a link at once: its session ends with it (the next request of the expert is refused). */
export async function revokeShare(db: PrismaClient, actor: Actor, caseId: string, shareId: string) {
  const share = await db.expertShare.findUnique({ where: { id: shareId }, select: { id: true, caseId: true, revokedAt: true, case: { select: { patientId: true } } } });
  // A share of another case is answered as one that does not exist: the case decided who may act.
  if (!share || share.caseId !== caseId) throw new ServiceError("NOT_FOUND", "No such shared link on this case.");
  if (share.revokedAt) return { revokedAt: share.revokedAt };
  const revokedAt = new Date();
  await db.$transaction(async (tx) => {
    await tx.expertShare.update({ where: { id: shareId }, data: { revokedAt, revokedById: actor.id, sessionHash: null, sessionExpiresAt: null } });
    await recordAudit(tx, actor, { action: "expert-share.revoke", entityType: "ExpertShare", entityId: shareId, patientId: share.case.patientId });
  });
  return { revokedAt };
}
