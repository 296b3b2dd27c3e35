import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sharedDemoDataPath } from "@/integrations/demo-data/locate-demo-data";
import type { Context } from "@/server/api/trpc";
import type { Database } from "@/server/database/open-database";
import { loadSessionUser } from "@/server/services/auth/load-session-user";
import { importSlide } from "@/server/services/slides/import-slide";
import { createFixture, type ActorKey, type Fixture } from "@/server/testing/fixture";
import { createTestDatabase } from "@/server/testing/test-database";

// The routes' guard reads the session through createContext: here the test decides who is signed in.
let signedIn: Context;
vi.mock("@/server/api/context", () => ({ createContext: async () => signedIn }));

const { GET: getTile } = await import("./[slideId]/tiles/[level]/[tile]/route");
const { GET: getInfo } = await import("./[slideId]/info/route");
const { POST: upload } = await import("./upload/route");

const SVS = sharedDemoDataPath(["pathology", "cmu-1-small-region.svs"]);
let database: Database;
let f: Fixture;
let dataDir: string;
let slideId: string;

async function as(actor: ActorKey) {
  signedIn = { db: f.db, user: actor === "anonymous" ? null : await loadSessionUser(f.db, f.users[actor].id) };
}

const tile = (id: string, level: string, name: string) =>
  getTile(new Request(`http://localhost/api/slides/${id}/tiles/${level}/${name}`), { params: Promise.resolve({ slideId: id, level, tile: name }) });

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "slide-routes-"));
  process.env.CONCILIUM_DATA_DIR = dataDir;
  database = await createTestDatabase();
  f = await createFixture(database.prisma);
  const slide = await importSlide(f.db, f.users.specialist, { patientId: f.patientA.id, source: { path: SVS }, label: "A1", specimen: "Right upper lobe", stain: "H&E" });
  slideId = slide.id;
});
afterAll(async () => {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("GET /api/slides/{slideId}/tiles/{level}/{col}_{row}.jpeg", () => {
  it("returns a JPEG tile kept privately for five minutes (never a year), and audits the tiles once per user, slide and minute", async () => {
    const specialist = await loadSessionUser(f.db, f.users.specialist.id);
    signedIn = { db: f.db, user: { ...specialist!, source: { ip: "198.51.100.20", userAgent: "TileClient/1.0" } } };
    const tileReads = () => f.db.auditEvent.findMany({ where: { action: "slide.tiles.read", entityId: slideId, actorId: f.users.specialist.id } });
    const response = await tile(slideId, "12", "1_1.jpeg");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/jpeg");
    // Immutable (a converted slide never changes), never public: kept by this user's browser only, for minutes.
    expect(response.headers.get("cache-control")).toBe("private, max-age=300, immutable");
    expect(response.headers.get("etag")).toMatch(/^"[\w-]+"$/);
    const image = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    expect([image.format, image.width, image.height]).toEqual(["jpeg", 256, 256]);
    expect((await tile(slideId, "11", "0_0.jpg")).status).toBe(200);
    expect((await tile(slideId, "12", "0_0.jpeg")).status).toBe(200);
    // A client that never asked for /info (no "slide.open") is audited all the same, once for the burst.
    expect(await f.db.auditEvent.count({ where: { action: "slide.open", actorId: f.users.specialist.id } })).toBe(0);
    expect(await tileReads()).toEqual([
      expect.objectContaining({ patientId: f.patientA.id, entityType: "Slide", ground: "BOARD_MEMBERSHIP", sourceIp: "198.51.100.20", userAgent: "TileClient/1.0" }),
    ]);
    // Another user's reads are their own event.
    await as("chair");
    expect((await tile(slideId, "12", "1_1.jpeg")).status).toBe(200);
    expect(await f.db.auditEvent.count({ where: { action: "slide.tiles.read", entityId: slideId, actorId: f.users.chair.id } })).toBe(1);
  });

  it("answers 304 to a granted request that names the tile's ETag, and refuses another board's member all the same", async () => {
    await as("chair");
    const first = await tile(slideId, "12", "1_0.jpeg");
    const etag = first.headers.get("etag")!;
    const conditional = (who: string) =>
      getTile(new Request(`http://localhost/api/slides/${who}/tiles/12/1_0.jpeg`, { headers: { "If-None-Match": etag } }), {
        params: Promise.resolve({ slideId: who, level: "12", tile: "1_0.jpeg" }),
      });
    const again = await conditional(slideId);
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("cache-control")).toBe("private, max-age=300, immutable");
    expect(await again.text()).toBe("");
    // Another tile has another tag: the whole tile.
    expect((await getTile(new Request(`http://localhost/api/slides/${slideId}/tiles/12/0_1.jpeg`, { headers: { "If-None-Match": etag } }), { params: Promise.resolve({ slideId, level: "12", tile: "0_1.jpeg" }) })).status).toBe(200);
    // Knowing the tag lets nobody in: another board's member is answered as for an unknown slide, and not kept.
    await as("outsiderChair");
    const outsider = await conditional(slideId);
    expect(outsider.status).toBe(404);
    expect(outsider.headers.get("cache-control")).toBe("private, no-store");
  });

  it("answers 404 for an unknown slide or a tile outside the pyramid", async () => {
    await as("chair");
    const unknown = await tile("no-such-slide", "12", "0_0.jpeg");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: "Not found." });
    expect((await tile(slideId, "12", "9_0.jpeg")).status).toBe(404);
    expect((await tile(slideId, "13", "0_0.jpeg")).status).toBe(404);
  });

  it("answers 400 for a malformed tile path and never reads it as a path", async () => {
    await as("chair");
    for (const [level, name] of [["..", "0_0.jpeg"], ["12", "..%2F..%2Fslide.dzi"], ["12", "0_0.png"], ["12", "-1_0.jpeg"], ["x", "0_0.jpeg"]]) {
      const response = await tile(slideId, level!, name!);
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatch(/whole numbers/);
    }
  });

  it("answers a member of another board as for an unknown slide (404), refuses another role (403) and nobody (401)", async () => {
    await as("outsiderChair");
    const outsider = await tile(slideId, "12", "0_0.jpeg");
    expect(outsider.status).toBe(404);
    expect(await outsider.json()).toEqual({ error: "Not found." });
    await as("admin");
    expect((await tile(slideId, "12", "0_0.jpeg")).status).toBe(403);
    await as("anonymous");
    expect((await tile(slideId, "12", "0_0.jpeg")).status).toBe(401);
  });
});

