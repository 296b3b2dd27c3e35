import { formatDate, formatDateTime } from "@/domain/dates/format-date";
import { ServiceError } from "../errors";

/** "Tue, 24 Nov 2026, 07:30" in the server's (the hospital's) time zone. */
export const meetingWhen = (d: Date) => formatDateTime(d);
export const meetingDay = (d: Date) => formatDate(d);

export interface MeetingState {
  startsAt: Date;
  durationMinutes: number;
  status: "PLANNED" | "IN_PROGRESS" | "FINISHED" | "CANCELLED";
}

/** A meeting whose agenda may still change: not finished or cancelled, and not over. */
export function assertAgendaEditable(meeting: MeetingState, now: Date) {
  if (meeting.status === "FINISHED") throw new ServiceError("BAD_REQUEST", "This meeting is finished: its agenda can no longer be changed.");
  if (meeting.status === "CANCELLED") throw new ServiceError("BAD_REQUEST", "This meeting is cancelled: its agenda can no longer be changed.");
  if (meeting.status === "PLANNED" && meeting.startsAt.getTime() + meeting.durationMinutes * 60_000 < now.getTime()) {
    throw new ServiceError("BAD_REQUEST", `This meeting was on ${meetingWhen(meeting.startsAt)}, in the past: its agenda can no longer be changed.`);
  }
}
