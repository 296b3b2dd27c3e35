import type { PrismaClient } from "@/generated/prisma/client";
import { missingForSigning, signingMessage } from "@/domain/decisions/requirements";
import type { Actor } from "../db-types";
import { ServiceError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { quorumColumns } from "./decision-quorum";
import { contentOf, siteOfCondition } from "./decision-content";

/**
 * The chair signs a draft decision; it is locked from then on. Everything a signed decision needs is checked at
 * once and named in one message. With `expectedRevision`, the chair signs exactly the revision they read.
 */
export async function signDecision(db: PrismaClient, actor: Actor, input: { decisionId: string; expectedRevision?: number }) {
  return db.$transaction(async (tx) => {
    const decision = await tx.decision.findUniqueOrThrow({
      where: { id: input.decisionId },
      include: { case: { select: { patientId: true, condition: { select: { topographyCode: true } } } }, recordedBy: { select: { name: true } } },
    });
    if (decision.status === "SIGNED") throw new ServiceError("CONFLICT", `Version ${decision.version} is already signed.`);
    if (input.expectedRevision !== undefined && input.expectedRevision !== decision.revision) {
      throw new ServiceError("CONFLICT", `${decision.recordedBy.name} changed this draft after you opened it. Reload to read their changes before signing.`);
    }
    const missing = missingForSigning(siteOfCondition(decision.case.condition), contentOf(decision));
    if (missing.length > 0) throw new ServiceError("BAD_REQUEST", signingMessage(missing), missing);

    // Signing only a draft that nobody signed or changed meanwhile: status and revision are part of the condition.
    const { count } = await tx.decision.updateMany({
      where: { id: decision.id, status: "DRAFT", revision: decision.revision },
      // The quorum as it stands when the chair signs: attendance may have changed since the draft was saved.
      data: { status: "SIGNED", signedById: actor.id, signedAt: new Date(), ...(await quorumColumns(tx, decision.meetingId)) },
    });
    if (count === 0) throw new ServiceError("CONFLICT", "This decision was signed or changed by someone else a moment ago. Reload to see it.");
    await recordAudit(tx, actor, {
      action: "decision.sign",
      entityType: "Decision",
      entityId: decision.id,
      patientId: decision.case.patientId,
      detail: { version: decision.version, revision: decision.revision },
    });
    return { id: decision.id, version: decision.version, status: "SIGNED" as const, revision: decision.revision };
  });
}
