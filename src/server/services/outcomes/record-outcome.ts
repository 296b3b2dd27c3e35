import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/generated/prisma/client";
import type { OutcomeFacts } from "@/domain/outcomes/validate-outcome";
import type { Actor } from "../db-types";
import { ServiceError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { checkOutcome, completeAnsweredTasks } from "./outcome-rules";

export interface OutcomeInput extends OutcomeFacts {
  caseId: string;
  /** The user's IANA time zone: "today" is their day, not the server's. */
  timeZone?: string;
}

/**
 * Records what happened after the board's decision, linked to the case's latest decision, as version 1 of a new
 * lineage. Closes the outcome tasks it answers.
 */
export async function recordOutcome(db: PrismaClient, actor: Actor, input: OutcomeInput, now = new Date()) {
  return db.$transaction(async (tx) => {
    const kase = await tx.case.findUniqueOrThrow({
      where: { id: input.caseId },
      select: { id: true, patientId: true, decisions: { orderBy: { version: "desc" }, take: 1, select: { id: true } } },
    });
    const decision = kase.decisions[0];
    if (!decision) throw new ServiceError("BAD_REQUEST", "Record the board's decision before its outcomes.");
    const data = await checkOutcome(tx, kase.patientId, input, { timeZone: input.timeZone, now });
    // The first version of an outcome names its own lineage: its id is made here so that both can be written at once.
    const id = randomUUID();
    const outcome = await tx.outcome.create({
      data: { ...data, id, lineageId: id, patientId: kase.patientId, caseId: kase.id, decisionId: decision.id, recordedById: actor.id },
    });
    await recordAudit(tx, actor, { action: "outcome.create", entityType: "Outcome", entityId: outcome.id, patientId: kase.patientId, detail: { kind: data.kind, occurredOn: input.occurredOn } });
    await completeAnsweredTasks(tx, actor, outcome, now);
    return { id: outcome.id, lineageId: outcome.lineageId, version: outcome.version };
  });
}
