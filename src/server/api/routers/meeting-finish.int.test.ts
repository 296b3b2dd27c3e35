import { beforeAll, describe, expect, it } from "vitest";
import { getMeetingQuorum } from "@/server/services/meetings/attendance";
import { placeCaseOnNextMeeting } from "@/server/services/meetings/place-case";
import { type Fixture, setUpFixture } from "../../testing/fixture";
import { addCase, addMeeting } from "../../testing/meeting-helpers";

const fixture = setUpFixture();
let f: Fixture;
beforeAll(() => {
  f = fixture();
});

const DAY = 86_400_000;

describe("meeting.publish", () => {
  it("notifies every board member once, and says republished on the second time without piling up notices", async () => {
    const meeting = await addMeeting(f, 20, [(await addCase(f)).id]);
    const chair = await f.callerFor("chair");
    const first = await chair.meeting.publish({ meetingId: meeting.id });
    expect(first).toMatchObject({ republished: false, notified: 3 });
    const link = `/meetings/${meeting.id}`;
    const forRadiologist = () => f.db.notification.findMany({ where: { userId: f.users.specialist.id, link } });
    expect((await forRadiologist()).map((n) => n.title)).toEqual([expect.stringMatching(/^Agenda published: Board A, /)]);
    expect(await f.db.notification.count({ where: { userId: f.users.outsiderChair.id, link } })).toBe(0);

    const second = await chair.meeting.publish({ meetingId: meeting.id });
    expect(second.republished).toBe(true);
    expect((await forRadiologist()).map((n) => n.title)).toEqual([expect.stringMatching(/^Agenda republished: Board A, /)]);
    expect((await f.db.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).publishedAt).toEqual(second.publishedAt);
  });

  it("refuses to publish an empty agenda", async () => {
    const meeting = await addMeeting(f, 21);
    await expect((await f.callerFor("chair")).meeting.publish({ meetingId: meeting.id })).rejects.toThrow("The agenda has no cases yet: add cases before publishing it.");
  });
});

describe("meeting.finish", () => {
  it("marks decided cases discussed and moves the others to the next meeting with their reasons", async () => {
    const decided = await addCase(f);
    const notReached = await addCase(f);
    const awaiting = await addCase(f);
    const meeting = await addMeeting(f, 3, [decided.id, notReached.id, awaiting.id]);
    const next = await addMeeting(f, 10);
    await f.db.decision.create({ data: { caseId: decided.id, meetingId: meeting.id, intent: "CURATIVE", recommendation: "Surgery", recordedById: f.users.coordinator.id } });
    const awaitingItem = await f.db.agendaItem.findFirstOrThrow({ where: { meetingId: meeting.id, caseId: awaiting.id } });

    const result = await (await f.callerFor("chair")).meeting.finish({ meetingId: meeting.id, reasons: [{ itemId: awaitingItem.id, reason: "Awaiting EBUS result" }] });
    expect(result.discussed).toBe(1);
    const day = new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "short", year: "numeric" }).format(meeting.startsAt);
    expect(result.moved).toEqual([
      { caseId: notReached.id, reason: `Not discussed at the meeting of ${day}`, to: { meetingId: next.id, startsAt: next.startsAt } },
      { caseId: awaiting.id, reason: "Awaiting EBUS result", to: { meetingId: next.id, startsAt: next.startsAt } },
    ]);

    const items = await f.db.agendaItem.findMany({ where: { meetingId: meeting.id }, orderBy: { position: "asc" } });
    expect(items.map((i) => [i.status, i.deferredReason])).toEqual([
      ["DISCUSSED", null],
      ["DEFERRED", `Not discussed at the meeting of ${day}`],
      ["DEFERRED", "Awaiting EBUS result"],
    ]);
    expect((await f.db.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).status).toBe("FINISHED");
    const nextItems = await f.db.agendaItem.findMany({ where: { meetingId: next.id }, orderBy: { position: "asc" } });
    expect(nextItems.map((i) => i.caseId)).toEqual([notReached.id, awaiting.id]);
    expect(await f.db.case.findUniqueOrThrow({ where: { id: awaiting.id } })).toMatchObject({ status: "SCHEDULED", waitingReason: "Awaiting EBUS result" });
    expect(await f.db.case.findUniqueOrThrow({ where: { id: decided.id } })).toMatchObject({ status: "DISCUSSED" });
    expect(await f.db.notification.count({ where: { userId: f.users.specialist.id, kind: "CASE_MOVED" } })).toBe(2);
  });

  it("puts cases on the waiting list when no later meeting takes them, and refuses to finish twice", async () => {
    await f.db.meeting.updateMany({ where: { boardId: f.boardA.id, startsAt: { gt: new Date() } }, data: { status: "CANCELLED" } });
    const kase = await addCase(f);
    const meeting = await addMeeting(f, 2, [kase.id]);
    const chair = await f.callerFor("chair");
    const result = await chair.meeting.finish({ meetingId: meeting.id });
    expect(result.moved[0]!.to).toBeNull();
    expect(await f.db.case.findUniqueOrThrow({ where: { id: kase.id } })).toMatchObject({ status: "REFERRED", waitingReason: expect.stringContaining("Not discussed at the meeting of") });
    await expect(chair.meeting.finish({ meetingId: meeting.id })).rejects.toMatchObject({ code: "CONFLICT", message: "This meeting is already finished." });
  });
});

