const dayFmt = new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "short", year: "numeric", timeZone: "UTC" });

/** Due dates are calendar dates stored at midnight UTC: the same day on the server and in every browser. */
export const formatDue = (d: Date | null) => (d ? dayFmt.format(d) : "no date");

export const TASK_KIND_LABELS = { FOLLOW_UP: "Follow-up", RE_DISCUSSION: "Re-discussion", READINESS_REQUEST: "Readiness request" } as const;
