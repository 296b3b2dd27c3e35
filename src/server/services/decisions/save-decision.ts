import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import { diffDecisions, type DecisionContent } from "@/domain/decisions/content";
import { checkDecisionDraft } from "@/domain/decisions/requirements";
import type { Actor } from "../db-types";
import { ServiceError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { markCaseDiscussed } from "../meetings/mark-discussed";
import { quorumColumns } from "./decision-quorum";
import { columnsOf, contentOf, siteOfCondition } from "./decision-content";

export interface SaveDecisionInput {
  caseId: string;
  meetingId: string | null;
  /** The draft being edited; null starts a new version. */
  decisionId: string | null;
  /** The draft's revision the user started from: a save naming an older one is a conflict, never a lost update. */
  expectedRevision: number;
  content: DecisionContent;
}

export const LOCKED_MESSAGE = (version: number) => `Version ${version} of this decision is signed and locked — start a correction to change it.`;

/**
 * Saves the board's decision as a draft (autosave): updates the open draft only if nobody saved it since the user's
 * revision, or starts a new version when the case comes back to a later meeting. A draft may be incomplete, but
 * never impossible (staging, biomarker values). Signed versions are locked.
 */
export async function saveDecision(db: PrismaClient, actor: Actor, input: SaveDecisionInput) {
  const kase = await db.case.findUniqueOrThrow({
    where: { id: input.caseId },
    select: { id: true, patientId: true, condition: { select: { topographyCode: true } } },
  });
  const problems = checkDecisionDraft(siteOfCondition(kase.condition), input.content);
  if (problems.length > 0) throw new ServiceError("BAD_REQUEST", problems.map((p) => p.message).join(" "), problems);

  try {
    return await db.$transaction(async (tx) => {
      if (input.meetingId) {
        const onAgenda = await tx.agendaItem.findUnique({ where: { meetingId_caseId: { meetingId: input.meetingId, caseId: kase.id } } });
        if (!onAgenda) throw new ServiceError("BAD_REQUEST", "This case is not on that meeting's agenda.");
      }
      const columns = { ...columnsOf(input.content), ...(await quorumColumns(tx, input.meetingId)) };
      // Decided while the meeting runs: the case is discussed today, whatever day the meeting was planned for.
      if (input.meetingId) await markCaseDiscussed(tx, { meetingId: input.meetingId, caseId: kase.id });

      if (input.decisionId) {
        const before = await tx.decision.findFirst({ where: { id: input.decisionId, caseId: kase.id }, include: { recordedBy: { select: { name: true } } } });
        if (!before) throw new ServiceError("NOT_FOUND", "This decision does not belong to this case.");
        if (before.status === "SIGNED") throw new ServiceError("CONFLICT", LOCKED_MESSAGE(before.version));
        // The revision is part of the condition: of two saves from the same revision, only the first goes through.
        const { count } = await tx.decision.updateMany({
          where: { id: before.id, status: "DRAFT", revision: input.expectedRevision },
          data: { ...columns, meetingId: input.meetingId, revision: { increment: 1 }, recordedById: actor.id },
        });
        if (count === 0) {
          throw new ServiceError(
            "CONFLICT",
            `${before.recordedBy.name} saved a newer revision (${before.revision}) of this draft meanwhile. Your text is kept here: compare it with theirs, then keep yours or take theirs.`,
          );
        }
        const changed = diffDecisions(contentOf(before), input.content).map((c) => c.field);
        await recordAudit(tx, actor, {
          action: "decision.update",
          entityType: "Decision",
          entityId: before.id,
          patientId: kase.patientId,
          detail: { version: before.version, revision: before.revision + 1, changed },
        });
        const after = await tx.decision.findUniqueOrThrow({ where: { id: before.id }, select: { updatedAt: true } });
        return { id: before.id, version: before.version, status: "DRAFT" as const, revision: before.revision + 1, savedAt: after.updatedAt };
      }

      const latest = await tx.decision.findFirst({ where: { caseId: kase.id }, orderBy: { version: "desc" }, include: { recordedBy: { select: { name: true } } } });
      if (latest?.status === "DRAFT") {
        throw new ServiceError("CONFLICT", `${latest.recordedBy.name} has already started a draft (version ${latest.version}) of this decision. Your text is kept here: compare it with theirs, then keep yours or take theirs.`);
      }
      if (latest?.status === "SIGNED" && latest.meetingId === input.meetingId) throw new ServiceError("CONFLICT", LOCKED_MESSAGE(latest.version));

      const decision = await tx.decision.create({
        data: { ...columns, meetingId: input.meetingId, caseId: kase.id, version: (latest?.version ?? 0) + 1, revision: 1, recordedById: actor.id },
      });
      await tx.case.update({ where: { id: kase.id }, data: { status: "DISCUSSED" } });
      if (input.meetingId) {
        await tx.agendaItem.update({ where: { meetingId_caseId: { meetingId: input.meetingId, caseId: kase.id } }, data: { status: "DISCUSSED" } });
      }
      await recordAudit(tx, actor, { action: "decision.create", entityType: "Decision", entityId: decision.id, patientId: kase.patientId, detail: { version: decision.version } });
      return { id: decision.id, version: decision.version, status: "DRAFT" as const, revision: 1, savedAt: decision.updatedAt };
    });
  } catch (error) {
    // Two people starting the same new version at once: the unique (case, version) lets one through.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ServiceError("CONFLICT", "Someone else started this decision a moment ago. Your text is kept here: compare it with theirs, then keep yours or take theirs.");
    }
    throw error;
  }
}
