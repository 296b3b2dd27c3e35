import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { validateMcodeBundle } from "@/integrations/fhir/validate-mcode";
import { attachmentOf, startTestSmtpServer } from "@/integrations/mail/test-smtp-server";
import { pdfPageCount, pdfText } from "@/integrations/pdf/read-pdf-text";
import type { Context } from "@/server/api/trpc";
import { loadSessionUser } from "@/server/services/auth/load-session-user";
import { type Fixture, setUpFixture } from "@/server/testing/fixture";
import { sendAgendaPublished } from "./meeting-mail";

// The document routes, called as Next calls them; the edge reads the session through createContext, which the test sets.
let signedIn: Context;
vi.mock("@/server/api/context", () => ({ createContext: async () => signedIn }));
const { GET: agendaPdfRoute } = await import("@/app/api/meetings/[meetingId]/agenda.pdf/route");
const { GET: agendaIcsRoute } = await import("@/app/api/meetings/[meetingId]/agenda.ics/route");
const { GET: minutesRoute } = await import("@/app/api/meetings/[meetingId]/minutes.pdf/route");
const { GET: letterRoute } = await import("@/app/api/cases/[caseId]/letter/route");
const { GET: fhirRoute } = await import("@/app/api/decisions/[decisionId]/fhir/route");

const fixture = setUpFixture();
let f: Fixture;
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
let pastMeetingId: string;
let signedId: string;
let otherCaseId: string;

const bytesOf = async (response: Response) => new Uint8Array(await response.arrayBuffer());

beforeAll(async () => {
  f = fixture();
  smtp = await startTestSmtpServer();
  const db = f.db;
  // A finished meeting on board A: the fixture's case, discussed and signed with a full decision, and a second case
  // deferred; radiology attended, pathology did not.
  const past = await db.meeting.create({
    data: { boardId: f.boardA.id, startsAt: new Date(Date.now() - 7 * 86_400_000), durationMinutes: 60, location: "Room 3.12", videoLink: "https://video.example.org/a", status: "FINISHED" },
  });
  pastMeetingId = past.id;
  await db.agendaItem.create({ data: { meetingId: past.id, caseId: f.caseA.id, position: 1, minutesBudget: 10, status: "DISCUSSED" } });
  const second = await db.patient.create({
    data: { mrn: "A-2", familyName: "Łukaszewicz", givenName: "Zoë", birthDate: new Date("1970-05-05T00:00:00Z"), sex: "FEMALE", researchPseudonym: "CON-A-2" },
  });
  const secondCase = await db.case.create({
    data: { patientId: second.id, boardId: f.boardA.id, questionType: "STAGING", clinicalQuestion: "PET-CT first?", referringUserId: f.users.specialist.id, referringPhysicianName: "Dr Referrer", referringPhysicianAddress: "Clinic Road 1" },
  });
  otherCaseId = secondCase.id;
  await db.agendaItem.create({ data: { meetingId: past.id, caseId: secondCase.id, position: 2, status: "DEFERRED", deferredReason: "Waiting for the PET-CT." } });
  await db.attendance.create({ data: { meetingId: past.id, userId: f.users.specialist.id, specialty: "RADIOLOGY", mode: "REMOTE" } });
  await db.attendance.create({ data: { meetingId: past.id, userId: f.users.chair.id, specialty: "MEDICAL_ONCOLOGY" } });
  const signed = await db.decision.create({
    data: {
      caseId: f.caseA.id,
      meetingId: past.id,
      version: 2,
      status: "SIGNED",
      tnmPrefix: "c",
      tCategory: "T2a",
      nCategory: "N2",
      mCategory: "M0",
      stageGroup: "IIIA",
      histology: "Adenocarcinoma",
      ecog: 1,
      biomarkers: [{ marker: "EGFR", value: "exon 19 deletion", method: "NGS" }],
      intent: "CURATIVE",
      modalities: ["CHEMORADIATION", "SYSTEMIC_THERAPY"],
      recommendation: "Definitive chemoradiation, then osimertinib.",
      rationale: "Unresectable N2 disease.",
      dissents: [{ name: "Dr Cutter", specialty: "SURGERY", opinion: "Induction, then resection." }],
      quorate: false,
      quorumMissing: ["PATHOLOGY"],
      recordedById: f.users.coordinator.id,
      signedById: f.users.chair.id,
      signedAt: new Date(Date.now() - 7 * 86_400_000 + 3_600_000),
    },
  });
  signedId = signed.id;
});
afterAll(async () => smtp.close());
afterEach(() => {
  delete process.env.SMTP_URL;
  delete process.env.SMTP_FROM;
});

