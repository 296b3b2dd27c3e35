import { beforeAll, describe, expect, it } from "vitest";
import { type Fixture, setUpFixture } from "../../testing/fixture";

const fixture = setUpFixture();
let f: Fixture;
beforeAll(() => {
  f = fixture();
});

describe("meeting.list", () => {
  it("shows only the meetings of the user's boards, upcoming and past apart", async () => {
    await f.db.meeting.create({ data: { boardId: f.boardA.id, startsAt: new Date(Date.now() - 7 * 86_400_000), durationMinutes: 60, status: "FINISHED" } });
    const list = await (await f.callerFor("specialist")).meeting.list();
    expect(list.upcoming.map((m) => m.id)).toEqual([f.meetingA.id]);
    expect(list.upcoming[0]).toMatchObject({ boardName: "Board A", caseCount: 1, decisionCount: 1 });
    expect(list.past).toHaveLength(1);
    const outsider = await (await f.callerFor("outsiderChair")).meeting.list();
    expect(outsider.upcoming.map((m) => m.id)).toEqual([f.meetingB.id]);
  });
});

describe("meeting.agenda", () => {
  it("lists the cases in order with patient, question, latest decision and the time budget", async () => {
    const second = await f.db.patient.create({
      data: { mrn: "A-2", familyName: "Second", givenName: "Case", birthDate: new Date("1970-05-05T00:00:00Z"), sex: "MALE", researchPseudonym: "CON-A-2" },
    });
    const kase = await f.db.case.create({
      data: { patientId: second.id, boardId: f.boardA.id, questionType: "STAGING", clinicalQuestion: "Stage?", referringUserId: f.users.specialist.id, urgency: "URGENT" },
    });
    // Inserted at position 0: the agenda comes back ordered by position, not by insertion.
    await f.db.agendaItem.create({ data: { meetingId: f.meetingA.id, caseId: kase.id, position: 0, minutesBudget: 55 } });

    const agenda = await (await f.callerFor("coordinator")).meeting.agenda({ meetingId: f.meetingA.id });
    expect(agenda.items.map((i) => i.patient.mrn)).toEqual(["A-2", "A-1"]);
    expect(agenda.items[1]).toMatchObject({ latestDecision: { status: "DRAFT", intent: "CURATIVE" }, condition: { topographyCode: "C34.1" } });
    expect(agenda.items[0]).toMatchObject({ urgency: "URGENT", latestDecision: null, condition: null });
    expect(agenda.budget).toEqual({ plannedMinutes: 65, meetingMinutes: 60, overrunMinutes: 5, fill: 65 / 60 });
  });

  it("audits the read of every patient on the agenda", async () => {
    const before = await f.db.auditEvent.count({ where: { action: "agenda.read" } });
    await (await f.callerFor("chair")).meeting.agenda({ meetingId: f.meetingA.id });
    const events = await f.db.auditEvent.findMany({ where: { action: "agenda.read" }, orderBy: { id: "desc" }, take: 2 });
    expect((await f.db.auditEvent.count({ where: { action: "agenda.read" } })) - before).toBe(2);
    expect(events.every((e) => e.actorId === f.users.chair.id && e.entityId === f.meetingA.id && e.patientId)).toBe(true);
  });

  it("answers NOT_FOUND for an unknown meeting", async () => {
    await expect((await f.callerFor("chair")).meeting.agenda({ meetingId: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
