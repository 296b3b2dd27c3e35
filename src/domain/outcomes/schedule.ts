/**
 * The outcome schedule of a signed decision, so that follow-up does not rely on memory.
 *
 * From the day the decision was signed (day 0), a board expects:
 * - "treatment-start": a treatment given, within `treatmentStartWeeks` weeks; met by any TREATMENT outcome dated on or
 *   after day 0;
 * - "<n>m" for each n of `followUpMonths` (e.g. 3, 6, 12, 24, 60): a follow-up status at n months. Its window opens
 *   halfway between the previous checkpoint (day 0 for the first) and this one, and stays open: a status recorded
 *   late still answers it. Statuses are DISEASE_STATUS, PROGRESSION, RECURRENCE and ALIVE.
 *
 * The due check raises, per decision, the treatment-start checkpoint when it is due and unmet, and only the latest
 * follow-up checkpoint that has come due when it is unmet (a missed 3-month status is not chased once the 6-month one is
 * due). Nothing is raised once the patient has died or is lost to follow-up (a later contact lifts "lost").
 *
 * All dates are calendar days at midnight UTC, as the database stores them.
 */
import type { OutcomeKindName } from "./vocabulary";

export interface ScheduleSettings {
  treatmentStartWeeks: number;
  followUpMonths: readonly number[];
}

export interface Checkpoint {
  /** "treatment-start" or "<n>m": FollowUpTask.outcomeCheckpoint. */
  key: string;
  label: string;
  dueOn: Date;
  /** The first day an outcome answers this checkpoint. */
  windowStart: Date;
}

export interface RecordedOutcomeFact {
  kind: OutcomeKindName;
  occurredOn: Date;
}

export const TREATMENT_START = "treatment-start";
export const STATUS_KINDS: readonly OutcomeKindName[] = ["DISEASE_STATUS", "PROGRESSION", "RECURRENCE", "ALIVE"];
export const SCHEDULE_LIMITS = { maxTreatmentStartWeeks: 52, maxMonths: 240, maxCheckpoints: 12 } as const;

const DAY = 86_400_000;

/** Midnight UTC of the calendar day of `d` in UTC. */
export function utcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export function addDays(d: Date, days: number): Date {
  return new Date(utcDay(d).getTime() + days * DAY);
}

/** Calendar months later; the 31st plus one month is the last day of the next month. */
export function addMonths(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay)));
}

/** Months may be fractional only for the window midpoints: half a month is 15 days. */
function addMonthsAndHalf(d: Date, months: number): Date {
  const whole = Math.floor(months);
  return addDays(addMonths(d, whole), Math.round((months - whole) * 30));
}

/** The checkpoints of a decision signed on `decidedOn`, in date order. */
export function outcomeCheckpoints(decidedOn: Date, settings: ScheduleSettings): Checkpoint[] {
  const day0 = utcDay(decidedOn);
  const months = [...new Set(settings.followUpMonths)].sort((a, b) => a - b);
  const checkpoints: Checkpoint[] = [
    { key: TREATMENT_START, label: `Treatment start (within ${settings.treatmentStartWeeks} weeks)`, dueOn: addDays(day0, settings.treatmentStartWeeks * 7), windowStart: day0 },
  ];
  months.forEach((n, i) => {
    const previous = i === 0 ? 0 : months[i - 1]!;
    checkpoints.push({ key: `${n}m`, label: `Follow-up status at ${n} months`, dueOn: addMonths(day0, n), windowStart: addMonthsAndHalf(day0, (previous + n) / 2) });
  });
  return checkpoints;
}

/** Whether this outcome answers this checkpoint. */
export function answers(checkpoint: Checkpoint, outcome: RecordedOutcomeFact): boolean {
  if (utcDay(outcome.occurredOn) < checkpoint.windowStart) return false;
  return checkpoint.key === TREATMENT_START ? outcome.kind === "TREATMENT" : STATUS_KINDS.includes(outcome.kind);
}

