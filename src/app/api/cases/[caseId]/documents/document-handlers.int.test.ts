import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Context } from "@/server/api/trpc";
import type { Database } from "@/server/database/open-database";
import { loadSessionUser } from "@/server/services/auth/load-session-user";
import { createFixture, type ActorKey, type Fixture } from "@/server/testing/fixture";
import { createTestDatabase } from "@/server/testing/test-database";

// The routes' guard reads the session through createContext: here the test decides who is signed in.
let signedIn: Context;
vi.mock("@/server/api/context", () => ({ createContext: async () => signedIn }));

const { POST: upload } = await import("./route");
const { GET: read } = await import("./[documentId]/route");

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
let database: Database;
let f: Fixture;
let dataDir: string;
let pdf: Uint8Array;

async function as(actor: ActorKey) {
  signedIn = { db: f.db, user: actor === "anonymous" ? null : await loadSessionUser(f.db, f.users[actor].id) };
}

function send(caseId: string, file: { name: string; bytes: Uint8Array; type?: string }, fields: Record<string, string> = { kind: "PATHOLOGY_REPORT", description: "Biopsy right upper lobe" }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("file", new File([new Uint8Array(file.bytes)], file.name, { type: file.type ?? "application/pdf" }));
  return upload(new Request(`http://localhost/api/cases/${caseId}/documents`, { method: "POST", body: form }), { params: Promise.resolve({ caseId }) });
}

const open = (caseId: string, documentId: string) =>
  read(new Request(`http://localhost/api/cases/${caseId}/documents/${documentId}`), { params: Promise.resolve({ caseId, documentId }) });

/** Every file under the document store, staging included: what a refusal must not leave behind. */
function storedFiles(dir = path.join(dataDir, "documents")): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? storedFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  } catch {
    return [];
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "case-documents-"));
  process.env.CONCILIUM_DATA_DIR = dataDir;
  database = await createTestDatabase();
  f = await createFixture(database.prisma);
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]);
  pdf = await doc.save();
});
afterEach(() => {
  delete process.env.CONCILIUM_MAX_DOCUMENT_BYTES;
});
afterAll(async () => {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
  delete process.env.CONCILIUM_DATA_DIR;
});

describe("POST /api/cases/{caseId}/documents", () => {
  it("stores a PDF with the case, by its bytes, and audits the attachment", async () => {
    await as("coordinator");
    const response = await send(f.caseA.id, { name: "biopsy.pdf", bytes: pdf });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ kind: "PATHOLOGY_REPORT", kindLabel: "Pathology report", description: "Biopsy right upper lobe", fileName: "biopsy.pdf", contentType: "application/pdf", byteSize: pdf.length });
    const row = await f.db.caseDocument.findUniqueOrThrow({ where: { id: body.id } });
    expect(row).toMatchObject({ caseId: f.caseA.id, patientId: f.patientA.id, uploadedById: f.users.coordinator.id });
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(path.join(dataDir, "documents", row.storedPath))).toEqual(Buffer.from(pdf));
    expect(storedFiles().filter((p) => p.includes(".staging"))).toEqual([]);
    const audit = await f.db.auditEvent.findFirst({ where: { action: "case.document.attach", entityId: row.id } });
    expect(audit).toMatchObject({ actorId: f.users.coordinator.id, patientId: f.patientA.id, entityType: "CaseDocument", ground: "BOARD_MEMBERSHIP" });
  });

  it("accepts a PNG image, typed by its signature whatever the browser said", async () => {
    await as("specialist");
    const response = await send(f.caseA.id, { name: "photo.png", bytes: PNG, type: "application/octet-stream" }, { kind: "OTHER", description: "Clinical photo" });
    expect(response.status).toBe(201);
    expect((await response.json()).contentType).toBe("image/png");
  });

  it("refuses a PNG or a text file renamed .pdf with a clear message (415), leaving nothing", async () => {
    await as("coordinator");
    const before = storedFiles();
    const rowsBefore = await f.db.caseDocument.count();
    const renamed = await send(f.caseA.id, { name: "scan.pdf", bytes: PNG });
    expect(renamed.status).toBe(415);
    expect(await renamed.json()).toEqual({ error: '"scan.pdf" is not really a PDF file (it is a PNG image): only PDF documents (and PNG or JPEG images) can be attached.' });
    const text = await send(f.caseA.id, { name: "letter.pdf", bytes: new TextEncoder().encode("Dear colleague") });
    expect(text.status).toBe(415);
    expect(await text.json()).toEqual({ error: '"letter.pdf" is not really a PDF file: only PDF documents (and PNG or JPEG images) can be attached.' });
    const html = await send(f.caseA.id, { name: "report.html", bytes: new TextEncoder().encode("<html><script>alert(1)</script>") });
    expect(html.status).toBe(415);
    expect(storedFiles()).toEqual(before);
    expect(await f.db.caseDocument.count()).toBe(rowsBefore);
  });

  it("refuses an empty file (400) and a file over CONCILIUM_MAX_DOCUMENT_BYTES (413), leaving nothing", async () => {
    await as("chair");
    const before = storedFiles();
    const empty = await send(f.caseA.id, { name: "empty.pdf", bytes: new Uint8Array() });
    expect(empty.status).toBe(400);
    expect((await empty.json()).error).toBe("The file is empty: choose a document to attach.");

    process.env.CONCILIUM_MAX_DOCUMENT_BYTES = "100";
    const big = new Uint8Array(500);
    big.set(new TextEncoder().encode("%PDF-1.7"));
    const tooLarge = await send(f.caseA.id, { name: "big.pdf", bytes: big });
    expect(tooLarge.status).toBe(413);
    expect((await tooLarge.json()).error).toBe("The file is 500 bytes; documents up to 100 bytes can be attached.");

    // A body far past the limit is refused by its declared length, before it is read.
    process.env.CONCILIUM_MAX_DOCUMENT_BYTES = "1024";
    const huge = await upload(
      new Request(`http://localhost/api/cases/${f.caseA.id}/documents`, { method: "POST", body: new Uint8Array(200_000), headers: { "content-type": "multipart/form-data; boundary=x", "content-length": "200000" } }),
      { params: Promise.resolve({ caseId: f.caseA.id }) },
    );
    expect(huge.status).toBe(413);
    expect(storedFiles()).toEqual(before);
    expect(await f.db.auditEvent.count({ where: { action: "case.document.attach", actorId: f.users.chair.id } })).toBe(0);
  });

  it("asks for a kind and a description", async () => {
    await as("coordinator");
    const response = await send(f.caseA.id, { name: "a.pdf", bytes: pdf }, { kind: "SELFIE", description: " " });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain("Say what kind of document this is.");
  });

  it("hides another board's case (404) and refuses the administrator (403), storing nothing", async () => {
    const before = storedFiles();
    await as("outsiderChair");
    const outsider = await send(f.caseA.id, { name: "biopsy.pdf", bytes: pdf });
    expect(outsider.status).toBe(404);
    expect(await outsider.json()).toEqual({ error: "Not found." });
    await as("admin");
    expect((await send(f.caseA.id, { name: "biopsy.pdf", bytes: pdf })).status).toBe(403);
    expect(storedFiles()).toEqual(before);
  });
});

