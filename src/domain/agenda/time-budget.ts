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
