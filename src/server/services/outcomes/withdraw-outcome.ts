import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "../db-types";
import { recordAudit } from "../audit/record-audit";
import { currentVersion, reasonOf, supersede } from "./outcome-versions";

/** Withdraws an outcome entered in error (the wrong patient, a duplicate): kept with its reason, out of the dataset. */
export async function withdrawOutcome(db: PrismaClient, actor: Actor, input: { outcomeId: string; reason: string }, now = new Date()) {
  const reason = reasonOf(input.reason, "withdrawn");
  return db.$transaction(async (tx) => {
    const outcome = await currentVersion(tx, input.outcomeId);
    await supersede(tx, outcome.id, { retractedAt: now, retractionReason: reason });
    await recordAudit(tx, actor, {
      action: "outcome.withdraw",
      entityType: "Outcome",
      entityId: outcome.id,
      patientId: outcome.patientId,
      reason,
      detail: { lineageId: outcome.lineageId, version: outcome.version },
    });
    return { id: outcome.id, retractedAt: now };
  });
}
