/// <reference types="vite/client" />
/**
 * The HTTP edge through the real route.ts files: the route policies' authorization matrix, cross-site refusal,
 * malformed ids, caching and security headers; and the tRPC endpoint's own edge (Origin, form bodies, body and
 * batch caps, no-store, database errors never shown).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Context } from "@/server/api/trpc";
import type { Database } from "@/server/database/open-database";
import { ROUTE_POLICIES } from "@/server/http/route-policies";
import { loadSessionUser } from "@/server/services/auth/load-session-user";
import { attachCaseDocument } from "@/server/services/cases/case-documents";
import { ACTORS, createFixture, type ActorKey, type Fixture } from "@/server/testing/fixture";
import { createTestDatabase } from "@/server/testing/test-database";
import { routeAccess, type RouteResources } from "./routes.access";

// The edge reads the session through createContext: here the test decides who is signed in.
let signedIn: Context;
vi.mock("@/server/api/context", () => ({ createContext: async () => signedIn }));
const { handleTrpcRequest } = await import("@/server/http/trpc-endpoint");

let database: Database;
let f: Fixture;
let resources: RouteResources;

async function as(actor: ActorKey) {
  signedIn = { db: f.db, user: actor === "anonymous" ? null : await loadSessionUser(f.db, f.users[actor].id) };
}

beforeAll(async () => {
  database = await createTestDatabase();
  f = await createFixture(database.prisma);
  // The live stream's bus listens on "the" database: in this test, the test's own.
  (globalThis as unknown as { conciliumDatabase?: Promise<Database> }).conciliumDatabase = Promise.resolve(database);
  const study = await f.db.imagingStudy.create({ data: { patientId: f.patientA.id, studyInstanceUid: "1.2.826.0.1.3680043.8.498.1", modality: "CT", studyDate: new Date("2026-01-01T00:00:00Z"), description: "CT chest" } });
  const slide = await f.db.slide.create({
    data: { patientId: f.patientA.id, label: "A1", specimen: "RUL", stain: "H&E", format: "APERIO_SVS", widthPx: 10, heightPx: 10, acquiredAt: new Date("2026-01-01T00:00:00Z") },
  });
  // Case documents live under CONCILIUM_DATA_DIR: here a folder of the test's own.
  process.env.CONCILIUM_DATA_DIR = mkdtempSync(path.join(tmpdir(), "concilium-edge-"));
  const document = await attachCaseDocument(f.db, f.users.coordinator, { caseId: f.caseA.id, kind: "LETTER", description: "Referral letter", fileName: "letter.pdf", bytes: new TextEncoder().encode("%PDF-1.4\n%%EOF\n") });
  resources = { studyUid: study.studyInstanceUid, slideId: slide.id, documentId: document.id };
});
afterAll(async () => {
  await database.close();
  if (process.env.CONCILIUM_DATA_DIR) rmSync(process.env.CONCILIUM_DATA_DIR, { recursive: true, force: true });
  delete process.env.CONCILIUM_DATA_DIR;
});

/** Every route.ts under src/app/api, but next-auth's own. */
function routeFiles(dir = path.join(process.cwd(), "src", "app", "api")): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "auth" ? [] : routeFiles(full);
    return name === "route.ts" ? [full] : [];
  });
}

