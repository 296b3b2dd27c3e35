import { beforeAll, describe, expect, it } from "vitest";
import { type Fixture, setUpFixture } from "../../testing/fixture";
import { addCase, addMeeting } from "../../testing/meeting-helpers";

const fixture = setUpFixture();
let f: Fixture;
beforeAll(() => {
  f = fixture();
});

const DAY = 86_400_000;

describe("meeting.create and meeting.update", () => {
  it("schedules a meeting of the board with a place or a video link", async () => {
    const chair = await f.callerFor("chair");
    const startsAt = new Date(Date.now() + 10 * DAY);
    const created = await chair.meeting.create({ boardId: f.boardA.id, startsAt, durationMinutes: 90, location: null, videoLink: "https://video.example/board-a" });
    const stored = await f.db.meeting.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored).toMatchObject({ status: "PLANNED", durationMinutes: 90, videoLink: "https://video.example/board-a", location: null });
    expect(await f.db.auditEvent.count({ where: { action: "meeting.create", entityId: created.id } })).toBe(1);
  });

  it("refuses a meeting in the past, without a place, or with a link that is not https", async () => {
    const chair = await f.callerFor("chair");
    await expect(chair.meeting.create({ boardId: f.boardA.id, startsAt: new Date(Date.now() - DAY), durationMinutes: 60, location: "Room", videoLink: null })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("is in the past: a meeting must start in the future"),
    });
    await expect(chair.meeting.create({ boardId: f.boardA.id, startsAt: new Date(Date.now() + DAY), durationMinutes: 60, location: " ", videoLink: null })).rejects.toThrow("Give a place or a video link");
    await expect(chair.meeting.create({ boardId: f.boardA.id, startsAt: new Date(Date.now() + DAY), durationMinutes: 60, location: null, videoLink: "javascript:alert(1)" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("refuses to edit a meeting that is over", async () => {
    const old = await f.db.meeting.create({ data: { boardId: f.boardA.id, startsAt: new Date(Date.now() - 3 * DAY), durationMinutes: 60, location: "Room" } });
    await expect((await f.callerFor("coordinator")).meeting.update({ meetingId: old.id, startsAt: new Date(Date.now() + DAY), durationMinutes: 60, location: "Room", videoLink: null })).rejects.toThrow(
      "in the past: its agenda can no longer be changed",
    );
  });
});

describe("agenda editing", () => {
  it("shows readiness, the revision and a suggested order on the agenda", async () => {
    const late = await addCase(f, { referredDaysAgo: 2 });
    const urgent = await addCase(f, { urgency: "URGENT", referredDaysAgo: 1 });
    const meeting = await addMeeting(f, 7, [late.id, urgent.id]);
    const agenda = await (await f.callerFor("chair")).meeting.agenda({ meetingId: meeting.id });
    expect(agenda.revision).toBe(0);
    expect(agenda.items.map((i) => i.readiness.status)).toEqual(["READY", "READY"]);
    expect(agenda.suggestedOrder.ids).toEqual([agenda.items[1]!.id, agenda.items[0]!.id]);
    expect(agenda.suggestedOrder.reasons[agenda.items[1]!.id]).toBe("urgent · ready · waiting 1 day");
  });

  it("adds a waiting case at the end, bumps the revision and warns when the agenda runs over", async () => {
    const meeting = await addMeeting(f, 8, [], 10);
    const kase = await addCase(f);
    const coordinator = await f.callerFor("coordinator");
    expect((await coordinator.meeting.waitingList({ meetingId: meeting.id })).map((c) => c.caseId)).toContain(kase.id);
    const change = await coordinator.meeting.addCase({ meetingId: meeting.id, caseId: kase.id, expectedRevision: 0, minutesBudget: 15 });
    expect(change).toEqual({ revision: 1, budget: { plannedMinutes: 15, meetingMinutes: 10, overrunMinutes: 5, fill: 1.5 }, warning: "The agenda is 5 minutes over the meeting's 10 minutes." });
    expect(await f.db.case.findUniqueOrThrow({ where: { id: kase.id } })).toMatchObject({ status: "SCHEDULED", waitingReason: null });
    expect((await coordinator.meeting.waitingList({ meetingId: meeting.id })).map((c) => c.caseId)).not.toContain(kase.id);
  });

  it("refuses a case that is already on another open agenda, and a case of another board", async () => {
    const kase = await addCase(f);
    await addMeeting(f, 9, [kase.id]);
    const other = await addMeeting(f, 16);
    const chair = await f.callerFor("chair");
    await expect(chair.meeting.addCase({ meetingId: other.id, caseId: kase.id, expectedRevision: 0 })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/^This case is already on the agenda of the Board A on .+\. A case can be on one open agenda at a time: remove it there first\.$/),
    });
    await expect(chair.meeting.addCase({ meetingId: other.id, caseId: f.caseB.id, expectedRevision: 0 })).rejects.toThrow("This case was not referred to this meeting's board.");
    // The refused changes left the revision alone.
    expect((await f.db.meeting.findUniqueOrThrow({ where: { id: other.id } })).agendaRevision).toBe(0);
  });

  it("reorders the whole agenda in one go", async () => {
    const cases = [await addCase(f), await addCase(f), await addCase(f)];
    const meeting = await addMeeting(f, 10, cases.map((c) => c.id));
    const chair = await f.callerFor("chair");
    const before = await chair.meeting.agenda({ meetingId: meeting.id });
    const reversed = before.items.map((i) => i.id).reverse();
    const change = await chair.meeting.reorder({ meetingId: meeting.id, itemIds: reversed, expectedRevision: before.revision });
    expect(change.revision).toBe(before.revision + 1);
    const after = await chair.meeting.agenda({ meetingId: meeting.id });
    expect(after.items.map((i) => i.id)).toEqual(reversed);
    expect(after.items.map((i) => i.position)).toEqual([1, 2, 3]);
  });

  it("gives the second of two chairs reordering at once a conflict naming the first, and keeps the first order", async () => {
    const cases = [await addCase(f), await addCase(f), await addCase(f)];
    const meeting = await addMeeting(f, 11, cases.map((c) => c.id));
    const chair = await f.callerFor("chair");
    const coordinator = await f.callerFor("coordinator");
    const loaded = await chair.meeting.agenda({ meetingId: meeting.id });
    const ids = loaded.items.map((i) => i.id);
    const first = [ids[2]!, ids[0]!, ids[1]!];
    const second = [ids[1]!, ids[2]!, ids[0]!];
    await coordinator.meeting.reorder({ meetingId: meeting.id, itemIds: first, expectedRevision: loaded.revision });
    await expect(chair.meeting.reorder({ meetingId: meeting.id, itemIds: second, expectedRevision: loaded.revision })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/^The agenda was changed by coordinator \(.+\) while you were editing\. Your change was not saved; here is the current order\.$/),
    });
    const current = await chair.meeting.agenda({ meetingId: meeting.id });
    expect(current.items.map((i) => i.id)).toEqual(first);
    expect(current.revision).toBe(loaded.revision + 1);
  });

  it("lets exactly one of two simultaneous reorders through", async () => {
    const cases = [await addCase(f), await addCase(f)];
    const meeting = await addMeeting(f, 12, cases.map((c) => c.id));
    const chair = await f.callerFor("chair");
    const coordinator = await f.callerFor("coordinator");
    const { items, revision } = await chair.meeting.agenda({ meetingId: meeting.id });
    const ids = items.map((i) => i.id);
    const results = await Promise.allSettled([
      chair.meeting.reorder({ meetingId: meeting.id, itemIds: [ids[1]!, ids[0]!], expectedRevision: revision }),
      coordinator.meeting.reorder({ meetingId: meeting.id, itemIds: [ids[1]!, ids[0]!], expectedRevision: revision }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(["CONFLICT"]);
    expect((await f.db.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).agendaRevision).toBe(revision + 1);
  });

  it("refuses an order that leaves out or repeats a case", async () => {
    const cases = [await addCase(f), await addCase(f)];
    const meeting = await addMeeting(f, 13, cases.map((c) => c.id));
    const chair = await f.callerFor("chair");
    const { items, revision } = await chair.meeting.agenda({ meetingId: meeting.id });
    await expect(chair.meeting.reorder({ meetingId: meeting.id, itemIds: [items[0]!.id, items[0]!.id], expectedRevision: revision })).rejects.toThrow(
      "The new order must list every case of the agenda exactly once.",
    );
  });

  it("sets minutes per case and removes a case back to the waiting list with the reason", async () => {
    const kase = await addCase(f);
    const meeting = await addMeeting(f, 14, [kase.id]);
    const chair = await f.callerFor("chair");
    const { items, revision } = await chair.meeting.agenda({ meetingId: meeting.id });
    const minutes = await chair.meeting.setMinutes({ meetingId: meeting.id, itemId: items[0]!.id, minutesBudget: 12, expectedRevision: revision });
    expect(minutes).toMatchObject({ revision: revision + 1, warning: null, budget: { plannedMinutes: 12 } });
    await expect(chair.meeting.setMinutes({ meetingId: meeting.id, itemId: items[0]!.id, minutesBudget: 0, expectedRevision: revision + 1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await chair.meeting.removeCase({ meetingId: meeting.id, itemId: items[0]!.id, expectedRevision: revision + 1, reason: "Awaiting PET-CT" });
    expect(await f.db.case.findUniqueOrThrow({ where: { id: kase.id } })).toMatchObject({ status: "REFERRED", waitingReason: "Awaiting PET-CT" });
    expect((await chair.board.waitingList({ boardId: f.boardA.id })).find((c) => c.caseId === kase.id)).toMatchObject({ waitingReason: "Awaiting PET-CT" });
  });

  it("refuses agenda changes to a finished meeting", async () => {
    const meeting = await addMeeting(f, 15);
    await f.db.meeting.update({ where: { id: meeting.id }, data: { status: "FINISHED" } });
    await expect((await f.callerFor("chair")).meeting.addCase({ meetingId: meeting.id, caseId: (await addCase(f)).id, expectedRevision: 0 })).rejects.toThrow(
      "This meeting is finished: its agenda can no longer be changed.",
    );
  });

  it("refuses agenda changes to a specialist", async () => {
    await expect((await f.callerFor("specialist")).meeting.reorder({ meetingId: f.meetingA.id, itemIds: ["x"], expectedRevision: 0 })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
