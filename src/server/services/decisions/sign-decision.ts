import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { missingForSigning, signingMessage } from "@/domain/decisions/requirements";
import { SPECIALTY_LABELS } from "@/domain/roles";
import type { Actor, Db } from "../db-types";
import { ServiceError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { estimateAtSigning } from "../estimates/estimate-for-case";
import { markCaseDiscussed } from "../meetings/mark-discussed";
import { quorumColumns } from "./decision-quorum";
import { contentOf, siteOfCondition } from "./decision-content";

export const WITHOUT_QUORUM_FIELD = "withoutQuorumReason";

/**
 * The chair who signs a meeting's decision attends it: their attendance is recorded (in the room, unless already
 * recorded otherwise), so the quorum counts them.
 */
async function recordSignerAttendance(tx: Db, actor: Actor, meetingId: string) {
  const [meeting, signer] = await Promise.all([
    tx.meeting.findUniqueOrThrow({ where: { id: meetingId }, select: { status: true } }),
    tx.user.findUniqueOrThrow({ where: { id: actor.id }, select: { specialty: true } }),
  ]);
  if (meeting.status === "CANCELLED") return;
  const existing = await tx.attendance.findUnique({ where: { meetingId_userId: { meetingId, userId: actor.id } }, select: { id: true } });
  if (existing) return;
  await tx.attendance.create({ data: { meetingId, userId: actor.id, specialty: signer.specialty ?? "OTHER", mode: "IN_ROOM", recordedById: actor.id } });
  await recordAudit(tx, actor, { action: "attendance.set", entityType: "Meeting", entityId: meetingId, detail: { userId: actor.id, mode: "IN_ROOM", reason: "signed a decision of the meeting" } });
}

/**
 * The chair signs a draft decision; it is locked from then on. Everything a signed decision needs is checked at
 * once and named in one message. With `expectedRevision`, the chair signs exactly the revision they read.
 * Signing without quorum is possible, but only with a reason (`withoutQuorumReason`), kept on the decision and
 * shown in its history and the minutes.
 */
export async function signDecision(db: PrismaClient, actor: Actor, input: { decisionId: string; expectedRevision?: number; withoutQuorumReason?: string | null }) {
  const now = new Date();
  // The outcome estimate beside the form, kept as it stood at signing, to be compared later with what followed. It is
  // worked out before the transaction (a model fit can take seconds and must not hold locks), from the draft as it
  // reads now; the transaction below signs that same revision or refuses.
  const draft = await db.decision.findUniqueOrThrow({ where: { id: input.decisionId }, select: { caseId: true, revision: true } });
  const estimate = (await estimateAtSigning(db, draft.caseId)) as Prisma.InputJsonValue;
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

    if (decision.meetingId) {
      await recordSignerAttendance(tx, actor, decision.meetingId);
      await markCaseDiscussed(tx, { meetingId: decision.meetingId, caseId: decision.caseId });
    }
    // The quorum as it stands when the chair signs (the chair included): attendance may have changed since the save.
    const quorum = await quorumColumns(tx, decision.meetingId);
    const reason = input.withoutQuorumReason?.trim() || null;
    if (quorum.quorate === false && (!reason || reason.length < 3)) {
      const missingWords = quorum.quorumMissing.map((s) => SPECIALTY_LABELS[s]).join(", ");
      throw new ServiceError("CONFLICT", `The quorum is not met: ${missingWords} ${quorum.quorumMissing.length === 1 ? "is" : "are"} not recorded as attending. To sign anyway, say why.`, [
        { field: WITHOUT_QUORUM_FIELD, message: missingWords },
      ]);
    }

    if (decision.revision !== draft.revision) {
      throw new ServiceError("CONFLICT", `${decision.recordedBy.name} changed this draft a moment ago. Reload to read their changes before signing.`);
    }
    // Signing only a draft that nobody signed or changed meanwhile: status and revision are part of the condition.
    const { count } = await tx.decision.updateMany({
      where: { id: decision.id, status: "DRAFT", revision: decision.revision },
      // updatedAt is the signature time: nothing is saved after signing.
      data: { status: "SIGNED", signedById: actor.id, signedAt: now, updatedAt: now, ...quorum, quorumOverrideReason: quorum.quorate === false ? reason : null, estimateAtSigning: estimate },
    });
    if (count === 0) throw new ServiceError("CONFLICT", "This decision was signed or changed by someone else a moment ago. Reload to see it.");
    await recordAudit(tx, actor, {
      action: "decision.sign",
      entityType: "Decision",
      entityId: decision.id,
      patientId: decision.case.patientId,
      reason: quorum.quorate === false ? reason : null,
      detail: { version: decision.version, revision: decision.revision, quorate: quorum.quorate },
    });
    return { id: decision.id, version: decision.version, status: "SIGNED" as const, revision: decision.revision };
  });
}