type Actor = "chair" | "coordinator" | "specialist";
async function as(actor: Actor) {
  signedIn = { db: f.db, user: await loadSessionUser(f.db, f.users[actor].id) };
}
const params = <P>(p: P) => ({ params: Promise.resolve(p) });
async function serveMinutesPdf(actor: Actor, meetingId: string) {
  await as(actor);
  return minutesRoute(new Request(`http://localhost/api/meetings/${meetingId}/minutes.pdf`), params({ meetingId }));
}
async function serveAgendaPdf(actor: Actor, meetingId: string) {
  await as(actor);
  return agendaPdfRoute(new Request(`http://localhost/api/meetings/${meetingId}/agenda.pdf`), params({ meetingId }));
}
async function serveAgendaIcs(actor: Actor, meetingId: string, request: Request) {
  await as(actor);
  return agendaIcsRoute(request, params({ meetingId }));
}
async function serveLetter(actor: Actor, caseId: string, request: Request) {
  await as(actor);
  return letterRoute(request, params({ caseId }));
}
async function serveDecisionFhir(actor: Actor, decisionId: string) {
  await as(actor);
  return fhirRoute(new Request(`http://localhost/api/decisions/${decisionId}/fhir`), params({ decisionId }));
}
const auditCount = (action: string) => f.db.auditEvent.count({ where: { action } });

