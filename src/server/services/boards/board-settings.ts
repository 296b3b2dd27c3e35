import type { SpecialtyName } from "@/domain/roles";
import { recordAudit } from "../audit/record-audit";
import type { Actor, Db } from "../db-types";
import { getRuleSet } from "../readiness/rule-sets";

/** A board's settings page: quorum, referral cut-off, members and the readiness rules in force. */
export async function getBoardSettings(db: Db, boardId: string) {
  const board = await db.board.findUniqueOrThrow({
    where: { id: boardId },
    select: { id: true, slug: true, name: true, tumourSite: true, quorumSpecialties: true, referralCutoffHours: true, memberships: { select: { user: { select: { id: true, name: true, role: true, specialty: true } } } } },
  });
  const rules = await getRuleSet(db, boardId);
  const { memberships, ...rest } = board;
  return { ...rest, members: memberships.map((m) => m.user).sort((a, b) => a.name.localeCompare(b.name)), readiness: rules };
}

/** The chair sets which specialties make the quorum and when referrals close before a meeting. */
export async function updateBoardSettings(db: Db, actor: Actor, input: { boardId: string; quorumSpecialties: SpecialtyName[]; referralCutoffHours: number }) {
  const quorumSpecialties = [...new Set(input.quorumSpecialties)];
  await db.board.update({ where: { id: input.boardId }, data: { quorumSpecialties, referralCutoffHours: input.referralCutoffHours } });
  await recordAudit(db, actor, { action: "board.settings", entityType: "Board", entityId: input.boardId, detail: { quorumSpecialties, referralCutoffHours: input.referralCutoffHours } });
  return { quorumSpecialties, referralCutoffHours: input.referralCutoffHours };
}