describe("GET /api/cases/{caseId}/documents/{documentId}", () => {
  it("serves the document inline, as the type its bytes proved, never cached or sniffed, and audits the opening", async () => {
    await as("coordinator");
    const { id } = await (await send(f.caseA.id, { name: "Réponse du labo.pdf", bytes: pdf }, { kind: "LETTER", description: "Reply" })).json();
    await as("specialist");
    const response = await open(f.caseA.id, id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe(`inline; filename="Re_ponse du labo.pdf"; filename*=UTF-8''R%C3%A9ponse%20du%20labo.pdf`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    // Nothing may load or frame it; not sandboxed, which the browser's PDF viewer would refuse.
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(pdf);
    const audit = await f.db.auditEvent.findFirst({ where: { action: "case.document.read", entityId: id } });
    expect(audit).toMatchObject({ actorId: f.users.specialist.id, patientId: f.patientA.id, entityType: "CaseDocument" });
  });

  it("answers 404 for a document asked for through another case, even one the user may see", async () => {
    await as("coordinator");
    const { id } = await (await send(f.caseA.id, { name: "biopsy.pdf", bytes: pdf })).json();
    const otherCaseOfBoardA = await f.db.case.create({
      data: { patientId: f.patientA.id, boardId: f.caseA.boardId, questionType: "PRIMARY_TREATMENT", clinicalQuestion: "Second opinion?", referringUserId: f.users.specialist.id },
    });
    const readsBefore = await f.db.auditEvent.count({ where: { action: "case.document.read" } });
    const response = await open(otherCaseOfBoardA.id, id);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "Not found." });
    expect(await f.db.auditEvent.count({ where: { action: "case.document.read" } })).toBe(readsBefore);
    await as("outsiderChair");
    expect((await open(f.caseA.id, id)).status).toBe(404);
  });

  it("shows the document on the case's timeline, with its kind and description", async () => {
    await as("chair");
    const caller = await f.callerFor("chair");
    const kase = await caller.case.get({ caseId: f.caseA.id });
    const documents = kase.timeline.filter((i) => i.kind === "document");
    expect(documents.length).toBeGreaterThan(0);
    expect(documents.map((d) => d.title)).toContain("Pathology report: Biopsy right upper lobe");
    expect(documents.every((d) => d.discipline === "DOCUMENTS" && d.target.documentId === d.id)).toBe(true);
  });
});
