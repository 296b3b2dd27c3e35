import { beforeAll, describe, expect, it } from "vitest";
import { type Fixture, setUpFixture } from "../../testing/fixture";

const fixture = setUpFixture();
let f: Fixture;
beforeAll(() => {
  f = fixture();
});

const DAY = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

describe("follow-up tasks", () => {
  it("creates a task for a board member, notifies them and audits it", async () => {
    const coordinator = await f.callerFor("coordinator");
    const { task, placement } = await coordinator.task.create({
      caseId: f.caseA.id,
      decisionId: f.draftA.id,
      kind: "FOLLOW_UP",
      title: "Book PET-CT",
      detail: "",
      ownerId: f.users.specialist.id,
      dueOn: isoDay(new Date(Date.now() + 7 * DAY)),
    });
    expect(task).toMatchObject({ title: "Book PET-CT", status: "OPEN", overdue: false, owner: { id: f.users.specialist.id }, decisionVersion: 1 });
    expect(placement).toBeNull();
    expect(await f.db.notification.count({ where: { userId: f.users.specialist.id, kind: "TASK_ASSIGNED" } })).toBe(1);
    expect(await f.db.auditEvent.count({ where: { action: "task.create", entityId: task.id, patientId: f.patientA.id } })).toBe(1);
  });

  it("refuses an owner from another board, a past due date and a re-discussion without a date", async () => {
    const chair = await f.callerFor("chair");
    const base = { caseId: f.caseA.id, decisionId: null, kind: "FOLLOW_UP" as const, title: "Refer to surgery", detail: "", ownerId: f.users.specialist.id, dueOn: null };
    await expect(chair.task.create({ ...base, ownerId: f.users.outsiderChair.id })).rejects.toThrow("The owner must be an active member of this case's board.");
    await expect(chair.task.create({ ...base, dueOn: "2020-01-01" })).rejects.toThrow("The due date is in the past.");
    await expect(chair.task.create({ ...base, dueOn: "01/02/2030" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(chair.task.create({ ...base, kind: "RE_DISCUSSION" })).rejects.toThrow("A re-discussion needs a date");
    await expect(chair.task.create({ ...base, title: " " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("lists my tasks for the owner and the overdue ones for the coordinator", async () => {
    const overdue = await f.db.followUpTask.create({
      data: { caseId: f.caseA.id, title: "Re-discuss after 3 cycles", ownerId: f.users.coordinator.id, dueOn: new Date(Date.now() - 3 * DAY), createdById: f.users.chair.id },
    });
    await f.db.followUpTask.create({ data: { caseId: f.caseB.id, title: "Other board", ownerId: f.users.outsiderChair.id, dueOn: new Date(Date.now() - 3 * DAY) } });
    const mine = await (await f.callerFor("specialist")).task.mine();
    expect(mine.map((t) => t.title)).toEqual(["Book PET-CT"]);
    const list = await (await f.callerFor("coordinator")).task.overdue();
    expect(list.map((t) => [t.title, t.overdue])).toEqual([["Re-discuss after 3 cycles", true]]);
    expect(list[0]!.patient.mrn).toBe("A-1");
    expect((await (await f.callerFor("outsiderChair")).task.overdue()).map((t) => t.title)).toEqual(["Other board"]);
    expect(await f.db.auditEvent.count({ where: { action: "task.read", actorId: f.users.coordinator.id, patientId: f.patientA.id } })).toBeGreaterThan(0);
    await f.db.followUpTask.update({ where: { id: overdue.id }, data: { status: "CANCELLED" } });
  });

  it("lets the owner complete their task once, and refuses a specialist who does not own it", async () => {
    const [task] = await (await f.callerFor("specialist")).task.mine();
    const other = await f.db.followUpTask.create({ data: { caseId: f.caseA.id, title: "Chair's task", ownerId: f.users.chair.id } });
    const specialist = await f.callerFor("specialist");
    await expect(specialist.task.setStatus({ caseId: f.caseA.id, taskId: other.id, status: "DONE" })).rejects.toThrow("Only the task's owner, a chair or a coordinator can close this task.");
    await expect(specialist.task.setStatus({ caseId: f.caseB.id, taskId: task!.id, status: "DONE" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await specialist.task.setStatus({ caseId: f.caseA.id, taskId: task!.id, status: "DONE" })).toMatchObject({ status: "DONE", completedAt: expect.any(Date) });
    await expect(specialist.task.setStatus({ caseId: f.caseA.id, taskId: task!.id, status: "CANCELLED" })).rejects.toMatchObject({ code: "CONFLICT", message: "This task is already done." });
    expect(await f.db.auditEvent.count({ where: { action: "task.complete", entityId: task!.id } })).toBe(1);
    expect(await (await f.callerFor("coordinator")).task.setStatus({ caseId: f.caseA.id, taskId: other.id, status: "CANCELLED" })).toMatchObject({ status: "CANCELLED" });
  });
});

describe("re-discussion tasks", () => {
  it("put the case on the first planned meeting from the date whose referral cut-off has not passed", async () => {
    // Board A closes referrals 48 h before a meeting: one in 30 h is closed, one in 10 days is open.
    const closed = await f.db.meeting.create({ data: { boardId: f.boardA.id, startsAt: new Date(Date.now() + 30 * 3_600_000) } });
    const open = await f.db.meeting.create({ data: { boardId: f.boardA.id, startsAt: new Date(Date.now() + 10 * DAY) } });
    const later = await f.db.meeting.create({ data: { boardId: f.boardA.id, startsAt: new Date(Date.now() + 20 * DAY) } });
    await f.db.agendaItem.create({ data: { meetingId: open.id, caseId: f.caseB.id, position: 4 } }).catch(() => undefined);
    const chair = await f.callerFor("chair");
    const { placement } = await chair.task.create({ caseId: f.caseA.id, decisionId: null, kind: "RE_DISCUSSION", title: "Re-discuss after 3 cycles", detail: "", ownerId: f.users.coordinator.id, dueOn: isoDay(new Date()) });
    expect(placement).toMatchObject({ placed: "meeting", meetingId: open.id });
    const item = await f.db.agendaItem.findUniqueOrThrow({ where: { meetingId_caseId: { meetingId: open.id, caseId: f.caseA.id } } });
    expect(item.position).toBe(5);
    expect(await f.db.agendaItem.count({ where: { meetingId: closed.id } })).toBe(0);
    expect((await f.db.meeting.findUniqueOrThrow({ where: { id: open.id } })).agendaRevision).toBe(1);
    expect((await f.db.case.findUniqueOrThrow({ where: { id: f.caseA.id } })).status).toBe("SCHEDULED");

    const second = await chair.task.create({ caseId: f.caseA.id, decisionId: null, kind: "RE_DISCUSSION", title: "Re-discuss with PET", detail: "", ownerId: f.users.coordinator.id, dueOn: isoDay(new Date(Date.now() + 15 * DAY)) });
    expect(second.placement).toMatchObject({ placed: "meeting", meetingId: later.id });
  });

  it("put the case on the waiting list when no meeting is planned from that date", async () => {
    const chair = await f.callerFor("chair");
    const { placement } = await chair.task.create({ caseId: f.caseA.id, decisionId: null, kind: "RE_DISCUSSION", title: "Re-discuss in a year", detail: "", ownerId: f.users.coordinator.id, dueOn: isoDay(new Date(Date.now() + 365 * DAY)) });
    expect(placement).toEqual({ placed: "waiting-list" });
    expect(await f.db.case.findUniqueOrThrow({ where: { id: f.caseA.id } })).toMatchObject({ status: "REFERRED", waitingReason: "Re-discussion: Re-discuss in a year" });
  });
});
