import type { SpecialtyName } from "@/domain/roles";
import { recordAudit } from "../audit/record-audit";
import type { Actor, Db } from "../db-types";
import { getRuleSet } from "../readiness/rule-sets";
import { ServiceError } from "../errors";
import { forgetDueCheck } from "../outcomes/raise-due-outcome-tasks";
import { scheduleProblems } from "@/domain/outcomes/schedule";

/** A board's settings page: quorum, referral cut-off, members and the readiness rules in force. */
export async function getBoardSettings(db: Db, boardId: string) {
  const board = await db.board.findUniqueOrThrow({
    where: { id: boardId },
    select: { id: true, slug: true, name: true, tumourSite: true, quorumSpecialties: true, referralCutoffHours: true, treatmentStartWeeks: true, followUpMonths: true, guestsCountTowardsQuorum: true, memberships: { select: { user: { select: { id: true, name: true, role: true, specialty: true } } } } },
  });
  const rules = await getRuleSet(db, boardId);
  const { memberships, ...rest } = board;
  return { ...rest, members: memberships.map((m) => m.user).sort((a, b) => a.name.localeCompare(b.name)), readiness: rules };
}

/**
 * The chair sets which specialties make the quorum, when referrals close before a meeting and, when given, the
 * outcome schedule of signed decisions (treatment start within n weeks, then a status at each listed month).
 */
export async function updateBoardSettings(
  db: Db,
  actor: Actor,
  input: { boardId: string; quorumSpecialties: SpecialtyName[]; referralCutoffHours: number; treatmentStartWeeks?: number; followUpMonths?: number[]; guestsCountTowardsQuorum?: boolean },
) {
  const quorumSpecialties = [...new Set(input.quorumSpecialties)];
  const current = await db.board.findUniqueOrThrow({ where: { id: input.boardId }, select: { treatmentStartWeeks: true, followUpMonths: true, guestsCountTowardsQuorum: true } });
  const guestsCountTowardsQuorum = input.guestsCountTowardsQuorum ?? current.guestsCountTowardsQuorum;
  const schedule = { treatmentStartWeeks: input.treatmentStartWeeks ?? current.treatmentStartWeeks, followUpMonths: input.followUpMonths ?? current.followUpMonths };
  const problems = scheduleProblems(schedule);
  if (problems.length > 0) throw new ServiceError("BAD_REQUEST", problems.map((p) => p.message).join(" "), problems);
  await db.board.update({ where: { id: input.boardId }, data: { quorumSpecialties, referralCutoffHours: input.referralCutoffHours, guestsCountTowardsQuorum, ...schedule } });
  await recordAudit(db, actor, { action: "board.settings", entityType: "Board", entityId: input.boardId, detail: { quorumSpecialties, referralCutoffHours: input.referralCutoffHours, guestsCountTowardsQuorum, ...schedule } });
  // A changed schedule may make checkpoints due now: the next task list checks at once.
  forgetDueCheck(input.boardId);
  return { quorumSpecialties, referralCutoffHours: input.referralCutoffHours, guestsCountTowardsQuorum, ...schedule };
}