describe("placeCaseOnNextMeeting", () => {
  it("skips meetings whose referral cut-off has passed and leaves a case on an open agenda where it is", async () => {
    const soon = await addMeeting(f, 1); // within the 48-hour cut-off
    const later = await addMeeting(f, 40);
    const kase = await addCase(f);
    const placed = await f.db.$transaction((tx) => placeCaseOnNextMeeting(tx, kase.id, { notBefore: new Date() }));
    expect(placed).toEqual({ meeting: { id: later.id, startsAt: later.startsAt }, alreadyScheduled: false });
    expect(await f.db.agendaItem.count({ where: { meetingId: soon.id } })).toBe(0);
    const again = await f.db.$transaction((tx) => placeCaseOnNextMeeting(tx, kase.id, { notBefore: new Date() }));
    expect(again).toEqual({ meeting: { id: later.id, startsAt: later.startsAt }, alreadyScheduled: true });
    expect(await f.db.agendaItem.count({ where: { caseId: kase.id } })).toBe(1);
  });
});

describe("attendance and quorum", () => {
  it("records attendees by their specialty and reports the missing quorum specialties live", async () => {
    const pathologist = await f.db.user.create({ data: { email: "path@test.example", name: "Dr Path", role: "SPECIALIST", specialty: "PATHOLOGY", memberships: { create: { boardId: f.boardA.id } } } });
    const meeting = await addMeeting(f, 4);
    const coordinator = await f.callerFor("coordinator");
    const none = await coordinator.meeting.attendance({ meetingId: meeting.id });
    expect(none.quorum).toMatchObject({ required: ["RADIOLOGY", "PATHOLOGY"], quorate: false, missing: ["RADIOLOGY", "PATHOLOGY"] });
    expect(none.members.map((m) => m.name)).toContain("Dr Path");

    const afterOne = await coordinator.meeting.setAttendance({ meetingId: meeting.id, userId: f.users.specialist.id, mode: "REMOTE" });
    expect(afterOne).toMatchObject({ quorate: false, missing: ["PATHOLOGY"], attendees: [{ name: "radiologist", specialty: "RADIOLOGY", mode: "REMOTE" }] });
    const afterTwo = await coordinator.meeting.setAttendance({ meetingId: meeting.id, userId: pathologist.id, mode: "IN_ROOM" });
    expect(afterTwo).toMatchObject({ quorate: true, missing: [] });
    expect(await getMeetingQuorum(f.db, meeting.id)).toMatchObject({ quorate: true, missing: [] });

    const afterLeaving = await coordinator.meeting.setAttendance({ meetingId: meeting.id, userId: pathologist.id, mode: null });
    expect(afterLeaving).toMatchObject({ quorate: false, missing: ["PATHOLOGY"] });
  });

  it("refuses to record someone who is not a member of the board", async () => {
    const meeting = await addMeeting(f, 6);
    await expect((await f.callerFor("chair")).meeting.setAttendance({ meetingId: meeting.id, userId: f.users.outsiderChair.id, mode: "IN_ROOM" })).rejects.toThrow(
      "Only members of the board can be recorded as attending.",
    );
  });
});

describe("meeting list after finishing", () => {
  it("lists a finished meeting under past meetings", async () => {
    const meeting = await addMeeting(f, 5);
    await (await f.callerFor("chair")).meeting.finish({ meetingId: meeting.id });
    const list = await (await f.callerFor("chair")).meeting.list();
    expect(list.past.map((m) => m.id)).toContain(meeting.id);
    expect(Date.now() + 5 * DAY).toBeGreaterThan(meeting.startsAt.getTime() - 1000);
  });
});
