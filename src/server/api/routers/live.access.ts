import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  "live.state": { allowed: CLINICAL_ON_A, call: (c, f) => c.live.state({ meetingId: f.meetingA.id }) },
  "live.candidates": { allowed: CLINICAL_ON_A, call: (c, f) => c.live.candidates({ meetingId: f.meetingA.id }) },
  "live.start": { allowed: ["chair"], call: (c, f) => c.live.start({ meetingId: f.meetingA.id, moveToToday: true }) },
  "live.takeOver": { allowed: ["chair"], call: (c, f) => c.live.takeOver({ meetingId: f.meetingA.id, moveToToday: true }) },
  "live.handOver": { allowed: CLINICAL_ON_A, call: (c, f) => c.live.handOver({ meetingId: f.meetingA.id, toUserId: f.users.chair.id }) },
  "live.stop": { allowed: CLINICAL_ON_A, call: (c, f) => c.live.stop({ meetingId: f.meetingA.id }) },
  "live.publish": {
    allowed: CLINICAL_ON_A,
    call: async (c, f) => {
      const item = await f.db.agendaItem.findFirstOrThrow({ where: { meetingId: f.meetingA.id, caseId: f.caseA.id } });
      return c.live.publish({ meetingId: f.meetingA.id, view: { caseId: f.caseA.id, agendaItemId: item.id, viewer: "summary" } });
    },
  },
  "live.recordTime": {
    allowed: CLINICAL_ON_A,
    call: async (c, f) => {
      const item = await f.db.agendaItem.findFirstOrThrow({ where: { meetingId: f.meetingA.id, caseId: f.caseA.id } });
      return c.live.recordTime({ meetingId: f.meetingA.id, agendaItemId: item.id, seconds: 5 });
    },
  },
};
