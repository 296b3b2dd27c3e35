import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "../db-types";
import { ServiceError } from "../errors";
import { recordAudit } from "../audit/record-audit";

/** The chair signs a draft decision; it is locked from then on. */
export async function signDecision(db: PrismaClient, actor: Actor, decisionId: string) {
  return db.$transaction(async (tx) => {
    const decision = await tx.decision.findUniqueOrThrow({ where: { id: decisionId }, include: { case: { select: { patientId: true } } } });
    if (decision.status === "SIGNED") throw new ServiceError("CONFLICT", `Version ${decision.version} is already signed.`);
    const missing = [
      decision.recommendation.trim().length < 3 && "a recommendation",
      decision.rationale.trim().length === 0 && "a rationale",
    ].filter(Boolean);
    if (missing.length > 0) throw new ServiceError("BAD_REQUEST", `A decision needs ${missing.join(" and ")} before it can be signed.`);

    // Signing only a draft that nobody changed to signed meanwhile: the status is part of the condition.
    const { count } = await tx.decision.updateMany({
      where: { id: decision.id, status: "DRAFT" },
      data: { status: "SIGNED", signedById: actor.id, signedAt: new Date() },
    });
    if (count === 0) throw new ServiceError("CONFLICT", "This decision was signed by someone else a moment ago.");
    await recordAudit(tx, actor, {
      action: "decision.sign",
      entityType: "Decision",
      entityId: decision.id,
      patientId: decision.case.patientId,
      detail: { version: decision.version },
    });
    return { id: decision.id, version: decision.version, status: "SIGNED" as const };
  });
}
