import type { Prisma } from "@/generated/prisma/client";
import type { Actor } from "../db-types";
import { placeCaseOnNextMeeting } from "../meetings/place-case";

export type Placement = { placed: "meeting"; meetingId: string; startsAt: Date } | { placed: "waiting-list" };

/**
 * Brings a case back to its board for a re-discussion task: the same placement as referrals and deferred cases
 * (placeCaseOnNextMeeting), told in the terms the task form shows.
 */
export async function placeCaseForRediscussion(
  tx: Prisma.TransactionClient,
  caseId: string,
  opts: { notBefore: Date; reason: string; actor?: Actor },
  now = new Date(),
): Promise<Placement> {
  const { meeting } = await placeCaseOnNextMeeting(tx, caseId, { notBefore: opts.notBefore, reason: opts.reason, now, actor: opts.actor, alsoWhenScheduled: true });
  return meeting ? { placed: "meeting", meetingId: meeting.id, startsAt: meeting.startsAt } : { placed: "waiting-list" };
}
