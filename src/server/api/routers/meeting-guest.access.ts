import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  "meetingGuest.list": { allowed: CLINICAL_ON_A, call: (c, f) => c.meetingGuest.list({ meetingId: f.meetingA.id }) },
  // Let in, the chair is told that e-mail is not configured in the tests (nobody is invited without it).
  "meetingGuest.invite": {
    allowed: ["chair"],
    call: (c, f) => c.meetingGuest.invite({ meetingId: f.meetingA.id, name: "Dr Guest", email: "guest@elsewhere.example", affiliation: "Surgeon, Regional Hospital", origin: "http://localhost:3000" }),
  },
  // Let in, a guest id that is not of this meeting is answered as such.
  "meetingGuest.revoke": { allowed: ["chair"], call: (c, f) => c.meetingGuest.revoke({ meetingId: f.meetingA.id, guestId: "no-such-guest" }) },
};