describe("the route policies' authorization matrix", () => {
  it("has a row for every policy, and every route.ts goes through withGuard with one of them (tRPC through its own edge)", () => {
    expect(Object.keys(routeAccess).sort()).toEqual(Object.keys(ROUTE_POLICIES).sort());
    for (const file of routeFiles()) {
      const source = readFileSync(file, "utf8");
      if (file.includes(`${path.sep}trpc${path.sep}`)) {
        expect(source).toContain("handleTrpcRequest");
        continue;
      }
      const names = [...source.matchAll(/withGuard(?:<[^>]*>)?\("([\w.]+)"/g)].map((m) => m[1]!);
      expect(names.length, file).toBeGreaterThan(0);
      for (const name of names) expect(Object.keys(ROUTE_POLICIES), file).toContain(name);
    }
  });

  for (const [name, row] of Object.entries(routeAccess)) {
    describe(name, () => {
      for (const actor of ACTORS) {
        const allowed = row.allowed.includes(actor);
        it(`${allowed ? "lets in" : "refuses"} ${actor}`, async () => {
          await as(actor);
          const denialsBefore = await f.db.auditEvent.count({ where: { action: `${name}.denied` } });
          const auditBefore = await f.db.auditEvent.count();
          const response = await row.request(f, resources);
          const body = response.headers.get("content-type")?.includes("json") ? await response.clone().json().catch(() => null) : null;
          if (allowed) {
            expect([401, 403]).not.toContain(response.status);
            expect(body?.error).not.toBe("Not found.");
            return;
          }
          const expected = actor === "anonymous" ? 401 : actor === "outsiderChair" ? 404 : 403;
          expect(response.status).toBe(expected);
          expect(response.headers.get("cache-control")).toBe("private, no-store");
          if (expected === 404) expect(body).toEqual({ error: "Not found." });
          // A refusal writes one thing: the denial, for a caller who is known.
          const denials = actor === "anonymous" ? 0 : 1;
          expect(await f.db.auditEvent.count({ where: { action: `${name}.denied` } })).toBe(denialsBefore + denials);
          expect(await f.db.auditEvent.count()).toBe(auditBefore + denials);
        });
      }
    });
  }

  it("names the patient in the denial of an outsider", async () => {
    await as("outsiderChair");
    await routeAccess["slide.info"].request(f, resources);
    const denial = await f.db.auditEvent.findFirst({ where: { action: "slide.info.denied", actorId: f.users.outsiderChair.id }, orderBy: { id: "desc" } });
    expect(denial).toMatchObject({ entityType: "Slide", entityId: resources.slideId, patientId: f.patientA.id, reason: "You are not a member of this board." });
  });
});

describe("ids with a NUL byte", () => {
  const NUL = "a\u0000b";
  const params = <P>(p: P) => ({ params: Promise.resolve(p) });
  const url = "http://localhost/api/x";
  const routes: [string, () => Promise<Response>][] = [
    ["slide info", async () => (await import("./slides/[slideId]/info/route")).GET(new Request(url), params({ slideId: NUL }))],
    ["slide tile", async () => (await import("./slides/[slideId]/tiles/[level]/[tile]/route")).GET(new Request(url), params({ slideId: NUL, level: "0", tile: "0_0.jpeg" }))],
    ["FHIR", async () => (await import("./decisions/[decisionId]/fhir/route")).GET(new Request(url), params({ decisionId: NUL }))],
    ["minutes", async () => (await import("./meetings/[meetingId]/minutes.pdf/route")).GET(new Request(url), params({ meetingId: NUL }))],
    ["live", async () => (await import("./meetings/[meetingId]/live/route")).GET(new Request(url), params({ meetingId: NUL }))],
    ["letter (case)", async () => (await import("./cases/[caseId]/letter/route")).GET(new Request(`${url}?decisionId=x&recipient=gp`), params({ caseId: NUL }))],
    ["letter (decision)", async () => (await import("./cases/[caseId]/letter/route")).GET(new Request(`${url}?decisionId=a%00b&recipient=gp`), params({ caseId: f.caseA.id }))],
    ["case document", async () => (await import("./cases/[caseId]/documents/[documentId]/route")).GET(new Request(url), params({ caseId: f.caseA.id, documentId: NUL }))],
    ["case document upload", async () => (await import("./cases/[caseId]/documents/route")).POST(new Request(url, { method: "POST", body: "x" }), params({ caseId: NUL }))],
    ["slide upload (patient)", async () => (await import("./slides/upload/route")).POST(new Request(`${url}?patientId=a%00b`, { method: "POST", body: "x" }), params({}))],
    ["DICOMweb", async () => (await import("./dicomweb/studies/[study]/metadata/route")).GET(new Request(url), params({ study: NUL }))],
  ];
  for (const [name, call] of routes) {
    it(`are refused with 400 and a JSON message: ${name}`, async () => {
      await as("chair");
      const response = await call();
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toContain("application/json");
      const { error } = (await response.json()) as { error: string };
      expect(error).toBeTruthy();
      expect(error).not.toMatch(/prisma|invocation|22021/i);
    });
  }
});

describe("cross-site requests to HTTP routes", () => {
  const upload = async (headers: Record<string, string>) =>
    (await import("./slides/upload/route")).POST(
      new Request(`http://localhost/api/slides/upload?patientId=${f.patientA.id}&label=L&specimen=S&stain=H`, { method: "POST", body: "not a slide", headers }),
      { params: Promise.resolve({}) },
    );
  const stow = async (headers: Record<string, string>) =>
    (await import("./dicomweb/studies/route")).POST(new Request("http://localhost/api/dicomweb/studies", { method: "POST", body: "{}", headers: { "content-type": "application/json", ...headers } }), {
      params: Promise.resolve({}),
    });

  it("refuses a slide upload and a STOW from another site's page (403), before reading anything", async () => {
    await as("chair");
    const slidesBefore = await f.db.slide.count();
    const foreign = await upload({ origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).error).toMatch(/other sites/);
    expect((await upload({ "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await stow({ origin: "https://evil.example" })).status).toBe(403);
    expect((await stow({ origin: "null" })).status).toBe(403);
    expect(await f.db.slide.count()).toBe(slidesBefore);
  });

  it("lets the app's own pages, CONCILIUM_PUBLIC_URL and clients without a browser through", async () => {
    await as("chair");
    expect((await upload({ origin: "http://localhost" })).status).toBe(415);
    expect((await upload({ "sec-fetch-site": "same-origin" })).status).toBe(415);
    expect((await upload({})).status).toBe(415);
    process.env.CONCILIUM_PUBLIC_URL = "https://concilium.hospital.example";
    try {
      expect((await stow({ origin: "https://concilium.hospital.example" })).status).toBe(415);
    } finally {
      delete process.env.CONCILIUM_PUBLIC_URL;
    }
  });
});

describe("headers of HTTP routes", () => {
  it("mark API answers as data (CSP allowing nothing, nosniff) and send HSTS only behind HTTPS", async () => {
    await as("chair");
    const { GET } = await import("./dicomweb/studies/route");
    const plain = await GET(new Request("http://localhost/api/dicomweb/studies"), { params: Promise.resolve({}) });
    expect(plain.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
    expect(plain.headers.get("x-content-type-options")).toBe("nosniff");
    expect(plain.headers.get("cache-control")).toBe("private, no-store");
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    const behindTls = await GET(new Request("http://localhost/api/dicomweb/studies", { headers: { "x-forwarded-proto": "https" } }), { params: Promise.resolve({}) });
    expect(behindTls.headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
  });
});

describe("the tRPC endpoint", () => {
  const BASE = "http://localhost/api/trpc";
  const mutation = (body: BodyInit, headers: Record<string, string> = {}) =>
    handleTrpcRequest(new Request(`${BASE}/outcome.record`, { method: "POST", body, headers: { "content-type": "application/json", ...headers } }));
  const outcome = (occurredOn = "2026-01-05", note = "") => JSON.stringify(superjson.serialize({ caseId: f.caseA.id, kind: "ALIVE", occurredOn, note }));
  const query = (procedure: string, input: unknown) => handleTrpcRequest(new Request(`${BASE}/${procedure}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`));

  it("answers with Cache-Control: no-store", async () => {
    await as("chair");
    const response = await query("meeting.list", undefined);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
  });

  it("refuses a mutation from another site (403) and accepts it from the app's own page", async () => {
    await as("coordinator");
    const before = await f.db.outcome.count();
    expect((await mutation(outcome(), { origin: "https://evil.example" })).status).toBe(403);
    expect((await mutation(outcome(), { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect(await f.db.outcome.count()).toBe(before);
    const own = await mutation(outcome(), { origin: "http://localhost", "sec-fetch-site": "same-origin" });
    expect(own.status).toBe(200);
    expect(await f.db.outcome.count()).toBe(before + 1);
  });

  it("refuses HTML-form bodies (multipart and url-encoded): 415", async () => {
    await as("coordinator");
    const form = new FormData();
    form.set("caseId", f.caseA.id);
    const multipart = await handleTrpcRequest(new Request(`${BASE}/outcome.record`, { method: "POST", body: form }));
    expect(multipart.status).toBe(415);
    expect((await mutation("caseId=x", { "content-type": "application/x-www-form-urlencoded" })).status).toBe(415);
  });

  it("refuses a body over 1 MiB (413), declared or not", async () => {
    await as("coordinator");
    const big = outcome(undefined, "x".repeat(2 * 1024 * 1024));
    expect((await mutation(big)).status).toBe(413);
    const stream = new Blob([big]).stream();
    const undeclared = await handleTrpcRequest(new Request(`${BASE}/outcome.record`, { method: "POST", body: stream, headers: { "content-type": "application/json" }, duplex: "half" } as RequestInit));
    expect(undeclared.status).toBe(413);
  });

  it("refuses a batch of more than 10 calls (400) and serves one of 10", async () => {
    await as("chair");
    const batch = (n: number) => {
      const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [i, superjson.serialize(undefined)]));
      return handleTrpcRequest(new Request(`${BASE}/${Array(n).fill("meeting.list").join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`));
    };
    const eleven = await batch(11);
    expect(eleven.status).toBe(400);
    expect((await eleven.json()).error).toMatch(/at most 10 calls/);
    expect((await batch(10)).status).toBe(200);
  });

  it("answers 400 for an id with a NUL byte or an out-of-range cursor, never with database text", async () => {
    await as("chair");
    const nul = await query("case.get", { caseId: "a\u0000b" });
    expect(nul.status).toBe(400);
    expect(await nul.text()).not.toMatch(/prisma|invocation|22021/i);
    await as("admin");
    const cursor = await query("admin.auditLog", { before: "99999999999999999999999" });
    expect(cursor.status).toBe(400);
  });

  it("hides database errors behind a generic message", async () => {
    await as("coordinator");
    // Text PostgreSQL cannot store (a NUL byte): the database refuses it with a message of its own.
    const response = await mutation(outcome("2026-01-05", "before \u0000 after"), { origin: "http://localhost" });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text).error.json.message).toBe("Something went wrong on the server. Please try again.");
    expect(text).not.toMatch(/prisma|invocation|out of range|stack/i);
  });
});
