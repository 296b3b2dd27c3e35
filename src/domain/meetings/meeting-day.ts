/**
 * The days a meeting and its cases happen on, as the documents must tell them.
 *
 * A meeting is planned for a day but may be presented on another: presenting then moves the meeting to that day
 * (after the chair confirmed it). A case's "discussed on" date is the day the board actually discussed it: recorded
 * when it was first shown or decided while the meeting was in progress; failing that, the day the meeting started;
 * failing that, the planned day if it had come when the decision was recorded, else the day it was recorded. It is
 * never a planned day still ahead of the decision.
 *
 * Days are calendar days in the server's time zone (the hospital's).
 */

/** Whether two instants fall on the same calendar day in the server's time zone. */
export function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** Presenting a meeting that has not started, on another day than planned, needs the chair's confirmation. */
export function presentingMovesDate(meeting: { startsAt: Date; startedAt: Date | null }, now: Date): boolean {
  return meeting.startedAt === null && !sameDay(meeting.startsAt, now);
}

export interface DiscussedOnInput {
  /** AgendaItem.discussedAt: set while the meeting was in progress. */
  discussedAt: Date | null;
  meeting: { startsAt: Date; startedAt: Date | null } | null;
  /** When the decision was first recorded. */
  recordedAt: Date;
}

/** The date a case was discussed (see the header). */
export function discussedOn({ discussedAt, meeting, recordedAt }: DiscussedOnInput): Date {
  if (discussedAt) return discussedAt;
  if (meeting?.startedAt) return meeting.startedAt;
  if (meeting && meeting.startsAt.getTime() <= recordedAt.getTime()) return meeting.startsAt;
  return recordedAt;
}
