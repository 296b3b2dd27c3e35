import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachmentOf, startTestSmtpServer } from "@/integrations/mail/test-smtp-server";
import { type Fixture, setUpFixture } from "../../testing/fixture";
import { addCase, addMeeting } from "../../testing/meeting-helpers";

const fixture = setUpFixture();
let f: Fixture;
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
beforeAll(async () => {
  f = fixture();
  smtp = await startTestSmtpServer();
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp.close();
});

const day = (d: Date) => new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "short", year: "numeric" }).format(d);

describe("meeting.cancel", () => {
  it("moves every case to the next meeting with the reason, tells members and referrers, and e-mails the cancelled event", async () => {
    const first = await addCase(f, { familyName: "Amsel" });
    const second = await addCase(f, { familyName: "Brandt" });
    const meeting = await addMeeting(f, 4, [first.id, second.id]);
    const next = await addMeeting(f, 11);
    const chair = await f.callerFor("chair");
    await chair.meeting.publish({ meetingId: meeting.id });
    process.env.SMTP_URL = smtp.url;
    const before = smtp.messages.length;

    const result = await chair.meeting.cancel({ meetingId: meeting.id, reason: "Public holiday" });

    const reason = `Meeting of ${day(meeting.startsAt)} cancelled: Public holiday`;
    expect(result.moved).toEqual([
      { caseId: first.id, to: { meetingId: next.id, startsAt: next.startsAt } },
      { caseId: second.id, to: { meetingId: next.id, startsAt: next.startsAt } },
    ]);
    expect(await f.db.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).toMatchObject({ status: "CANCELLED", cancelReason: "Public holiday", cancelledAt: expect.any(Date) });
    const items = await f.db.agendaItem.findMany({ where: { meetingId: meeting.id }, orderBy: { position: "asc" } });
    expect(items.map((i) => [i.status, i.deferredReason])).toEqual([["DEFERRED", reason], ["DEFERRED", reason]]);
    expect((await f.db.agendaItem.findMany({ where: { meetingId: next.id }, orderBy: { position: "asc" } })).map((i) => i.caseId)).toEqual([first.id, second.id]);
    expect(await f.db.case.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ status: "SCHEDULED", waitingReason: reason });

    // Members: the unread "published" notice gives way to the cancellation. Referrer: each moved case.
    const link = `/meetings/${meeting.id}`;
    const forRadiologist = await f.db.notification.findMany({ where: { userId: f.users.specialist.id, link } });
    expect(forRadiologist.map((n) => [n.kind, n.body])).toEqual([["MEETING_CANCELLED", "Public holiday"]]);
    expect(await f.db.notification.count({ where: { userId: f.users.specialist.id, kind: "CASE_MOVED", body: reason } })).toBe(2);
    expect(await f.db.notification.count({ where: { userId: f.users.outsiderChair.id, link } })).toBe(0);

    expect(result.notified).toBe(3);
    expect(result.mail).toEqual({ configured: true, sent: 3, failed: 0 });
    const mails = smtp.messages.slice(before);
    expect(mails).toHaveLength(3);
    expect(mails[0]!.raw).toMatch(/Subject: Meeting cancelled: Board A/);
    const ics = attachmentOf(mails[0]!.raw, mails[0]!.raw.match(/filename=(meeting-a-[\d-]+\.ics)/)![1]!)!.toString("utf8");
    expect(ics).toContain("STATUS:CANCELLED");
    expect(ics).toContain(`UID:meeting-${meeting.id}@concilium`);

    const audit = await f.db.auditEvent.findMany({ where: { entityId: meeting.id, action: { in: ["meeting.cancel", "agenda.defer", "meeting.cancel.mail"] } }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.reason])).toEqual([
      ["meeting.cancel", "Public holiday"],
      ["agenda.defer", reason],
      ["agenda.defer", reason],
      ["meeting.cancel.mail", null],
    ]);
    expect(audit[1]!.patientId).toBe(first.patientId);
  });

  it("sends no e-mail for an agenda never published, and puts cases on the waiting list when no meeting follows", async () => {
    await f.db.meeting.updateMany({ where: { boardId: f.boardA.id, startsAt: { gt: new Date() }, status: "PLANNED" }, data: { status: "CANCELLED" } });
    const kase = await addCase(f);
    const meeting = await addMeeting(f, 6, [kase.id]);
    process.env.SMTP_URL = smtp.url;
    const before = smtp.messages.length;
    const result = await (await f.callerFor("coordinator")).meeting.cancel({ meetingId: meeting.id, reason: "Too few specialists" });
    expect(result.mail).toBeNull();
    expect(result.moved).toEqual([{ caseId: kase.id, to: null }]);
    expect(smtp.messages.length).toBe(before);
    expect(await f.db.case.findUniqueOrThrow({ where: { id: kase.id } })).toMatchObject({ status: "REFERRED", waitingReason: expect.stringContaining("cancelled: Too few specialists") });
  });

  it("refuses without a reason, twice, once started, in the past, or with decisions recorded; nothing changes", async () => {
    const chair = await f.callerFor("chair");
    const kase = await addCase(f);
    const meeting = await addMeeting(f, 8, [kase.id]);
    await expect(chair.meeting.cancel({ meetingId: meeting.id, reason: "  " })).rejects.toThrow("Give the reason for cancelling");

    await f.db.decision.create({ data: { caseId: kase.id, meetingId: meeting.id, intent: "CURATIVE", recommendation: "Surgery", recordedById: f.users.coordinator.id } });
    await expect(chair.meeting.cancel({ meetingId: meeting.id, reason: "Holiday" })).rejects.toThrow("1 decision is already recorded at this meeting: finish it instead of cancelling it.");
    expect(await f.db.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).toMatchObject({ status: "PLANNED", cancelReason: null });
    expect(await f.db.agendaItem.findFirstOrThrow({ where: { meetingId: meeting.id } })).toMatchObject({ status: "PENDING" });

    const started = await addMeeting(f, 9);
    await f.db.meeting.update({ where: { id: started.id }, data: { status: "IN_PROGRESS" } });
    await expect(chair.meeting.cancel({ meetingId: started.id, reason: "Holiday" })).rejects.toThrow("This meeting has started: finish it instead");

    const past = await addMeeting(f, -3);
    await expect(chair.meeting.cancel({ meetingId: past.id, reason: "Holiday" })).rejects.toThrow(/in the past/);

    const once = await addMeeting(f, 12);
    await chair.meeting.cancel({ meetingId: once.id, reason: "Holiday" });
    await expect(chair.meeting.cancel({ meetingId: once.id, reason: "Holiday" })).rejects.toThrow("This meeting is cancelled");
  });

  it("of two people cancelling at once, one wins and the other is told; cases move once", async () => {
    const kase = await addCase(f);
    const meeting = await addMeeting(f, 13, [kase.id]);
    const [chair, coordinator] = [await f.callerFor("chair"), await f.callerFor("coordinator")];
    const results = await Promise.allSettled([chair.meeting.cancel({ meetingId: meeting.id, reason: "Holiday" }), coordinator.meeting.cancel({ meetingId: meeting.id, reason: "Strike" })]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await f.db.agendaItem.count({ where: { caseId: kase.id, status: "PENDING" } })).toBeLessThanOrEqual(1);
    expect(await f.db.auditEvent.count({ where: { entityId: meeting.id, action: "meeting.cancel" } })).toBe(1);
  });
});
