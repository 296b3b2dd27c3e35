import { discussedOn } from "@/domain/meetings/meeting-day";
import type { Db } from "../db-types";

/** What a query selects to date a decision's discussion. */
export const meetingDaySelect = { startsAt: true, startedAt: true } as const;

interface DecisionDates {
  caseId: string;
  meetingId: string | null;
  createdAt: Date;
  meeting: { startsAt: Date; startedAt: Date | null } | null;
}

/** The day a decision's case was discussed, given the case's agenda items (their recorded discussion dates). */
export function decisionDiscussedOn(decision: DecisionDates, agendaItems: { meetingId: string; discussedAt: Date | null }[]): Date {
  const item = decision.meetingId ? agendaItems.find((i) => i.meetingId === decision.meetingId) : undefined;
  return discussedOn({ discussedAt: item?.discussedAt ?? null, meeting: decision.meeting, recordedAt: decision.createdAt });
}

/** The same for one decision, reading its agenda item. */
export async function loadDecisionDiscussedOn(db: Db, decision: DecisionDates): Promise<Date> {
  const item = decision.meetingId
    ? await db.agendaItem.findUnique({ where: { meetingId_caseId: { meetingId: decision.meetingId, caseId: decision.caseId } }, select: { meetingId: true, discussedAt: true } })
    : null;
  return decisionDiscussedOn(decision, item ? [item] : []);
}
