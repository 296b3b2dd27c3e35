import type { PrismaClient } from "@/generated/prisma/client";
import { checkStaging, stagingSiteOf, type TnmPrefixName } from "@/domain/staging/tnm";
import type { Actor } from "../db-types";
import { ServiceError } from "../errors";
import { recordAudit } from "../audit/record-audit";

export interface DecisionDraft {
  caseId: string;
  meetingId: string | null;
  tnmPrefix: TnmPrefixName | null;
  tCategory: string | null;
  nCategory: string | null;
  mCategory: string | null;
  stageGroup: string | null;
  intent: "CURATIVE" | "PALLIATIVE" | "NONE";
  recommendation: string;
  rationale: string;
}

/**
 * Records the board's decision on a case as a draft: updates the open draft, or starts a new version when the
 * case comes back to a later meeting. A signed decision of the same meeting is locked.
 */
export async function saveDecision(db: PrismaClient, actor: Actor, draft: DecisionDraft) {
  return db.$transaction(async (tx) => {
    const kase = await tx.case.findUniqueOrThrow({
      where: { id: draft.caseId },
      select: { id: true, patientId: true, condition: { select: { topographyCode: true } } },
    });
    const problems = checkStaging(kase.condition ? stagingSiteOf(kase.condition.topographyCode) : null, {
      prefix: draft.tnmPrefix,
      t: draft.tCategory,
      n: draft.nCategory,
      m: draft.mCategory,
      stageGroup: draft.stageGroup,
    });
    if (problems.length > 0) {
      throw new ServiceError("BAD_REQUEST", problems.map((p) => p.message).join(" "), problems);
    }
    if (draft.meetingId) {
      const onAgenda = await tx.agendaItem.findUnique({ where: { meetingId_caseId: { meetingId: draft.meetingId, caseId: kase.id } } });
      if (!onAgenda) throw new ServiceError("BAD_REQUEST", "This case is not on that meeting's agenda.");
    }

    const latest = await tx.decision.findFirst({ where: { caseId: kase.id }, orderBy: { version: "desc" } });
    if (latest?.status === "SIGNED" && latest.meetingId === draft.meetingId) {
      throw new ServiceError("CONFLICT", `Version ${latest.version} of this decision is signed and locked.`);
    }

    const fields = {
      meetingId: draft.meetingId,
      tnmPrefix: draft.tnmPrefix,
      tCategory: draft.tCategory,
      nCategory: draft.nCategory,
      mCategory: draft.mCategory,
      stageGroup: draft.stageGroup,
      intent: draft.intent,
      recommendation: draft.recommendation,
      rationale: draft.rationale,
    };
    const decision =
      latest?.status === "DRAFT"
        ? await tx.decision.update({ where: { id: latest.id }, data: { ...fields, recordedById: actor.id } })
        : await tx.decision.create({ data: { ...fields, caseId: kase.id, version: (latest?.version ?? 0) + 1, recordedById: actor.id } });

    await tx.case.update({ where: { id: kase.id }, data: { status: "DISCUSSED" } });
    if (draft.meetingId) {
      await tx.agendaItem.update({ where: { meetingId_caseId: { meetingId: draft.meetingId, caseId: kase.id } }, data: { status: "DISCUSSED" } });
    }
    await recordAudit(tx, actor, {
      action: latest?.status === "DRAFT" ? "decision.update" : "decision.create",
      entityType: "Decision",
      entityId: decision.id,
      patientId: kase.patientId,
      detail: { version: decision.version },
    });
    return { id: decision.id, version: decision.version, status: decision.status };
  });
}
