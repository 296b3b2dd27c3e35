/**
 * The second-opinion link end to end below the browser: a chair shares case A through the router, the expert's
 * e-mails arrive at a real SMTP server, the code opens a session that reaches exactly the shared study through the
 * real DICOMweb route, the opinion lands on the case and notifies the board, and every refusal is plain and audited.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Context } from "@/server/api/trpc";
import { MAX_CODE_FAILURES, REFUSALS } from "@/domain/expert-opinion/share-rules";
import { startTestSmtpServer } from "@/integrations/mail/test-smtp-server";
import { setUpFixture } from "@/server/testing/fixture";
import { checkLink, confirmCode, expertSession, sendCode } from "./expert-access";
import { loadExpertCase, submitOpinion } from "./expert-case";
import { EXPERT_COOKIE } from "./share-secrets";

// The HTTP edge reads the account session through createContext: the expert has none.
let signedIn: Context;
vi.mock("@/server/api/context", () => ({ createContext: async () => signedIn }));

const fixture = setUpFixture();
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
const STUDY = "1.2.826.0.1.3680043.8.498.77";
const OTHER_STUDY = "1.2.826.0.1.3680043.8.498.78";

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  process.env.SMTP_URL = smtp.url;
  const f = fixture();
  signedIn = { db: f.db, user: null };
  for (const uid of [STUDY, OTHER_STUDY]) {
    await f.db.imagingStudy.create({ data: { patientId: f.patientA.id, studyInstanceUid: uid, modality: "CT", studyDate: new Date("2026-11-01T00:00:00Z"), description: "CT chest" } });
  }
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp.close();
});

/** A message's text with quoted-printable soft breaks undone. */
const textOf = (raw: string) => raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
const lastMailTo = (address: string) => textOf(smtp.messages.filter((m) => m.to.includes(address)).at(-1)?.raw ?? "");
const tokenFrom = (mail: string) => /\/opinion\/([\w-]{43})/.exec(mail)?.[1] ?? "";
const codeFrom = (mail: string) => /Your code is (\d{6})/.exec(mail)?.[1] ?? "";
const seriesRoute = async (study: string, cookie: string | null) =>
  (await import("@/app/api/dicomweb/studies/[study]/series/route")).GET(
    new Request(`http://localhost/api/dicomweb/studies/${study}/series`, { headers: cookie ? { cookie: `${EXPERT_COOKIE}=${cookie}` } : {} }),
    { params: Promise.resolve({ study }) },
  );

async function share(expertEmail: string, extra: Partial<{ studyInstanceUids: string[]; identifiable: boolean }> = {}) {
  const f = fixture();
  const chair = await f.callerFor("chair");
  await chair.expertOpinion.share({
    caseId: f.caseA.id,
    expertName: "Dr Elsewhere",
    expertEmail,
    question: "Is the tumour resectable?",
    studyInstanceUids: [STUDY],
    slideIds: [],
    includeDecision: true,
    origin: "http://localhost:3000",
    ...extra,
  });
  return tokenFrom(lastMailTo(expertEmail));
}

async function openSession(token: string, email: string) {
  const f = fixture();
  expect(await sendCode(f.db, token)).toEqual({ ok: true });
  const confirmed = await confirmCode(f.db, token, codeFrom(lastMailTo(email)));
  if (!confirmed.ok) throw new Error(confirmed.message);
  return confirmed.session;
}

