/**
 * A guest in a meeting end to end below the browser: a chair invites a guest through the router, the e-mails arrive
 * at a real SMTP server, the code opens a session bound to that meeting that reads its agenda and cases, follows it
 * live through the real SSE route and shows in attendance as a guest; the meeting's end, a revocation, an expired,
 * guessed or reused link or code are refused plainly and audited.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Context } from "@/server/api/trpc";
import { MAX_CODE_FAILURES, REFUSALS } from "@/domain/expert-opinion/share-rules";
import { GUEST_REFUSALS } from "@/domain/meetings/guest-rules";
import { startTestSmtpServer } from "@/integrations/mail/test-smtp-server";
import { setUpFixture } from "@/server/testing/fixture";
import { GUEST_COOKIE } from "../expert-opinion/share-secrets";
import { getMeetingQuorum } from "../meetings/attendance";
import { checkInvitation, confirmGuestCode, guestSession, sendGuestCode } from "./guest-access";
import { loadGuestAgenda, loadGuestCase } from "./guest-meeting";

// The HTTP edge reads the account session through createContext: the guest has none.
let signedIn: Context;
vi.mock("@/server/api/context", () => ({ createContext: async () => signedIn }));

const fixture = setUpFixture();
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  process.env.SMTP_URL = smtp.url;
  signedIn = { db: fixture().db, user: null };
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp.close();
});

const textOf = (raw: string) => raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
const lastMailTo = (address: string) => textOf(smtp.messages.filter((m) => m.to.includes(address)).at(-1)?.raw ?? "");
const tokenFrom = (mail: string) => /\/guest\/([\w-]{43})/.exec(mail)?.[1] ?? "";
const codeFrom = (mail: string) => /Your code is (\d{6})/.exec(mail)?.[1] ?? "";

/** A meeting of board A, a day ahead, with case A on its agenda. */
async function meetingWithCaseA() {
  const f = fixture();
  const meeting = await f.db.meeting.create({ data: { boardId: f.boardA.id, startsAt: new Date(Date.now() + 86_400_000), durationMinutes: 60 } });
  await f.db.agendaItem.create({ data: { meetingId: meeting.id, caseId: f.caseA.id, position: 1 } });
  return meeting;
}

async function invite(meetingId: string, email: string, specialty: "SURGERY" | null = "SURGERY") {
  const chair = await fixture().callerFor("chair");
  await chair.meetingGuest.invite({ meetingId, name: "Dr Guest", email, affiliation: "Surgeon, Regional Hospital", note: "Case 1 is the one we discussed.", specialty, origin: "http://localhost:3000" });
  return tokenFrom(lastMailTo(email));
}

async function join(token: string, email: string) {
  const f = fixture();
  expect(await sendGuestCode(f.db, token)).toEqual({ ok: true });
  const confirmed = await confirmGuestCode(f.db, token, codeFrom(lastMailTo(email)));
  if (!confirmed.ok) throw new Error(confirmed.message);
  return confirmed.session;
}

async function openSession(cookie: string) {
  const check = await guestSession(fixture().db, cookie, "test");
  if (!check?.ok) throw new Error("no open session");
  return check.session;
}

/** The live route as the guest's browser calls it; an open stream is closed at once (only its status matters). */
async function liveRoute(meetingId: string, cookie: string) {
  const aborted = new AbortController();
  const response = await (await import("@/app/api/meetings/[meetingId]/live/route")).GET(
    new Request(`http://localhost/api/meetings/${meetingId}/live`, { signal: aborted.signal, headers: { cookie: `${GUEST_COOKIE}=${cookie}` } }),
    { params: Promise.resolve({ meetingId }) },
  );
  if (response.status === 200) {
    aborted.abort();
    await response.body?.cancel().catch(() => undefined);
  }
  return response;
}