describe("GET /api/slides/{slideId}/info", () => {
  it("describes the pyramid, pixel spacing, stain and specimen, and audits the opening once", async () => {
    await as("coordinator");
    const response = await getInfo(new Request(`http://localhost/api/slides/${slideId}/info`), { params: Promise.resolve({ slideId }) });
    expect(response.status).toBe(200);
    const info = await response.json();
    expect(info).toMatchObject({ width: 2220, height: 2967, tileSize: 254, overlap: 1, format: "jpeg", minLevel: 0, maxLevel: 12, micronsPerPixel: 0.499, stain: "H&E", specimen: "Right upper lobe" });
    expect(info.levels).toHaveLength(13);
    expect(await f.db.auditEvent.count({ where: { action: "slide.open", entityId: slideId, actorId: f.users.coordinator.id } })).toBe(1);
  });

  it("answers an outsider and an unknown slide alike: 404", async () => {
    await as("outsiderChair");
    expect((await getInfo(new Request("http://localhost/"), { params: Promise.resolve({ slideId }) })).status).toBe(404);
    await as("chair");
    expect((await getInfo(new Request("http://localhost/"), { params: Promise.resolve({ slideId: "nope" }) })).status).toBe(404);
  });
});

describe("POST /api/slides/upload", () => {
  const url = (query: Record<string, string>) => `http://localhost/api/slides/upload?${new URLSearchParams(query)}`;
  const fields = () => ({ patientId: f.patientA.id, label: "B2", specimen: "Wedge resection", stain: "H&E" });
  const post = (query: Record<string, string>, body: Uint8Array<ArrayBuffer>) =>
    upload(new Request(url(query), { method: "POST", body, headers: { "content-type": "application/octet-stream", "content-length": String(body.length) } }));

  it("accepts an SVS, answers 202 with the slide's ID, and the conversion finishes in the background", async () => {
    await as("coordinator");
    const response = await post(fields(), readFileSync(SVS));
    expect(response.status).toBe(202);
    const { slideId: uploaded } = (await response.json()) as { slideId: string };
    let status = await f.db.slide.findUniqueOrThrow({ where: { id: uploaded } });
    for (let i = 0; i < 100 && status.importStatus === "CONVERTING"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = await f.db.slide.findUniqueOrThrow({ where: { id: uploaded } });
    }
    expect(status).toMatchObject({ importStatus: "READY", label: "B2", specimen: "Wedge resection", format: "APERIO_SVS" });
    expect(await f.db.auditEvent.findFirst({ where: { action: "slide.import", entityId: uploaded } })).toMatchObject({ actorId: f.users.coordinator.id, patientId: f.patientA.id });
  });

  it("refuses a file that is not a slide with a clear message and creates nothing", async () => {
    await as("chair");
    const before = await f.db.slide.count();
    const response = await post(fields(), new TextEncoder().encode("these are my notes, not a slide"));
    expect(response.status).toBe(415);
    expect((await response.json()).error).toMatch(/^This file is not a slide Concilium can show/);
    expect(await f.db.slide.count()).toBe(before);
  });

  it("refuses a file over the size limit with a message naming the limit", async () => {
    await as("chair");
    process.env.CONCILIUM_MAX_UPLOAD_BYTES = "1000";
    try {
      const response = await post(fields(), readFileSync(SVS));
      expect(response.status).toBe(413);
      expect((await response.json()).error).toBe("The file is 1.8 MiB; slides up to 1000 bytes can be uploaded.");
    } finally {
      delete process.env.CONCILIUM_MAX_UPLOAD_BYTES;
    }
  });

  it("asks for the missing fields", async () => {
    await as("chair");
    const response = await post({ ...fields(), label: " " }, readFileSync(SVS));
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe("Give the slide a label (e.g. block and level).");
  });

  it("refuses a non-member (as an unknown patient: 404), the admin role and nobody", async () => {
    await as("outsiderChair");
    expect((await post(fields(), readFileSync(SVS))).status).toBe(404);
    await as("admin");
    expect((await post(fields(), readFileSync(SVS))).status).toBe(403);
    await as("anonymous");
    expect((await post(fields(), readFileSync(SVS))).status).toBe(401);
  });
});
