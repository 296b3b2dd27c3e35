import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  "meeting.list": { allowed: [...CLINICAL_ON_A, "outsiderChair"], call: (c) => c.meeting.list() },
  "meeting.agenda": { allowed: CLINICAL_ON_A, call: (c, f) => c.meeting.agenda({ meetingId: f.meetingA.id }) },
};