describe("a guest in a meeting", () => {
  it("mails a link without patient data; the code opens the agenda of that meeting only, audited under the guest's address", async () => {
    const f = fixture();
    const meeting = await meetingWithCaseA();
    const token = await invite(meeting.id, "surgeon@regional.example");
    const mail = lastMailTo("surgeon@regional.example");
    expect(mail).toContain("Board A");
    for (const patientData of ["Testperson", "A-1", "CON-A-1", "1960", "C34"]) expect(mail).not.toContain(patientData);
    const stored = await f.db.meetingGuest.findFirstOrThrow({ where: { email: "surgeon@regional.example" } });
    expect(stored.tokenHash).not.toContain(token);

    // The link alone opens nothing; a wrong code is refused and audited; the right one works once.
    expect((await checkInvitation(f.db, token, "open")).ok).toBe(true);
    expect(await sendGuestCode(f.db, token)).toEqual({ ok: true });
    const code = codeFrom(lastMailTo("surgeon@regional.example"));
    const wrong = code === "000000" ? "111111" : "000000";
    expect(await confirmGuestCode(f.db, token, wrong)).toEqual({ ok: false, message: REFUSALS.wrongCode });
    expect(await f.db.auditEvent.findFirst({ where: { action: "meeting-guest.code.confirm.denied", actorEmail: "surgeon@regional.example" } })).toMatchObject({ actorId: null });
    const confirmed = await confirmGuestCode(f.db, token, code);
    expect(confirmed.ok).toBe(true);
    expect(await confirmGuestCode(f.db, token, code)).toEqual({ ok: false, message: REFUSALS.wrongCode });
    const cookie = confirmed.ok ? confirmed.session : "";
    expect(await f.db.meetingGuest.findUniqueOrThrow({ where: { id: stored.id } })).toMatchObject({ joinedAt: expect.any(Date) });

    // Bound to its link and its meeting.
    expect(await guestSession(f.db, cookie, "test", undefined, "x".repeat(43))).toBeNull();
    const session = await openSession(cookie);
    expect(session.meetingId).toBe(meeting.id);
    const agenda = await loadGuestAgenda(f.db, session);
    expect(agenda.items.map((i) => i.caseId)).toEqual([f.caseA.id]);
    expect(await f.db.auditEvent.findFirst({ where: { action: "meeting-guest.agenda.read" }, orderBy: { id: "desc" } })).toMatchObject({ actorId: null, actorEmail: "surgeon@regional.example", ground: "MEETING_GUEST", patientId: f.patientA.id });
    expect((await loadGuestCase(f.db, session, f.caseA.id)).ok).toBe(true);
    expect(await f.db.auditEvent.findFirst({ where: { action: "meeting-guest.case.read" }, orderBy: { id: "desc" } })).toMatchObject({ actorEmail: "surgeon@regional.example", ground: "MEETING_GUEST", patientId: f.patientA.id });

    // Another board's case (on another meeting's agenda) is refused and audited, as is an id that does not exist.
    expect(await loadGuestCase(f.db, session, f.caseB.id)).toEqual({ ok: false, message: GUEST_REFUSALS.notOnAgenda });
    expect(await f.db.auditEvent.findFirst({ where: { action: "meeting-guest.case.read.denied", entityId: f.caseB.id } })).toMatchObject({ actorEmail: "surgeon@regional.example" });
    expect(await loadGuestCase(f.db, session, "no-such-case")).toEqual({ ok: false, message: GUEST_REFUSALS.notOnAgenda });

    // Live follow: this meeting's stream opens; another meeting's is refused like one that does not exist, and audited.
    expect((await liveRoute(meeting.id, cookie)).status).toBe(200);
    expect(await f.db.auditEvent.findFirst({ where: { action: "meeting.follow", entityId: meeting.id }, orderBy: { id: "desc" } })).toMatchObject({ actorId: null, actorEmail: "surgeon@regional.example" });
    const other = await liveRoute(f.meetingB.id, cookie);
    expect(other.status).toBe(404);
    expect(await f.db.auditEvent.findFirst({ where: { action: "meeting.live.denied", entityId: f.meetingB.id } })).toMatchObject({ actorEmail: "surgeon@regional.example" });
    // Board A's other meeting too: the invitation is for one meeting, not the board.
    expect((await liveRoute(f.meetingA.id, cookie)).status).toBe(404);
  });

  it("closes access when the meeting is finished: agenda, case and live stream refused, each refusal audited", async () => {
    const f = fixture();
    const meeting = await meetingWithCaseA();
    const token = await invite(meeting.id, "finish@regional.example");
    const cookie = await join(token, "finish@regional.example");
    expect((await liveRoute(meeting.id, cookie)).status).toBe(200);
    await (await f.callerFor("chair")).meeting.finish({ meetingId: meeting.id });

    expect(await guestSession(f.db, cookie, "agenda.read")).toEqual({ ok: false, message: GUEST_REFUSALS.ended });
    expect(await f.db.auditEvent.findFirst({ where: { action: "meeting-guest.agenda.read.denied", actorEmail: "finish@regional.example" } })).toMatchObject({ reason: GUEST_REFUSALS.ended });
    const live = await liveRoute(meeting.id, cookie);
    expect(live.status).toBe(403);
    expect(await live.json()).toEqual({ error: GUEST_REFUSALS.ended });
    expect(await checkInvitation(f.db, token, "open")).toEqual({ ok: false, message: GUEST_REFUSALS.ended });
    const listed = await (await f.callerFor("coordinator")).meetingGuest.list({ meetingId: meeting.id });
    expect(listed.guests[0]).toMatchObject({ status: "ended" });
    // No one can be invited to a finished meeting.
    await expect(invite(meeting.id, "late@regional.example")).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("revokes at once; refuses expired, guessed and locked links plainly and audits each", async () => {
    const f = fixture();
    const meeting = await meetingWithCaseA();
    const token = await invite(meeting.id, "revoked@regional.example");
    const cookie = await join(token, "revoked@regional.example");
    const { id } = await f.db.meetingGuest.findFirstOrThrow({ where: { email: "revoked@regional.example" } });
    // Only the chair revokes, and only through the guest's own meeting.
    await expect((await f.callerFor("coordinator")).meetingGuest.revoke({ meetingId: meeting.id, guestId: id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect((await f.callerFor("outsiderChair")).meetingGuest.revoke({ meetingId: f.meetingB.id, guestId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await (await f.callerFor("chair")).meetingGuest.revoke({ meetingId: meeting.id, guestId: id });
    // The session was dropped with the invitation: the cookie is a stranger now, and the link says why.
    expect(await guestSession(f.db, cookie, "test")).toBeNull();
    expect((await liveRoute(meeting.id, cookie)).status).toBe(401);
    expect(await checkInvitation(f.db, token, "open")).toEqual({ ok: false, message: GUEST_REFUSALS.revoked });
    expect(await f.db.auditEvent.findFirst({ where: { action: "meeting-guest.open.denied", entityId: id } })).toMatchObject({ actorEmail: "revoked@regional.example", reason: GUEST_REFUSALS.revoked });

    const guessed = "g".repeat(43);
    expect(await checkInvitation(f.db, guessed, "open")).toEqual({ ok: false, message: GUEST_REFUSALS.unknown });
    expect(await f.db.auditEvent.findFirst({ where: { action: "meeting-guest.open.denied", actorEmail: "anonymous" }, orderBy: { id: "desc" } })).toMatchObject({ reason: GUEST_REFUSALS.unknown });

    const expired = await invite(meeting.id, "expired@regional.example");
    await f.db.meetingGuest.updateMany({ where: { email: "expired@regional.example" }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await sendGuestCode(f.db, expired)).toEqual({ ok: false, message: GUEST_REFUSALS.expired });

    const locked = await invite(meeting.id, "locked@regional.example");
    await sendGuestCode(f.db, locked);
    const right = codeFrom(lastMailTo("locked@regional.example"));
    const wrong = right === "000000" ? "111111" : "000000";
    for (let i = 0; i < MAX_CODE_FAILURES; i++) await confirmGuestCode(f.db, locked, wrong);
    expect(await confirmGuestCode(f.db, locked, right)).toEqual({ ok: false, message: GUEST_REFUSALS.locked });
  });

  it("shows a joined guest in attendance, outside the quorum unless the board's rule counts guests", async () => {
    const f = fixture();
    const meeting = await meetingWithCaseA();
    await f.db.board.update({ where: { id: f.boardA.id }, data: { quorumSpecialties: ["SURGERY"] } });
    try {
      const token = await invite(meeting.id, "quorum@regional.example", "SURGERY");
      expect((await getMeetingQuorum(f.db, meeting.id)).guests).toEqual([]);
      await join(token, "quorum@regional.example");
      const attendance = await (await f.callerFor("coordinator")).meeting.attendance({ meetingId: meeting.id });
      expect(attendance.quorum.guests).toEqual([expect.objectContaining({ name: "Dr Guest", specialty: "SURGERY", countsTowardsQuorum: false })]);
      expect(attendance.quorum).toMatchObject({ quorate: false, missing: ["SURGERY"] });

      await (await f.callerFor("chair")).board.updateSettings({ boardId: f.boardA.id, quorumSpecialties: ["SURGERY"], referralCutoffHours: 48, guestsCountTowardsQuorum: true });
      expect(await getMeetingQuorum(f.db, meeting.id)).toMatchObject({ quorate: true, missing: [], guests: [expect.objectContaining({ countsTowardsQuorum: true })] });
    } finally {
      await f.db.board.update({ where: { id: f.boardA.id }, data: { quorumSpecialties: ["RADIOLOGY", "PATHOLOGY"], guestsCountTowardsQuorum: false } });
    }
  });

  it("invites nobody without e-mail or with a bad address", async () => {
    const f = fixture();
    await expect(invite(f.meetingA.id, "not-an-address")).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const url = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    try {
      await expect(invite(f.meetingA.id, "nomail@regional.example")).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    } finally {
      process.env.SMTP_URL = url;
    }
    expect(await f.db.meetingGuest.count({ where: { email: { in: ["not-an-address", "nomail@regional.example"] } } })).toBe(0);
  });
});
