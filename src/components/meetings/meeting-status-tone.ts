/** The badge tone of a meeting's status, the same on the list and on the agenda: finished good, cancelled bad. */
export function meetingStatusTone(status: "PLANNED" | "IN_PROGRESS" | "FINISHED" | "CANCELLED") {
  return status === "FINISHED" ? "good" : status === "CANCELLED" ? "bad" : "info";
}