describe("meeting documents", () => {
  it("gives the minutes with attendance, quorum, every case's decision and a clean file name; audited per patient", async () => {
    const response = await serveMinutesPdf("coordinator", pastMeetingId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="minutes-a-\d{4}-\d{2}-\d{2}\.pdf"$/);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const text = pdfText(await bytesOf(response));
    for (const s of [
      "Board A: minutes",
      "radiologist (remote)",
      "Quorum NOT met — missing: Pathology.",
      "cT2a cN2 cM0, stage IIIA",
      "EGFR: exon 19 deletion (NGS)",
      "Chemoradiation, Systemic therapy",
      "Definitive chemoradiation, then osimertinib.",
      "Dr Cutter (Surgery): Induction, then resection.",
      "NOT quorate — missing Pathology",
      "chair,",
      "ŁUKASZEWICZ".replace("Ł", "L"),
      "Waiting for the PET-CT.",
    ]) {
      expect(text).toContain(s);
    }
    const audited = await f.db.auditEvent.findMany({ where: { action: "document.minutes.pdf", entityId: pastMeetingId } });
    expect(audited.map((a) => a.patientId).sort()).toEqual([f.patientA.id, (await f.db.case.findUniqueOrThrow({ where: { id: otherCaseId } })).patientId].sort());
  });

  it("gives the printable agenda and the ICS without patient names", async () => {
    const pdf = await serveAgendaPdf("specialist", pastMeetingId);
    expect(pdf.status).toBe(200);
    const text = pdfText(await bytesOf(pdf));
    expect(text).toContain("Board A: agenda");
    expect(text).toContain("https://video.example.org/a");
    expect(text).toContain("TESTPERSON, A-1");

    const ics = await serveAgendaIcs("specialist", pastMeetingId, new Request("http://concilium.test:3000/api/meetings/x/agenda.ics"));
    expect(ics.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(ics.headers.get("content-disposition")).toMatch(/filename="meeting-a-.*\.ics"/);
    const body = (await ics.text()).replace(/\r\n /g, "");
    expect(body).toContain(`UID:meeting-${pastMeetingId}@concilium`);
    expect(body).toContain(`URL:http://concilium.test:3000/meetings/${pastMeetingId}`);
    expect(body).toContain("DESCRIPTION:2 cases on the agenda.");
    expect(body).not.toContain("Testperson");
  });

  it("links the ICS to CONCILIUM_PUBLIC_URL, or to the host the proxy was asked for, never to localhost", async () => {
    const icsUrl = async (request: Request) => ((await (await serveAgendaIcs("specialist", pastMeetingId, request)).text()).replace(/\r\n /g, "").match(/^URL:(.*)$/m) ?? [])[1];
    const behindProxy = () => new Request("http://localhost:3000/api/meetings/x/agenda.ics", { headers: { host: "localhost:3000", "x-forwarded-host": "mdt.hospital.example", "x-forwarded-proto": "https" } });
    vi.stubEnv("CONCILIUM_PUBLIC_URL", "https://concilium.hospital.example/");
    try {
      expect(await icsUrl(behindProxy())).toBe(`https://concilium.hospital.example/meetings/${pastMeetingId}`);
    } finally {
      vi.unstubAllEnvs();
    }
    vi.stubEnv("CONCILIUM_PUBLIC_URL", "");
    try {
      expect(await icsUrl(behindProxy())).toBe(`https://mdt.hospital.example/meetings/${pastMeetingId}`);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("answers 404 for an unknown meeting", async () => {
    expect((await serveMinutesPdf("chair", "nope")).status).toBe(404);
  });

  it("renders a 40-case meeting over many numbered pages", async () => {
    const big = await f.db.meeting.create({ data: { boardId: f.boardA.id, startsAt: new Date(), durationMinutes: 200 } });
    for (let i = 0; i < 40; i++) {
      const p = await f.db.patient.create({ data: { mrn: `BIG-${i}`, familyName: `Many${i}`, givenName: "Case", birthDate: new Date("1960-01-01T00:00:00Z"), sex: "MALE", researchPseudonym: `CON-BIG-${i}` } });
      const c = await f.db.case.create({ data: { patientId: p.id, boardId: f.boardA.id, questionType: "OTHER", clinicalQuestion: `Question ${i}`, referringUserId: f.users.specialist.id } });
      await f.db.agendaItem.create({ data: { meetingId: big.id, caseId: c.id, position: i + 1 } });
      await f.db.decision.create({ data: { caseId: c.id, meetingId: big.id, intent: "PALLIATIVE", recommendation: `Plan ${i}. `.repeat(20), rationale: "Because.", recordedById: f.users.coordinator.id } });
    }
    const bytes = await bytesOf(await serveMinutesPdf("chair", big.id));
    const pages = pdfPageCount(bytes);
    expect(pages).toBeGreaterThan(5);
    expect(pdfText(bytes)).toContain(`Page ${pages} of ${pages}`);
    expect(pdfText(bytes)).toContain("40. MANY39, Case");
  });
});

describe("letters", () => {
  const letterUrl = (query: string) => new Request(`http://localhost/api/cases/x/letter?${query}`);

  it("refuses a draft decision with a message that says to sign it", async () => {
    const response = await serveLetter("coordinator", f.caseA.id, letterUrl(`decisionId=${f.draftA.id}&recipient=gp`));
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe("Letters are written from a signed decision; version 1 is still a draft. Ask the chair to sign it first.");
  });

  it("names what to add when the patient has no GP or the case no referring physician, and changes nothing", async () => {
    const before = await f.db.decision.findUniqueOrThrow({ where: { id: signedId } });
    const gp = await serveLetter("coordinator", f.caseA.id, letterUrl(`decisionId=${signedId}&recipient=gp`));
    expect(gp.status).toBe(400);
    expect((await gp.json()).error).toContain("The patient has no general practitioner (GP) recorded. Add the GP on the case page (Edit patient details)");
    const referrer = await serveLetter("coordinator", f.caseA.id, letterUrl(`decisionId=${signedId}&recipient=referrer`));
    expect((await referrer.json()).error).toContain("This case has no referring physician. Add the referring physician on the case page (Edit referring physician)");
    expect(await f.db.decision.findUniqueOrThrow({ where: { id: signedId } })).toEqual(before);
    expect(await f.db.auditEvent.count({ where: { action: "letter.download", entityId: signedId } })).toBe(0);
  });

  it("writes the letter to the GP with the site's letterhead and the chair's signature", async () => {
    await f.db.patient.update({ where: { id: f.patientA.id }, data: { gpName: "Dr Gómez-Øster", gpAddress: "Huisartsenpraktijk\nDorpsstraat 5" } });
    const admin = await f.callerFor("admin");
    await admin.settings.updateLetterhead({ hospital: "Example University Hospital", department: "Thoracic Tumour Board", address: "Hospital Lane 1", phone: "+31 20 555 0100", email: "mdt@example.org" });
    const response = await serveLetter("specialist", f.caseA.id, letterUrl(`decisionId=${signedId}&recipient=gp`));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="letter-gp-a-1-v2.pdf"');
    const text = pdfText(await bytesOf(response));
    for (const s of ["Example University Hospital", "Thoracic Tumour Board", "mdt@example.org", "Dr Gómez-Øster", "Dorpsstraat 5", "Re: TESTPERSON, A-1", "Definitive chemoradiation, then osimertinib.", "Chair, Board A"]) {
      expect(text).toContain(s);
    }
    expect(text).toContain("chair");
    expect(await f.db.auditEvent.count({ where: { action: "letter.download", entityId: signedId, patientId: f.patientA.id } })).toBe(1);
  });

  it("refuses a decision of another case and a malformed query", async () => {
    expect((await serveLetter("chair", otherCaseId, letterUrl(`decisionId=${signedId}&recipient=gp`))).status).toBe(404);
    const bad = await serveLetter("chair", f.caseA.id, letterUrl(`decisionId=${signedId}&recipient=neighbour`));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBe("recipient must be referrer or gp.");
  });

  it("sends the letter by e-mail through SMTP to a typed address, with the PDF attached; audited", async () => {
    process.env.SMTP_URL = smtp.url;
    process.env.SMTP_FROM = "Tumour board <mdt@example.org>";
    const coordinator = await f.callerFor("coordinator");
    const before = smtp.messages.length;
    const sent = await coordinator.document.sendLetter({ decisionId: signedId, recipient: "gp", to: " dr.gomez@practice.example.org " });
    expect(sent).toEqual({ sentTo: "dr.gomez@practice.example.org", filename: "letter-gp-a-1-v2.pdf" });
    expect(smtp.messages).toHaveLength(before + 1);
    const mail = smtp.messages.at(-1)!;
    expect(mail.to).toEqual(["dr.gomez@practice.example.org"]);
    expect(mail.raw).toContain("Subject: Tumour board letter: TESTPERSON, A-1 (MRN A-1)");
    expect(pdfText(attachmentOf(mail.raw, "letter-gp-a-1-v2.pdf")!)).toContain("Dr Gómez-Øster");
    expect(await auditCount("letter.send")).toBe(1);
  });

  it("refuses an invalid address, and says so when e-mail is not configured", async () => {
    process.env.SMTP_URL = smtp.url;
    const coordinator = await f.callerFor("coordinator");
    await expect(coordinator.document.sendLetter({ decisionId: signedId, recipient: "gp", to: "not an address" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "Enter one valid e-mail address, e.g. dr.smith@practice.example.org.",
    });
    delete process.env.SMTP_URL;
    await expect(coordinator.document.sendLetter({ decisionId: signedId, recipient: "gp", to: "gp@example.org" })).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      message: "E-mail is not configured on this server (SMTP_URL is not set). Download the letter instead.",
    });
    expect(await auditCount("letter.send")).toBe(1);
  });

  it("says what the case's documents panel needs", async () => {
    const status = await (await f.callerFor("specialist")).document.caseDocuments({ caseId: f.caseA.id });
    expect(status).toMatchObject({ latestDecision: { id: signedId, version: 2, status: "SIGNED" }, signedDecisions: [{ id: signedId, version: 2 }], referrer: null, gp: "Dr Gómez-Øster", mailConfigured: false });
  });
});

describe("agenda e-mail", () => {
  it("e-mails every board member the agenda with the ICS and the PDF attached", async () => {
    const before = smtp.messages.length;
    const result = await sendAgendaPublished(f.db, pastMeetingId, { config: { url: smtp.url, from: "mdt@example.org" }, baseUrl: "https://concilium.example.org", actor: f.users.chair });
    expect(result.configured).toBe(true);
    expect(result.sent.sort()).toEqual(["chair@test.example", "coordinator@test.example", "radiologist@test.example"]);
    expect(result.failed).toEqual([]);
    const mails = smtp.messages.slice(before);
    expect(mails).toHaveLength(3);
    const raw = mails[0]!.raw;
    expect(raw).toMatch(/Subject: Agenda published: Board A/);
    const ics = raw.replace(/=\r\n/g, "");
    expect(ics).toMatch(/filename=meeting-a-\d{4}-\d{2}-\d{2}\.ics/);
    expect(ics).toContain("text/calendar");
    expect(raw).toMatch(/filename=agenda-a-\d{4}-\d{2}-\d{2}\.pdf/);
    expect(await f.db.auditEvent.count({ where: { action: "agenda.mail", entityId: pastMeetingId } })).toBe(1);
  });

  it("links the mail to CONCILIUM_PUBLIC_URL when publishing names no address", async () => {
    const before = smtp.messages.length;
    vi.stubEnv("CONCILIUM_PUBLIC_URL", "https://mdt.hospital.example/");
    try {
      await sendAgendaPublished(f.db, pastMeetingId, { config: { url: smtp.url, from: "mdt@example.org" }, actor: f.users.chair, attachAgendaPdf: false });
    } finally {
      vi.unstubAllEnvs();
    }
    const raw = smtp.messages[before]!.raw.replace(/=\r\n/g, "");
    expect(raw).toContain(`https://mdt.hospital.example/meetings/${pastMeetingId}`);
    expect(raw).not.toContain("localhost");
  });

  it("sends nothing and says so when SMTP is not configured", async () => {
    expect(await sendAgendaPublished(f.db, pastMeetingId, { config: null })).toEqual({ configured: false, sent: [], failed: [] });
  });
});

describe("FHIR export", () => {
  it("returns an mCODE Bundle that passes the validator; audited", async () => {
    const response = await serveDecisionFhir("specialist", signedId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/fhir+json; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="mcode-a-1-decision-v2.json"');
    const bundle = await response.json();
    expect(validateMcodeBundle(bundle)).toEqual({ valid: true, issues: [] });
    const types = bundle.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType);
    expect(types.filter((t: string) => t === "Observation")).toHaveLength(6); // T, N, M, stage group, ECOG, EGFR
    expect(bundle.entry.find((e: { resource: { resourceType: string } }) => e.resource.resourceType === "CarePlan").resource).toMatchObject({
      status: "active",
      description: "Definitive chemoradiation, then osimertinib.",
    });
    expect(await f.db.auditEvent.count({ where: { action: "decision.export.fhir", entityId: signedId } })).toBe(1);
  });

  it("asks for the diagnosis when the case has none", async () => {
    const d = await f.db.decision.create({ data: { caseId: otherCaseId, intent: "NONE", recommendation: "PET-CT first.", recordedById: f.users.coordinator.id } });
    const response = await serveDecisionFhir("chair", d.id);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain("This case has no diagnosis (ICD-O-3 topography and morphology) recorded");
  });
});
