import type { PrismaClient } from "@/generated/prisma/client";
import { SPECIALTY_LABELS, type SpecialtyName } from "@/domain/roles";
import { recordAudit } from "../audit/record-audit";
import type { Actor, Db } from "../db-types";
import { ServiceError } from "../errors";
import { notifyUsers } from "../notifications/notify";
import { readinessOfCases } from "./load-readiness";
import { getRuleSet } from "./rule-sets";
import { CLINICAL_MEMBERSHIP, CLINICAL_USER } from "../boards/clinical-members";

/** One case's readiness with every item, who must act, and the board members who could be asked by name. */
export async function getCaseReadiness(db: Db, actor: Actor, caseId: string, now = new Date()) {
  const kase = await db.case.findUniqueOrThrow({
    where: { id: caseId },
    select: { id: true, patientId: true, boardId: true, board: { select: { memberships: { where: CLINICAL_MEMBERSHIP, select: { user: { select: { id: true, name: true, specialty: true, active: true } } } } } } },
  });
  const [readiness, ruleSet] = await Promise.all([readinessOfCases(db, [caseId], now), getRuleSet(db, kase.boardId)]);
  await recordAudit(db, actor, { action: "readiness.read", entityType: "Case", entityId: caseId, patientId: kase.patientId });
  const r = readiness.get(caseId)!;
  const members = kase.board.memberships.map((m) => m.user).filter((u) => u.active && u.specialty);
  return {
    caseId,
    ruleSetVersion: ruleSet.version,
    status: r.status,
    missing: r.missing,
    stale: r.stale,
    items: r.items.map((i) => ({
      ...i,
      candidates: members.filter((u) => u.specialty === i.responsibleSpecialty).map((u) => ({ id: u.id, name: u.name })),
    })),
  };
}

/**
 * Asks the responsible specialty (or one named member of it) for a missing or stale readiness item: an open
 * READINESS_REQUEST task and a notification to the people who must act. Asking again while a request is open
 * returns that request.
 */
export async function requestReadinessItem(db: PrismaClient, actor: Actor, input: { caseId: string; readinessKey: string; ownerId?: string | null; note?: string }, now = new Date()) {
  return db.$transaction(async (tx) => {
    const kase = await tx.case.findUniqueOrThrow({ where: { id: input.caseId }, select: { id: true, boardId: true, patientId: true, patient: { select: { familyName: true, givenName: true } } } });
    const ruleSet = await getRuleSet(tx, kase.boardId);
    const rule = ruleSet.rules.find((r) => r.key === input.readinessKey);
    if (!rule) throw new ServiceError("BAD_REQUEST", "This board has no readiness rule with that key; reload the page.");
    const item = (await readinessOfCases(tx, [kase.id], now)).get(kase.id)!.items.find((i) => i.key === rule.key)!;
    if (item.state === "CURRENT") throw new ServiceError("BAD_REQUEST", `"${rule.label}" is already current: nothing to request.`);

    const existing = await tx.followUpTask.findFirst({ where: { caseId: kase.id, kind: "READINESS_REQUEST", readinessKey: rule.key, status: "OPEN" }, select: { id: true } });
    if (existing) return { taskId: existing.id, alreadyRequested: true, notified: 0 };

    const specialty: SpecialtyName = rule.responsibleSpecialty;
    let recipients: string[];
    if (input.ownerId) {
      const owner = await tx.boardMembership.findUnique({ where: { userId_boardId: { userId: input.ownerId, boardId: kase.boardId } }, select: { user: { select: { id: true, specialty: true, active: true } } } });
      if (!owner || !owner.user.active) throw new ServiceError("BAD_REQUEST", "The person asked must be an active member of the board.");
      if (owner.user.specialty !== specialty) throw new ServiceError("BAD_REQUEST", `"${rule.label}" is for ${SPECIALTY_LABELS[specialty].toLowerCase()}: ask a member of that specialty.`);
      recipients = [owner.user.id];
    } else {
      const members = await tx.boardMembership.findMany({ where: { boardId: kase.boardId, user: { specialty, active: true, ...CLINICAL_USER } }, select: { userId: true } });
      recipients = members.map((m) => m.userId);
    }
    const task = await tx.followUpTask.create({
      data: {
        caseId: kase.id,
        kind: "READINESS_REQUEST",
        title: `Needed before the board: ${rule.label}`,
        detail: [item.detail, input.note?.trim()].filter(Boolean).join(". "),
        ownerId: input.ownerId ?? null,
        ownerSpecialty: specialty,
        readinessKey: rule.key,
        createdById: actor.id,
      },
      select: { id: true },
    });
    const notified = await notifyUsers(tx, recipients, {
      kind: "TASK_ASSIGNED",
      title: `Needed before the board: ${rule.label}`,
      body: `${kase.patient.familyName.toUpperCase()}, ${kase.patient.givenName}: ${item.detail}.`,
      link: `/cases/${kase.id}`,
    });
    await recordAudit(tx, actor, { action: "readiness.request", entityType: "Case", entityId: kase.id, patientId: kase.patientId, detail: { readinessKey: rule.key, taskId: task.id, ownerId: input.ownerId ?? null } });
    return { taskId: task.id, alreadyRequested: false, notified };
  });
}
