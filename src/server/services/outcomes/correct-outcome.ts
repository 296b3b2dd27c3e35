import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import type { OutcomeFacts } from "@/domain/outcomes/validate-outcome";
import type { Actor } from "../db-types";
import { ServiceError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { checkOutcome, completeAnsweredTasks } from "./outcome-rules";
import { CONFLICT_MESSAGE, currentVersion, reasonOf, supersede } from "./outcome-versions";

/**
 * An outcome is never edited: a correction writes version n+1 of its lineage with the reason, and the old version
 * points at it (supersededById). Two users correcting the same version: the second gets a conflict, not a lost update.
 */
export async function correctOutcome(
  db: PrismaClient,
  actor: Actor,
  input: Omit<OutcomeFacts, "kind"> & { outcomeId: string; reason: string; timeZone?: string },
  now = new Date(),
) {
  const reason = reasonOf(input.reason, "corrected");
  try {
    return await db.$transaction(async (tx) => {
      const previous = await currentVersion(tx, input.outcomeId);
      // A correction keeps the kind: an outcome of the wrong kind is withdrawn and recorded anew.
      const data = await checkOutcome(tx, previous.patientId, { ...input, kind: previous.kind }, { timeZone: input.timeZone, now, replacingLineage: previous.lineageId });
      const next = await tx.outcome.create({
        data: {
          ...data,
          lineageId: previous.lineageId,
          version: previous.version + 1,
          correctionReason: reason,
          patientId: previous.patientId,
          caseId: previous.caseId,
          decisionId: previous.decisionId,
          source: "ENTERED",
          recordedById: actor.id,
        },
      });
      await supersede(tx, previous.id, { supersededById: next.id });
      await recordAudit(tx, actor, {
        action: "outcome.correct",
        entityType: "Outcome",
        entityId: next.id,
        patientId: previous.patientId,
        reason,
        detail: { lineageId: previous.lineageId, version: next.version, corrects: previous.version },
      });
      await completeAnsweredTasks(tx, actor, next, now);
      return { id: next.id, lineageId: next.lineageId, version: next.version };
    });
  } catch (error) {
    // The (lineageId, version) key: another correction of the same version was written first.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new ServiceError("CONFLICT", CONFLICT_MESSAGE);
    throw error;
  }
}