describe("asking an outside expert", () => {
  it("mails a link without patient data, stores only its digest, and needs a one-time code sent separately", async () => {
    const f = fixture();
    const token = await share("first@elsewhere.example");
    expect(token).toHaveLength(43);
    const mail = lastMailTo("first@elsewhere.example");
    expect(mail).toContain("Subject: Concilium: a request for your second opinion");
    for (const patientData of ["Testperson", "A-1", "CON-A-1", "1960", "Surgery?", "resectable"]) expect(mail).not.toContain(patientData);
    const stored = await f.db.expertShare.findFirstOrThrow({ where: { expertEmail: "first@elsewhere.example" } });
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBeGreaterThan(13.9 * 86_400_000);

    // The link alone opens nothing; a wrong code is refused, counted and audited under the expert's address.
    expect((await checkLink(f.db, token, "open")).ok).toBe(true);
    expect(await sendCode(f.db, token)).toEqual({ ok: true });
    const codeMail = lastMailTo("first@elsewhere.example");
    expect(codeMail).not.toContain(token);
    const code = codeFrom(codeMail);
    const wrong = code === "000000" ? "111111" : "000000";
    expect(await confirmCode(f.db, token, wrong)).toEqual({ ok: false, message: REFUSALS.wrongCode });
    expect(await f.db.auditEvent.findFirst({ where: { action: "expert-share.code.confirm.denied", actorEmail: "first@elsewhere.example" } })).toMatchObject({ actorId: null, patientId: f.patientA.id });

    const confirmed = await confirmCode(f.db, token, code);
    expect(confirmed.ok).toBe(true);
    // A code works once.
    expect(await confirmCode(f.db, token, code)).toEqual({ ok: false, message: REFUSALS.wrongCode });
    const session = confirmed.ok ? confirmed.session : "";

    // The session is bound to its link: another token does not open it.
    expect(await expertSession(f.db, session, token)).toMatchObject({ caseId: f.caseA.id, studyInstanceUids: [STUDY], identifiable: false });
    expect(await expertSession(f.db, session, "x".repeat(43))).toBeNull();

    // The view is pseudonymised by default and audited as the expert's, on the expert-share ground.
    const view = await loadExpertCase(f.db, (await expertSession(f.db, session))!);
    expect(view.patient.label).toBe("Patient CON-A-1");
    expect(JSON.stringify(view.patient)).not.toContain("Testperson");
    expect(view.decision).toMatchObject({ recommendation: "Lobectomy", status: "DRAFT" });
    expect(await f.db.auditEvent.findFirst({ where: { action: "expert-share.view" }, orderBy: { id: "desc" } })).toMatchObject({ actorId: null, actorEmail: "first@elsewhere.example", ground: "EXPERT_SHARE", patientId: f.patientA.id });
  });

  it("lets the expert's session reach the shared study and nothing else, and audits a probe", async () => {
    const f = fixture();
    const token = await share("images@elsewhere.example");
    const session = await openSession(token, "images@elsewhere.example");
    expect((await seriesRoute(STUDY, session)).status).toBe(200);
    expect(await f.db.auditEvent.findFirst({ where: { action: "dicomweb.read", actorEmail: "images@elsewhere.example" } })).toMatchObject({ actorId: null, ground: "EXPERT_SHARE" });

    const probe = await seriesRoute(OTHER_STUDY, session);
    expect(probe.status).toBe(404);
    expect(await probe.json()).toEqual({ error: "Not found." });
    expect(await f.db.auditEvent.findFirst({ where: { action: "dicomweb.study.denied", actorEmail: "images@elsewhere.example" } })).toMatchObject({ entityId: OTHER_STUDY, reason: "Not shared with this expert." });
    // A slide of the same patient that was not shared: refused like an id that does not exist, and audited.
    const slide = await f.db.slide.create({ data: { patientId: f.patientA.id, label: "B2", specimen: "RUL", stain: "H&E", format: "APERIO_SVS", widthPx: 10, heightPx: 10, acquiredAt: new Date() } });
    const slideInfo = await (await import("@/app/api/slides/[slideId]/info/route")).GET(
      new Request(`http://localhost/api/slides/${slide.id}/info`, { headers: { cookie: `${EXPERT_COOKIE}=${session}` } }),
      { params: Promise.resolve({ slideId: slide.id }) },
    );
    expect(slideInfo.status).toBe(404);
    expect(await f.db.auditEvent.findFirst({ where: { action: "slide.info.denied", actorEmail: "images@elsewhere.example" } })).toMatchObject({ entityId: slide.id, actorId: null });
    // No session, or a made-up one: the ordinary refusal of a request without a session.
    expect((await seriesRoute(STUDY, null)).status).toBe(401);
    expect((await seriesRoute(STUDY, "y".repeat(43))).status).toBe(401);
  });

  it("puts the opinion on the case's timeline, notifies the sharer and the board's chairs and coordinators, once", async () => {
    const f = fixture();
    const token = await share("answer@elsewhere.example");
    const session = (await expertSession(f.db, await openSession(token, "answer@elsewhere.example")))!;
    expect(await submitOpinion(f.db, session, { agreesWithPlan: false, alternative: "", reasons: "", comment: "" })).toEqual({ ok: false, message: "Say what you would recommend instead." });
    expect(await submitOpinion(f.db, session, { agreesWithPlan: false, alternative: "Neoadjuvant chemotherapy first", reasons: "N2 disease", comment: "" })).toEqual({ ok: true });
    expect(await submitOpinion(f.db, session, { agreesWithPlan: true, alternative: "", reasons: "", comment: "" })).toEqual({ ok: false, message: REFUSALS.answered });

    const kase = await (await f.callerFor("coordinator")).case.get({ caseId: f.caseA.id });
    expect(kase.timeline.find((i) => i.kind === "opinion")).toMatchObject({ discipline: "OPINIONS", title: "Dr Elsewhere", detail: "Proposes another plan: Neoadjuvant chemotherapy first" });
    const told = await f.db.notification.findMany({ where: { kind: "EXPERT_OPINION" }, select: { userId: true, title: true, link: true } });
    expect(new Set(told.map((n) => n.userId))).toEqual(new Set([f.users.chair.id, f.users.coordinator.id]));
    expect(told[0]).toMatchObject({ title: "Second opinion from Dr Elsewhere", link: `/cases/${f.caseA.id}#second-opinions` });
    const listed = await (await f.callerFor("specialist")).expertOpinion.forCase({ caseId: f.caseA.id });
    expect(listed.shares.find((s) => s.expertEmail === "answer@elsewhere.example")).toMatchObject({ state: "answered", opinion: { agreesWithPlan: false, reasons: "N2 disease" } });
  });

  it("withdraws a link at once: its open session, its images and its page are refused, and the refusal audited", async () => {
    const f = fixture();
    const token = await share("revoked@elsewhere.example");
    const session = await openSession(token, "revoked@elsewhere.example");
    const { id } = await f.db.expertShare.findFirstOrThrow({ where: { expertEmail: "revoked@elsewhere.example" } });
    await (await f.callerFor("specialist")).expertOpinion.revoke({ caseId: f.caseA.id, shareId: id });
    expect(await expertSession(f.db, session)).toBeNull();
    expect((await seriesRoute(STUDY, session)).status).toBe(401);
    expect(await checkLink(f.db, token, "open")).toEqual({ ok: false, message: REFUSALS.revoked });
    expect(await f.db.auditEvent.findFirst({ where: { action: "expert-share.open.denied", entityId: id } })).toMatchObject({ actorEmail: "revoked@elsewhere.example", reason: REFUSALS.revoked });
    // A share of this case cannot be withdrawn through another case (the guard decided on the case given).
    await expect((await f.callerFor("outsiderChair")).expertOpinion.revoke({ caseId: f.caseB.id, shareId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses an expired link, a guessed one and one locked by wrong codes, in plain words, and audits each", async () => {
    const f = fixture();
    const guessed = "z".repeat(43);
    expect(await checkLink(f.db, guessed, "open")).toEqual({ ok: false, message: REFUSALS.unknown });
    expect(await f.db.auditEvent.findFirst({ where: { action: "expert-share.open.denied", actorEmail: "anonymous" }, orderBy: { id: "desc" } })).toMatchObject({ reason: REFUSALS.unknown });

    const expired = await share("expired@elsewhere.example");
    await f.db.expertShare.updateMany({ where: { expertEmail: "expired@elsewhere.example" }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await sendCode(f.db, expired)).toEqual({ ok: false, message: REFUSALS.expired });

    const locked = await share("locked@elsewhere.example");
    await sendCode(f.db, locked);
    const right = codeFrom(lastMailTo("locked@elsewhere.example"));
    const wrong = right === "000000" ? "111111" : "000000";
    for (let i = 0; i < MAX_CODE_FAILURES; i++) await confirmCode(f.db, locked, wrong);
    expect(await confirmCode(f.db, locked, right)).toEqual({ ok: false, message: REFUSALS.locked });
  });

  it("shares only this patient's material, and nothing without e-mail", async () => {
    const f = fixture();
    const other = await f.db.imagingStudy.create({ data: { patientId: f.patientB.id, studyInstanceUid: "1.2.826.0.1.3680043.8.498.79", modality: "MG", studyDate: new Date(), description: "Mammography" } });
    await expect(share("wrong@elsewhere.example", { studyInstanceUids: [other.studyInstanceUid] })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Only this patient's studies and slides can be shared." });
    const url = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    try {
      await expect(share("nomail@elsewhere.example")).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    } finally {
      process.env.SMTP_URL = url;
    }
    expect(await f.db.expertShare.count({ where: { expertEmail: { in: ["wrong@elsewhere.example", "nomail@elsewhere.example"] } } })).toBe(0);
  });
});
