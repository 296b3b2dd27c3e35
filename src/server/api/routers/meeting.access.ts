import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";
import type { Fixture } from "../../testing/fixture";

const EDITORS = ["chair", "coordinator"] as const;
// Calls that pass the guard but change nothing shared: a stale revision, a time in the past, or a meeting of their own.
const STALE = 999_999;
const past = new Date("2020-01-01T09:00:00Z");
const freshMeeting = (f: Fixture) => f.db.meeting.create({ data: { boardId: f.boardA.id, startsAt: new Date(Date.now() + 5 * 86_400_000), location: "Room 1" } });

export const access: AccessCases = {
  "meeting.list": { allowed: [...CLINICAL_ON_A, "outsiderChair"], call: (c) => c.meeting.list() },
  "meeting.agenda": { allowed: CLINICAL_ON_A, call: (c, f) => c.meeting.agenda({ meetingId: f.meetingA.id }) },
  "meeting.create": { allowed: EDITORS, call: (c, f) => c.meeting.create({ boardId: f.boardA.id, startsAt: past, durationMinutes: 60, location: "Room", videoLink: null }) },
  "meeting.update": { allowed: EDITORS, call: (c, f) => c.meeting.update({ meetingId: f.meetingA.id, startsAt: past, durationMinutes: 60, location: "Room", videoLink: null }) },
  "meeting.waitingList": { allowed: CLINICAL_ON_A, call: (c, f) => c.meeting.waitingList({ meetingId: f.meetingA.id }) },
  "meeting.addCase": { allowed: EDITORS, call: (c, f) => c.meeting.addCase({ meetingId: f.meetingA.id, caseId: f.caseA.id, expectedRevision: STALE }) },
  "meeting.removeCase": { allowed: EDITORS, call: (c, f) => c.meeting.removeCase({ meetingId: f.meetingA.id, itemId: "x", expectedRevision: STALE }) },
  "meeting.reorder": { allowed: EDITORS, call: (c, f) => c.meeting.reorder({ meetingId: f.meetingA.id, itemIds: ["x"], expectedRevision: STALE }) },
  "meeting.setMinutes": { allowed: EDITORS, call: (c, f) => c.meeting.setMinutes({ meetingId: f.meetingA.id, itemId: "x", minutesBudget: 5, expectedRevision: STALE }) },
  "meeting.publish": { allowed: EDITORS, call: async (c, f) => c.meeting.publish({ meetingId: (await freshMeeting(f)).id }) },
  "meeting.finish": { allowed: EDITORS, call: async (c, f) => c.meeting.finish({ meetingId: (await freshMeeting(f)).id }) },
  "meeting.cancel": { allowed: EDITORS, call: async (c, f) => c.meeting.cancel({ meetingId: (await freshMeeting(f)).id, reason: "Public holiday" }) },
  "meeting.attendance": { allowed: CLINICAL_ON_A, call: (c, f) => c.meeting.attendance({ meetingId: f.meetingA.id }) },
  "meeting.setAttendance": { allowed: EDITORS, call: (c, f) => c.meeting.setAttendance({ meetingId: f.meetingA.id, userId: f.users.chair.id, mode: "IN_ROOM" }) },
};
