/**
 * A guest in a meeting end to end below the browser: a chair invites a guest through the router, the e-mails arrive
 * at a real SMTP server, the code opens a session bound to that meeting that reads its agenda and cases, follows it
 * live through the real SSE route and shows in attendance as a guest; the meeting's end, a revocation, an expired,
 * guessed or reused link or code are refused plainly and audited.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { newUid, syntheticImage } from "@/integrations/dicomweb/test-support/synthetic-image";
import { bytesSource, importDicom } from "../imaging/import-dicom";
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
const dataDir = path.join(process.cwd(), "data", `meeting-guests-test-${process.pid}`);

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  process.env.SMTP_URL = smtp.url;
  process.env.CONCILIUM_DATA_DIR = dataDir;
  signedIn = { db: fixture().db, user: null };
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.CONCILIUM_DATA_DIR;
  await smtp.close();
  await rm(dataDir, { recursive: true, force: true });
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

/** A CT of a patient (one single-frame image) stored as an import would, and a converted slide with one tile. */
async function imagesOf(patient: { id: string; mrn: string; familyName: string; givenName: string }) {
  const f = fixture();
  const ct = { study: newUid(), series: newUid(), sop: "" };
  const image = syntheticImage({ patientId: patient.mrn, patientName: `${patient.familyName}^${patient.givenName}`, birthDate: "19600101", study: ct.study, series: ct.series, instanceNumber: 1 });
  ct.sop = image.sop;
  expect((await importDicom(f.db, { id: null, email: "import-cli" }, [bytesSource("ct.dcm", image.bytes)], { matchOn: "patient-id-only" })).stored).toBe(1);
  const storagePath = `guest-slide-${patient.mrn}`;
  const tiles = path.join(dataDir, "slides", storagePath, "slide_files", "4");
  await mkdir(tiles, { recursive: true });
  await writeFile(path.join(tiles, "0_0.jpeg"), Buffer.from([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]));
  const slide = await f.db.slide.create({
    data: { patientId: patient.id, label: "A1", specimen: "RUL", stain: "H&E", format: "APERIO_SVS", widthPx: 10, heightPx: 10, tileSize: 254, tileOverlap: 1, storagePath, importStatus: "READY", acquiredAt: new Date("2026-01-01T00:00:00Z") },
  });
  return { ...ct, slideId: slide.id };
}

/** The image routes as the guest's viewer calls them: study metadata, the frames of the one image, a slide tile. */
async function imageReads(images: Awaited<ReturnType<typeof imagesOf>>, cookie: string) {
  const headers = { cookie: `${GUEST_COOKIE}=${cookie}` };
  const { study, series, sop, slideId } = images;
  const metadata = await (await import("@/app/api/dicomweb/studies/[study]/metadata/route")).GET(new Request(`http://localhost/api/dicomweb/studies/${study}/metadata`, { headers }), { params: Promise.resolve({ study }) });
  const frames = await (await import("@/app/api/dicomweb/studies/[study]/series/[series]/instances/[instance]/frames/[frames]/route")).GET(
    new Request(`http://localhost/api/dicomweb/studies/${study}/series/${series}/instances/${sop}/frames/1`, { headers }),
    { params: Promise.resolve({ study, series, instance: sop, frames: "1" }) },
  );
  const tile = await (await import("@/app/api/slides/[slideId]/tiles/[level]/[tile]/route")).GET(new Request(`http://localhost/api/slides/${slideId}/tiles/4/0_0.jpeg`, { headers }), { params: Promise.resolve({ slideId, level: "4", tile: "0_0.jpeg" }) });
  return [metadata.status, frames.status, tile.status];
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
    const sequence = async () => (await f.db.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).liveSequence;
    const before = await sequence();
    await (await f.callerFor("chair")).meeting.finish({ meetingId: meeting.id });
    // Finishing is a live change: open streams re-check their guest and close (live-stream.test.ts).
    expect(await sequence()).toBeGreaterThan(before);

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
    const before = (await f.db.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).liveSequence;
    await (await f.callerFor("chair")).meetingGuest.revoke({ meetingId: meeting.id, guestId: id });
    expect((await f.db.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).liveSequence).toBeGreaterThan(before);
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

  it("sees the images of the agenda's patients only, while the meeting is open; every read and refusal audited under the guest", async () => {
    const f = fixture();
    const [imagesA, imagesB] = [await imagesOf(f.patientA), await imagesOf(f.patientB)];
    const meeting = await meetingWithCaseA();
    const cookie = await join(await invite(meeting.id, "images@regional.example"), "images@regional.example");

    expect(await imageReads(imagesA, cookie)).toEqual([200, 200, 200]);
    for (const action of ["dicomweb.read", "slide.tiles.read"]) {
      expect(await f.db.auditEvent.findFirst({ where: { action, actorEmail: "images@regional.example" } })).toMatchObject({ actorId: null, ground: "MEETING_GUEST", patientId: f.patientA.id });
    }
    // Patient B has no case on this meeting's agenda: refused like ids that do not exist, and audited.
    expect(await imageReads(imagesB, cookie)).toEqual([404, 404, 404]);
    expect(await f.db.auditEvent.findFirst({ where: { action: "dicomweb.study.denied", entityId: imagesB.study, actorEmail: "images@regional.example" } })).toMatchObject({ reason: GUEST_REFUSALS.notOnAgenda });
    expect(await f.db.auditEvent.findFirst({ where: { action: "slide.tile.denied", entityId: imagesB.slideId, actorEmail: "images@regional.example" } })).toMatchObject({ reason: GUEST_REFUSALS.notOnAgenda });

    // Another meeting's guest (board B's meeting, patient B on its agenda) sees B's images, not A's.
    const chairB = await f.callerFor("outsiderChair");
    await chairB.meetingGuest.invite({ meetingId: f.meetingB.id, name: "Dr Other", email: "other@regional.example", affiliation: "Oncologist", note: "", specialty: null, origin: "http://localhost:3000" });
    const otherCookie = await join(tokenFrom(lastMailTo("other@regional.example")), "other@regional.example");
    expect(await imageReads(imagesA, otherCookie)).toEqual([404, 404, 404]);
    expect(await imageReads(imagesB, otherCookie)).toEqual([200, 200, 200]);

    // Finished: refused, audited; revoked: the session is gone, so the guest is a stranger (401).
    await (await f.callerFor("chair")).meeting.finish({ meetingId: meeting.id });
    expect(await imageReads(imagesA, cookie)).toEqual([404, 404, 404]);
    expect(await f.db.auditEvent.findFirst({ where: { action: "meeting-guest.dicomweb.study.denied", actorEmail: "images@regional.example" } })).toMatchObject({ reason: GUEST_REFUSALS.ended });
    const { id } = await f.db.meetingGuest.findFirstOrThrow({ where: { email: "other@regional.example" } });
    await chairB.meetingGuest.revoke({ meetingId: f.meetingB.id, guestId: id });
    expect(await imageReads(imagesB, otherCookie)).toEqual([401, 401, 401]);
  });
});
