import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "../db-types";
import { ServiceError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import type { OutcomeKindName } from "@/domain/outcomes/vocabulary";

export interface OutcomeInput {
  caseId: string;
  kind: OutcomeKindName;
  occurredOn: Date;
  note: string;
}

/** Records what happened after the board's decision, linked to the case's latest decision. */
export async function recordOutcome(db: PrismaClient, actor: Actor, input: OutcomeInput, now = new Date()) {
  if (input.occurredOn.getTime() > now.getTime()) throw new ServiceError("BAD_REQUEST", "An outcome cannot be dated in the future.");
  return db.$transaction(async (tx) => {
    const kase = await tx.case.findUniqueOrThrow({
      where: { id: input.caseId },
      select: { id: true, patientId: true, decisions: { orderBy: { version: "desc" }, take: 1, select: { id: true } } },
    });
    const decision = kase.decisions[0];
    if (!decision) throw new ServiceError("BAD_REQUEST", "Record the board's decision before its outcomes.");
    const death = await tx.outcome.findFirst({ where: { patientId: kase.patientId, kind: "DEATH" } });
    if (death && input.occurredOn > death.occurredOn) {
      throw new ServiceError("BAD_REQUEST", "The patient's death is already recorded at an earlier date.");
    }
    // The first version of an outcome names its own lineage: its id is made here so that both can be written at once.
    const id = randomUUID();
    const outcome = await tx.outcome.create({
      data: { id, lineageId: id, patientId: kase.patientId, caseId: kase.id, decisionId: decision.id, kind: input.kind, occurredOn: input.occurredOn, note: input.note, recordedById: actor.id },
    });
    await recordAudit(tx, actor, { action: "outcome.create", entityType: "Outcome", entityId: outcome.id, patientId: kase.patientId, detail: { kind: input.kind } });
    return { id: outcome.id };
  });
}