/** Dead, lost to follow-up (unless someone saw the patient later), or followed. */
export function vitalState(outcomes: readonly RecordedOutcomeFact[]): "DEAD" | "LOST" | "FOLLOWED" {
  if (outcomes.some((o) => o.kind === "DEATH")) return "DEAD";
  const lost = outcomes.filter((o) => o.kind === "LOST_TO_FOLLOW_UP").map((o) => o.occurredOn.getTime());
  if (lost.length === 0) return "FOLLOWED";
  const lostOn = Math.max(...lost);
  return outcomes.some((o) => o.kind !== "LOST_TO_FOLLOW_UP" && o.occurredOn.getTime() > lostOn) ? "FOLLOWED" : "LOST";
}

/**
 * The checkpoints to raise a task for today: due (dueOn on or before today) and unanswered, per the rules in the
 * header. `outcomes` are the current outcomes of the decision's case, plus the patient's death wherever recorded.
 */
export function dueCheckpoints(decidedOn: Date, settings: ScheduleSettings, outcomes: readonly RecordedOutcomeFact[], today: Date): Checkpoint[] {
  if (vitalState(outcomes) !== "FOLLOWED") return [];
  const day = utcDay(today);
  const due = outcomeCheckpoints(decidedOn, settings).filter((c) => c.dueOn <= day);
  const unanswered = (c: Checkpoint) => !outcomes.some((o) => answers(c, o));
  const treatment = due.find((c) => c.key === TREATMENT_START);
  const latestFollowUp = due.filter((c) => c.key !== TREATMENT_START).at(-1);
  return [treatment, latestFollowUp].filter((c): c is Checkpoint => !!c && unanswered(c));
}

/** The checkpoint a task names, rebuilt from the decision's day and the board's settings (null if no longer in them). */
export function checkpointByKey(decidedOn: Date, settings: ScheduleSettings, key: string): Checkpoint | null {
  return outcomeCheckpoints(decidedOn, settings).find((c) => c.key === key) ?? null;
}

/** Problems with a board's schedule settings, one message per field, empty when valid. */
export function scheduleProblems(settings: ScheduleSettings): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const weeks = settings.treatmentStartWeeks;
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > SCHEDULE_LIMITS.maxTreatmentStartWeeks) {
    problems.push({ field: "treatmentStartWeeks", message: `Treatment start is expected within 1 to ${SCHEDULE_LIMITS.maxTreatmentStartWeeks} weeks.` });
  }
  const months = settings.followUpMonths;
  if (months.length === 0) problems.push({ field: "followUpMonths", message: "Give at least one follow-up month, e.g. 3, 6, 12." });
  else if (months.length > SCHEDULE_LIMITS.maxCheckpoints) problems.push({ field: "followUpMonths", message: `At most ${SCHEDULE_LIMITS.maxCheckpoints} follow-up checkpoints.` });
  else if (months.some((m) => !Number.isInteger(m) || m < 1 || m > SCHEDULE_LIMITS.maxMonths)) {
    problems.push({ field: "followUpMonths", message: `Follow-up months are whole numbers from 1 to ${SCHEDULE_LIMITS.maxMonths}.` });
  } else if (months.some((m, i) => i > 0 && m <= months[i - 1]!)) {
    problems.push({ field: "followUpMonths", message: "List the follow-up months once each, in increasing order (e.g. 3, 6, 12)." });
  }
  return problems;
}

/**
 * Outcome completeness of a board: of its living patients (a signed decision, not dead, not lost to follow-up), the
 * share with a follow-up status (or treatment) dated in the last `months` months.
 */
export function outcomeCompleteness(patients: readonly { outcomes: readonly RecordedOutcomeFact[] }[], today: Date, months = 6) {
  const since = addMonths(utcDay(today), -months);
  const living = patients.filter((p) => vitalState(p.outcomes) === "FOLLOWED");
  const withStatus = living.filter((p) => p.outcomes.some((o) => o.kind !== "LOST_TO_FOLLOW_UP" && utcDay(o.occurredOn) >= since)).length;
  return { living: living.length, withRecentStatus: withStatus, share: living.length === 0 ? null : withStatus / living.length };
}
