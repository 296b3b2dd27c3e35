export interface BudgetedItem {
  minutesBudget: number;
}

export interface TimeBudget {
  plannedMinutes: number;
  meetingMinutes: number;
  /** Minutes over the meeting's length; 0 when it fits. */
  overrunMinutes: number;
  /** Share of the meeting the agenda fills, 0..1 and above when over time. */
  fill: number;
}

export function agendaTimeBudget(items: readonly BudgetedItem[], meetingMinutes: number): TimeBudget {
  const plannedMinutes = items.reduce((sum, item) => sum + item.minutesBudget, 0);
  return {
    plannedMinutes,
    meetingMinutes,
    overrunMinutes: Math.max(0, plannedMinutes - meetingMinutes),
    fill: meetingMinutes > 0 ? plannedMinutes / meetingMinutes : 0,
  };
}

/**
 * When each case starts if the meeting runs to plan: the first at the meeting's start, each next one after the
 * minutes of those before it. The printed agenda and the agenda screen both use this, so they never disagree.
 */
export function caseStartTimes(meetingStartsAt: Date, items: readonly BudgetedItem[]): Date[] {
  let clock = meetingStartsAt.getTime();
  return items.map((item) => {
    const starts = new Date(clock);
    clock += item.minutesBudget * 60_000;
    return starts;
  });
}
