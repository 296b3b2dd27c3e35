import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "../db-types";
import { ServiceError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { columnsOf, contentOf } from "./decision-content";

/**
 * A signed decision is never edited: a correction copies the latest signed version into version n+1, a draft that
 * carries the reason, for the chair to sign again. Every earlier version stays as it was.
 */
export async function correctDecision(db: PrismaClient, actor: Actor, input: { decisionId: string; reason: string }) {
  const reason = input.reason.trim();
  if (reason.length < 3) throw new ServiceError("BAD_REQUEST", "Say why the signed decision is corrected.");
  try {
    return await db.$transaction(async (tx) => {
      const signed = await tx.decision.findUniqueOrThrow({ where: { id: input.decisionId }, include: { case: { select: { patientId: true } } } });
      if (signed.status !== "SIGNED") throw new ServiceError("CONFLICT", `Version ${signed.version} is still a draft: change it directly, no correction needed.`);
      const latest = await tx.decision.findFirstOrThrow({ where: { caseId: signed.caseId }, orderBy: { version: "desc" } });
      if (latest.id !== signed.id) {
        throw new ServiceError("CONFLICT", `Version ${latest.version} already follows version ${signed.version}: correct the latest version instead.`);
      }
      const correction = await tx.decision.create({
        data: {
          ...columnsOf(contentOf(signed)),
          caseId: signed.caseId,
          meetingId: signed.meetingId,
          version: signed.version + 1,
          revision: 1,
          correctionReason: reason,
          recordedById: actor.id,
        },
      });
      await recordAudit(tx, actor, {
        action: "decision.correct",
        entityType: "Decision",
        entityId: correction.id,
        patientId: signed.case.patientId,
        reason,
        detail: { version: correction.version, corrects: signed.version },
      });
      return { id: correction.id, version: correction.version, status: "DRAFT" as const, revision: 1 };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ServiceError("CONFLICT", "Someone else started a correction of this decision a moment ago. Reload to see it.");
    }
    throw error;
  }
}
