import { beforeAll, describe, expect, it } from "vitest";
import { type Fixture, setUpFixture } from "../../testing/fixture";

const fixture = setUpFixture();
let f: Fixture;
let agendaItemId: string;
beforeAll(async () => {
  f = fixture();
  agendaItemId = (await f.db.agendaItem.findFirstOrThrow({ where: { meetingId: f.meetingA.id } })).id;
});

const summary = () => ({ caseId: f.caseA.id, agendaItemId, viewer: "summary" as const });

describe("presenting and live follow", () => {
  it("the chair starts presenting: the meeting is in progress and the chair presents", async () => {
    const chair = await f.callerFor("chair");
    // Planned for tomorrow: presenting today is confirmed first (covered in presenting-dates.int.test.ts).
    const state = await chair.live.start({ meetingId: f.meetingA.id, moveToToday: true });
    expect(state.presenter).toEqual({ id: f.users.chair.id, name: "chair" });
    const meeting = await f.db.meeting.findUniqueOrThrow({ where: { id: f.meetingA.id } });
    expect(meeting).toMatchObject({ status: "IN_PROGRESS", presenterId: f.users.chair.id });
    expect(meeting.startedAt).toBeInstanceOf(Date);
    expect(await f.db.auditEvent.count({ where: { action: "meeting.present.start", actorId: f.users.chair.id } })).toBe(1);
  });

  it("only the presenter publishes; the view is numbered and followers read it back", async () => {
    const chair = await f.callerFor("chair");
    const before = (await chair.live.state({ meetingId: f.meetingA.id })).seq;
    const { seq } = await chair.live.publish({
      meetingId: f.meetingA.id,
      view: { ...summary(), viewer: "images", studyUid: "1.2.3", seriesUid: "1.2.3.4", imageIndex: 12, voi: { windowCenter: -600, windowWidth: 1500 } },
    });
    expect(seq).toBe(before + 1);
    const follower = await f.callerFor("specialist");
    const state = await follower.live.state({ meetingId: f.meetingA.id });
    expect(state).toMatchObject({ seq, presenter: { id: f.users.chair.id }, view: { imageIndex: 12, seriesUid: "1.2.3.4", voi: { windowWidth: 1500 } } });

    await expect(follower.live.publish({ meetingId: f.meetingA.id, view: summary() })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "chair is presenting: only the presenter can move the shared view.",
    });
    expect((await follower.live.state({ meetingId: f.meetingA.id })).seq).toBe(seq);
  });

  it("audits the case shown to the room once when it changes, not for every slice", async () => {
    const chair = await f.callerFor("chair");
    const count = () => f.db.auditEvent.count({ where: { action: "meeting.present.case", entityId: f.caseA.id } });
    await f.db.$executeRawUnsafe(`UPDATE "Meeting" SET "liveState" = NULL WHERE id = $1`, f.meetingA.id);
    const before = await count();
    for (let i = 0; i < 5; i++) await chair.live.publish({ meetingId: f.meetingA.id, view: { ...summary(), viewer: "images", imageIndex: i } });
    expect((await count()) - before).toBe(1);
    const event = await f.db.auditEvent.findFirst({ where: { action: "meeting.present.case" }, orderBy: { id: "desc" } });
    expect(event).toMatchObject({ patientId: f.patientA.id, actorId: f.users.chair.id });
  });

  it("refuses a case that is not on the meeting's agenda, and views that do not validate", async () => {
    const chair = await f.callerFor("chair");
    await expect(chair.live.publish({ meetingId: f.meetingA.id, view: { ...summary(), caseId: f.caseB.id } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "That case is not on this meeting's agenda.",
    });
    await expect(chair.live.publish({ meetingId: f.meetingA.id, view: { ...summary(), imageIndex: -1 } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(chair.live.publish({ meetingId: f.meetingA.id, view: { ...summary(), seriesUid: "DROP TABLE" } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      chair.live.publish({ meetingId: f.meetingA.id, view: { ...summary(), voi: { windowCenter: 40, windowWidth: 0 } } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("the presenter hands over to a board member, who then publishes; the old presenter no longer can", async () => {
    const chair = await f.callerFor("chair");
    const radiologist = await f.callerFor("specialist");
    await expect(chair.live.handOver({ meetingId: f.meetingA.id, toUserId: f.users.outsiderChair.id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "The presenter role can only go to an active member of this board.",
    });
    await expect(chair.live.handOver({ meetingId: f.meetingA.id, toUserId: f.users.admin.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const state = await chair.live.handOver({ meetingId: f.meetingA.id, toUserId: f.users.specialist.id });
    expect(state.presenter).toEqual({ id: f.users.specialist.id, name: "radiologist" });
    await radiologist.live.publish({ meetingId: f.meetingA.id, view: { ...summary(), viewer: "slides", slideId: "s1", slideViewport: { x: 0.5, y: 0.4, zoom: 3 } } });
    await expect(chair.live.publish({ meetingId: f.meetingA.id, view: summary() })).rejects.toMatchObject({ code: "CONFLICT" });

    // A coordinator who is neither presenter nor chair cannot hand the role on.
    const coordinator = await f.callerFor("coordinator");
    await expect(coordinator.live.handOver({ meetingId: f.meetingA.id, toUserId: f.users.coordinator.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Only the presenter (radiologist) or the chair can hand the presenter role over.",
    });
    // The presenter hands on to the coordinator.
    await radiologist.live.handOver({ meetingId: f.meetingA.id, toUserId: f.users.coordinator.id });
    expect((await coordinator.live.state({ meetingId: f.meetingA.id })).presenter?.id).toBe(f.users.coordinator.id);
  });

  it("the chair takes over; starting while someone else presents says who and what to do", async () => {
    const chair = await f.callerFor("chair");
    await expect(chair.live.start({ meetingId: f.meetingA.id })).rejects.toMatchObject({ code: "CONFLICT", message: "coordinator is presenting. Take over to present yourself." });
    const state = await chair.live.takeOver({ meetingId: f.meetingA.id });
    expect(state.presenter?.id).toBe(f.users.chair.id);
    // The last view stays for followers who join now.
    expect(state.view).toMatchObject({ viewer: "slides", slideViewport: { zoom: 3 } });
  });

  it("lists the board's members who can present, and marks the presenter", async () => {
    const list = await (await f.callerFor("coordinator")).live.candidates({ meetingId: f.meetingA.id });
    expect(list.map((u) => u.name)).toEqual(["chair", "coordinator", "radiologist"]);
    expect(list.find((u) => u.presenting)?.id).toBe(f.users.chair.id);
  });

  it("records the time spent on a case (presenter), and refuses others and bad numbers", async () => {
    const chair = await f.callerFor("chair");
    await chair.live.recordTime({ meetingId: f.meetingA.id, agendaItemId, seconds: 90 });
    const result = await chair.live.recordTime({ meetingId: f.meetingA.id, agendaItemId, seconds: 30 });
    expect(result.secondsSpent).toBeGreaterThanOrEqual(120);
    await expect((await f.callerFor("specialist")).live.recordTime({ meetingId: f.meetingA.id, agendaItemId, seconds: 10 })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Only the presenter records the time spent on a case.",
    });
    await expect(chair.live.recordTime({ meetingId: f.meetingA.id, agendaItemId, seconds: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const other = (await f.db.agendaItem.findFirstOrThrow({ where: { meetingId: f.meetingB.id } })).id;
    await expect(chair.live.recordTime({ meetingId: f.meetingA.id, agendaItemId: other, seconds: 10 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("ends the presentation; a finished meeting cannot be presented again", async () => {
    const chair = await f.callerFor("chair");
    const state = await chair.live.stop({ meetingId: f.meetingA.id });
    expect(state.presenter).toBeNull();
    await expect(chair.live.publish({ meetingId: f.meetingA.id, view: summary() })).rejects.toMatchObject({ code: "CONFLICT", message: "Nobody is presenting: start presenting first." });
    await f.db.meeting.update({ where: { id: f.meetingA.id }, data: { status: "FINISHED" } });
    await expect(chair.live.start({ meetingId: f.meetingA.id })).rejects.toMatchObject({ code: "CONFLICT", message: "This meeting is finished: it can no longer be presented." });
    await f.db.meeting.update({ where: { id: f.meetingA.id }, data: { status: "IN_PROGRESS" } });
  });

  it("refuses members of other boards and unknown meetings", async () => {
    const outsider = await f.callerFor("outsiderChair");
    await expect(outsider.live.state({ meetingId: f.meetingA.id })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Not found." });
    await expect((await f.callerFor("chair")).live.state({ meetingId: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
