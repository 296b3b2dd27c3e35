import { formatCalendarDate } from "@/domain/dates/format-date";

/** Due dates are calendar dates stored at midnight UTC: the same day on the server and in every browser. */
export const formatDue = (d: Date | null) => (d ? formatCalendarDate(d) : "no date");

export const TASK_KIND_LABELS = { FOLLOW_UP: "Follow-up", RE_DISCUSSION: "Re-discussion", READINESS_REQUEST: "Readiness request", OUTCOME_DUE: "Outcome due" } as const;
