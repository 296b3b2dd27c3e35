/**
 * The fast path for tiles and frames: it grants exactly whom the HTTP edge's matrix lets in (everyone else goes to
 * the full guard, which refuses and audits), a revocation counts at once (sign-out, a revocation or membership removal
 * written by another instance and announced over LISTEN/NOTIFY, a case moved to another board), frames are the
 * parser's frames read as byte ranges, and the audit is written as on the full route.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseStoredInstance, readFrame } from "@/integrations/dicomweb/pixel-data";
import { newUid, syntheticImage } from "@/integrations/dicomweb/test-support/synthetic-image";
import { TS } from "@/integrations/dicomweb/transfer-syntax";
import { routeAccess } from "@/app/api/routes.access";
import type { Database } from "@/server/database/open-database";
import { revokeAuthSession } from "@/server/services/auth/revoke-auth-session";
import { bytesSource, importDicom } from "@/server/services/imaging/import-dicom";
import { ACTORS, type ActorKey, type Fixture } from "@/server/testing/fixture";
import type { FastAnswer } from "./fast-answer";
import { answerFast } from "./lean-handler";
import { askFast, FRAME_ACCEPT, openFastPathDatabase, SESSION_COOKIE as COOKIE, signedInCookie, until, type FastPathDatabase } from "./testing/fast-path-database";
import { startFastPathServer } from "./testing/fast-path-server";

const SECRET = "fast-path-test-secret-0123456789abcdef";

let opened: FastPathDatabase;
let database: Database;
let f: Fixture;
let dataDir: string;
let slideId: string;
const ct = { study: "", series: "", sops: [] as string[], files: [] as Uint8Array[] };

const cookieFor = (userId: string) => signedInCookie(f.db, userId);
const ask = (url: string, cookie: string | undefined, accept?: string) => askFast(url, { cookie, accept });

const tileUrl = () => `/api/slides/${slideId}/tiles/4/0_0.jpeg`;
const frameUrl = (i = 0, frames = "1") => `/api/dicomweb/studies/${ct.study}/series/${ct.series}/instances/${ct.sops[i]}/frames/${frames}`;

/** A write as another app instance makes it: on PostgreSQL over a connection of its own, never through this process's caches. */
async function fromAnotherInstance(sql: string, params: unknown[]) {
  if (database.listenVia.kind === "postgres") {
    const client = new pg.Client({ connectionString: database.listenVia.url });
    await client.connect();
    try {
      const schema = (await database.sql.query<{ s: string }>("SELECT current_schema() AS s"))[0]!.s;
      await client.query(`SET search_path TO "${schema}"`);
      await client.query(sql, params);
    } finally {
      await client.end();
    }
  } else await database.sql.query(sql, params);
}

beforeAll(async () => {
  process.env.AUTH_SECRET = SECRET;
  opened = await openFastPathDatabase();
  ({ database, f } = opened);

  dataDir = path.join(process.cwd(), "data", `fast-path-test-${process.pid}`);
  process.env.CONCILIUM_DATA_DIR = dataDir;
  const tiles = path.join(dataDir, "slides", "slide-1", "slide_files", "4");
  await mkdir(tiles, { recursive: true });
  await writeFile(path.join(tiles, "0_0.jpeg"), Buffer.from([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]));
  const slide = await f.db.slide.create({
    data: { patientId: f.patientA.id, label: "A1", specimen: "RUL", stain: "H&E", format: "APERIO_SVS", widthPx: 10, heightPx: 10, tileSize: 254, tileOverlap: 1, storagePath: "slide-1", importStatus: "READY", acquiredAt: new Date("2026-01-01T00:00:00Z") },
  });
  slideId = slide.id;

  ct.study = newUid();
  ct.series = newUid();
  const images = [1, 2].map((n) => syntheticImage({ patientId: "A-1", patientName: "TESTPERSON^Anna", birthDate: "19600101", study: ct.study, series: ct.series, instanceNumber: n, frames: n }));
  const result = await importDicom(f.db, { id: null, email: "import-cli" }, images.map((image, i) => bytesSource(`ct-${i}.dcm`, image.bytes)));
  expect(result.stored).toBe(2);
  ct.sops = images.map((i) => i.sop);
  ct.files = images.map((i) => i.bytes);
});
afterAll(async () => {
  await opened.close();
  await rm(dataDir, { recursive: true, force: true });
  delete process.env.CONCILIUM_DATA_DIR;
});

/** The bytes of an answer at hand (tiles and frames never stream). */
function bytesOf(answer: FastAnswer): Buffer {
  if (Buffer.isBuffer(answer.body)) return answer.body;
  if (Array.isArray(answer.body)) return Buffer.concat(answer.body);
  throw new Error("a streamed answer");
}

/** The parts of a multipart/related body, split at its boundary. */
function parts(answer: FastAnswer): Buffer[] {
  const boundary = /boundary=([^;]+)/.exec(answer.contentType ?? "")![1]!;
  const body = bytesOf(answer);
  const found: Buffer[] = [];
  let at = body.indexOf(`--${boundary}\r\n`);
  while (at !== -1) {
    const start = body.indexOf("\r\n\r\n", at) + 4;
    const next = body.indexOf(`\r\n--${boundary}`, start);
    found.push(body.subarray(start, next));
    at = body.indexOf(`--${boundary}\r\n`, next + 2);
  }
  return found;
}

describe("who the fast path grants (the HTTP edge's matrix)", () => {
  const cases: [string, () => string, string | undefined][] = [
    ["slide.tile", tileUrl, undefined],
    ["dicomweb.study", () => frameUrl(), FRAME_ACCEPT],
  ];
  for (const [policy, url, accept] of cases) {
    for (const actor of ACTORS) {
      const allowed = routeAccess[policy as keyof typeof routeAccess].allowed.includes(actor);
      it(`${policy}: ${allowed ? "answers" : "leaves to the full guard"} ${actor}`, async () => {
        const cookie = actor === "anonymous" ? undefined : (await cookieFor(f.users[actor as Exclude<ActorKey, "anonymous">].id)).cookie;
        const answer = await ask(url(), cookie, accept);
        expect(answer !== null).toBe(allowed);
      });
    }
  }

  it("leaves a forged, foreign or expired cookie, and an ended session, to the full guard", async () => {
    const { sessionId } = await cookieFor(f.users.chair.id);
    const forged = await encode({ token: { sub: f.users.chair.id, sid: sessionId }, secret: "another secret entirely 0123456789", salt: COOKIE, maxAge: 3600 });
    expect(await ask(tileUrl(), `${COOKIE}=${forged}`)).toBeNull();
    const someoneElses = await encode({ token: { sub: f.users.outsiderChair.id, sid: sessionId }, secret: SECRET, salt: COOKIE, maxAge: 3600 });
    expect(await ask(tileUrl(), `${COOKIE}=${someoneElses}`)).toBeNull();
    const expired = await encode({ token: { sub: f.users.chair.id, sid: sessionId }, secret: SECRET, salt: COOKIE, maxAge: -10 });
    expect(await ask(tileUrl(), `${COOKIE}=${expired}`)).toBeNull();
  });

  it("answers only GET of well-formed addresses", async () => {
    const { cookie } = await cookieFor(f.users.chair.id);
    expect(await answerFast("HEAD", tileUrl(), { header: (n) => (n === "cookie" ? cookie : undefined), remoteAddress: undefined })).toBeNull();
    expect(await ask(`/api/slides/${slideId}/tiles/4/0_0.png`, cookie)).toBeNull();
    expect(await ask(`/api/slides/a%00b/tiles/4/0_0.jpeg`, cookie)).toBeNull();
    expect(await ask(`/api/slides/${slideId}/tiles/9/0_0.jpeg`, cookie)).toBeNull();
    expect(await ask(frameUrl(0, "0"), cookie, FRAME_ACCEPT)).toBeNull();
    expect(await ask(frameUrl(0, "2"), cookie, FRAME_ACCEPT)).toBeNull();
    expect(await ask(`/api/dicomweb/studies/not-a-uid/series/${ct.series}/instances/${ct.sops[0]}/frames/1`, cookie, FRAME_ACCEPT)).toBeNull();
  });
});

describe("revocation counts at once", () => {
  it("sign-out: the next tile request goes to the full guard", async () => {
    const { cookie, sessionId } = await cookieFor(f.users.chair.id);
    expect(await ask(tileUrl(), cookie)).not.toBeNull();
    await revokeAuthSession(f.db, sessionId);
    expect(await ask(tileUrl(), cookie)).toBeNull();
  });

  it("a session revoked by another instance is refused as soon as the database announces it", async () => {
    const { cookie, sessionId } = await cookieFor(f.users.chair.id);
    expect(await ask(tileUrl(), cookie)).not.toBeNull();
    // A write that is no revocation keeps the cached grant.
    await fromAnotherInstance(`UPDATE "AuthSession" SET "lastSeenAt" = now() WHERE "id" = $1`, [sessionId]);
    expect(await ask(tileUrl(), cookie)).not.toBeNull();
    const revoked = Date.now();
    await fromAnotherInstance(`UPDATE "AuthSession" SET "revokedAt" = now() WHERE "id" = $1`, [sessionId]);
    await until(async () => (await ask(tileUrl(), cookie)) === null, "the revocation to count");
    expect(Date.now() - revoked).toBeLessThan(1_000);
  });

  it("a membership removed by another instance: tiles and frames are refused", async () => {
    const { cookie } = await cookieFor(f.users.specialist.id);
    expect(await ask(tileUrl(), cookie)).not.toBeNull();
    expect(await ask(frameUrl(), cookie, FRAME_ACCEPT)).not.toBeNull();
    await fromAnotherInstance(`DELETE FROM "BoardMembership" WHERE "userId" = $1`, [f.users.specialist.id]);
    await until(async () => (await ask(tileUrl(), cookie)) === null, "the membership removal to count");
    expect(await ask(frameUrl(), cookie, FRAME_ACCEPT)).toBeNull();
  });

  it("a deactivated user is refused", async () => {
    const { cookie } = await cookieFor(f.users.coordinator.id);
    expect(await ask(tileUrl(), cookie)).not.toBeNull();
    await fromAnotherInstance(`UPDATE "User" SET "active" = false WHERE "id" = $1`, [f.users.coordinator.id]);
    await until(async () => (await ask(tileUrl(), cookie)) === null, "the deactivation to count");
    await f.db.user.update({ where: { id: f.users.coordinator.id }, data: { active: true } });
  });

  it("a patient's case moved to another board: the old board's members are refused, the new board's let in", async () => {
    const chair = await cookieFor(f.users.chair.id);
    const outsider = await cookieFor(f.users.outsiderChair.id);
    expect(await ask(tileUrl(), chair.cookie)).not.toBeNull();
    expect(await ask(tileUrl(), outsider.cookie)).toBeNull();
    await fromAnotherInstance(`UPDATE "Case" SET "boardId" = $1 WHERE "patientId" = $2`, [f.boardB.id, f.patientA.id]);
    await until(async () => (await ask(tileUrl(), chair.cookie)) === null, "the move to count");
    expect(await ask(tileUrl(), outsider.cookie)).not.toBeNull();
    await fromAnotherInstance(`UPDATE "Case" SET "boardId" = $1 WHERE "patientId" = $2`, [f.boardA.id, f.patientA.id]);
  });
});

describe("frames as byte ranges", () => {
  it("are the parser's frames, in a multipart answer with the full route's transfer syntax, and audited once a minute", async () => {
    const { cookie } = await cookieFor(f.users.chair.id);
    const answer = (await ask(frameUrl(1, "2,1"), cookie, FRAME_ACCEPT))!;
    expect(answer.contentType).toMatch(/^multipart\/related; type="application\/octet-stream"; transfer-syntax=1\.2\.840\.10008\.1\.2\.1; boundary=/);
    const stored = parseStoredInstance(ct.files[1]!);
    expect(parts(answer)).toEqual([Buffer.from(readFrame(stored, 2).bytes), Buffer.from(readFrame(stored, 1).bytes)]);
    await ask(frameUrl(1, "1"), cookie, FRAME_ACCEPT);
    const events = await f.db.auditEvent.findMany({ where: { action: "dicomweb.read", actorId: f.users.chair.id }, orderBy: { id: "asc" } });
    // One event for all of this minute's frame reads of the series (the matrix above read them first).
    expect(events.length).toBe(1);
    expect(events.at(-1)).toMatchObject({ entityId: ct.study, patientId: f.patientA.id, actorEmail: "chair@test.example", sourceIp: "127.0.0.1", userAgent: "fast-path-test" });
  });

  it("are computed and recorded on first read for instances imported before ranges were kept", async () => {
    const { cookie } = await cookieFor(f.users.chair.id);
    await f.db.dicomInstance.update({ where: { sopInstanceUid: ct.sops[0]! }, data: { frameRanges: undefined } });
    await database.sql.query(`UPDATE "DicomInstance" SET "frameRanges" = NULL WHERE "sopInstanceUid" = $1`, [ct.sops[0]]);
    const answer = (await ask(frameUrl(0), cookie, FRAME_ACCEPT))!;
    expect(parts(answer)).toEqual([Buffer.from(readFrame(parseStoredInstance(ct.files[0]!), 1).bytes)]);
    const row = await f.db.dicomInstance.findUniqueOrThrow({ where: { sopInstanceUid: ct.sops[0]! } });
    expect(row.frameRanges).not.toBeNull();
  });

  it("leave what the client cannot take as stored to the full route (its 406)", async () => {
    const { cookie } = await cookieFor(f.users.chair.id);
    expect(await ask(frameUrl(), cookie, `multipart/related; type="image/jp2"`)).toBeNull();
    expect((await ask(frameUrl(), cookie, `multipart/related; type="application/octet-stream"; transfer-syntax=${TS.EXPLICIT_LITTLE}`))?.contentType).toContain("transfer-syntax=1.2.840.10008.1.2.1;");
  });

  it("negotiate each Accept as its own however often the same frame is asked (the fast path remembers what it negotiated)", async () => {
    const { cookie } = await cookieFor(f.users.chair.id);
    expect(await ask(frameUrl(), cookie)).not.toBeNull(); // no Accept: any type
    expect(await ask(frameUrl(), cookie, "null")).toBeNull();
    expect(await ask(frameUrl(), cookie, "")).not.toBeNull();
    expect(await ask(frameUrl(), cookie, FRAME_ACCEPT)).not.toBeNull();
    expect(await ask(frameUrl(), cookie, `multipart/related; type="image/jp2"`)).toBeNull();
    expect(await ask(frameUrl(), cookie, `multipart/related; type="image/jp2"`)).toBeNull();
  });
});

describe("the cost of a granted request", () => {
  it("is no database round trip once the session, user and resource are known", async () => {
    if (database.listenVia.kind !== "pglite") return;
    const client = database.listenVia.client as unknown as Record<string, (...args: unknown[]) => unknown>;
    let calls = 0;
    const originals = new Map<string, (...args: unknown[]) => unknown>();
    for (const name of ["query", "exec", "execProtocol", "execProtocolStream", "execProtocolRaw"]) {
      const original = client[name]!;
      originals.set(name, original);
      client[name] = (...args: unknown[]) => {
        calls++;
        return original.apply(client, args);
      };
    }
    try {
      const { cookie } = await cookieFor(f.users.chair.id);
      await ask(tileUrl(), cookie);
      await ask(frameUrl(), cookie, FRAME_ACCEPT);
      // The first request of a new session does read it: the count sees the database's queries.
      expect(calls).toBeGreaterThan(0);
      calls = 0;
      for (let i = 0; i < 50; i++) {
        expect(await ask(tileUrl(), cookie)).not.toBeNull();
        expect(await ask(frameUrl(), cookie, FRAME_ACCEPT)).not.toBeNull();
      }
      expect(calls).toBe(0);
    } finally {
      for (const [name, original] of originals) client[name] = original;
    }
  });
});

describe("answers from memory", () => {
  const askAtOnce = (url: string, cookie: string, accept?: string) => {
    const headers: Record<string, string | undefined> = { cookie, accept, "user-agent": "fast-path-test" };
    return answerFast("GET", url, { header: (name) => headers[name], remoteAddress: "127.0.0.1" });
  };

  it("a tile or frame already granted, read and audited this minute is answered at once; after sign-out it is not, and the full guard answers", async () => {
    const { cookie, sessionId } = await cookieFor(f.users.chair.id);
    await ask(tileUrl(), cookie);
    await ask(frameUrl(), cookie, FRAME_ACCEPT);
    const tile = askAtOnce(tileUrl(), cookie);
    const frame = askAtOnce(frameUrl(), cookie, FRAME_ACCEPT);
    expect(tile).not.toBeInstanceOf(Promise);
    expect(frame).not.toBeInstanceOf(Promise);
    expect(bytesOf(tile as FastAnswer)).toEqual(Buffer.from([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]));
    // The multipart parts around it differ in their boundary only: the frame is the second part.
    const frameOf = (answer: FastAnswer) => (answer.body as Buffer[])[1];
    expect(frameOf(frame as FastAnswer)).toEqual(frameOf((await ask(frameUrl(), cookie, FRAME_ACCEPT))!));

    await revokeAuthSession(f.db, sessionId);
    expect(await askAtOnce(tileUrl(), cookie)).toBeNull();
    expect(await askAtOnce(frameUrl(), cookie, FRAME_ACCEPT)).toBeNull();
  });

  it("is not used when this user's read of the slide is due for its audit: a new minute's first tile is audited", async () => {
    const { cookie } = await cookieFor(f.users.chair.id);
    await ask(tileUrl(), cookie);
    expect(askAtOnce(tileUrl(), cookie)).not.toBeInstanceOf(Promise);
    const audited = () => f.db.auditEvent.count({ where: { action: "slide.tiles.read", actorId: f.users.chair.id } });
    const before = await audited();
    const aMinuteLater = Date.now() + 61_000;
    const clock = vi.spyOn(Date, "now").mockReturnValue(aMinuteLater);
    try {
      const answer = askAtOnce(tileUrl(), cookie);
      expect(answer).toBeInstanceOf(Promise);
      expect(await answer).not.toBeNull();
    } finally {
      clock.mockRestore();
    }
    expect(await audited()).toBe(before + 1);
  });
});

describe("slide tiles", () => {
  it("are the tile file's bytes, audited once per user, slide and minute", async () => {
    const { cookie } = await cookieFor(f.users.specialist.id);
    await f.db.boardMembership.create({ data: { userId: f.users.specialist.id, boardId: f.boardA.id } }).catch(() => undefined);
    await until(async () => (await ask(tileUrl(), cookie)) !== null, "the membership to count");
    const answer = (await ask(tileUrl(), cookie))!;
    expect(answer.contentType).toBe("image/jpeg");
    expect(bytesOf(answer)).toEqual(Buffer.from([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]));
    const events = await f.db.auditEvent.count({ where: { action: "slide.tiles.read", actorId: f.users.specialist.id } });
    expect(events).toBe(1);
  });
});

describe("slide tile caching over HTTP", () => {
  it("is this user's browser's only, immutable with an ETag; naming it is answered 304 once granted; another board's user is left to the full guard", async () => {
    // What the fast path leaves to Next is answered 599 here.
    const server = await startFastPathServer();
    const base = server.base;
    try {
      const { cookie } = await cookieFor(f.users.chair.id);
      const first = await fetch(base + tileUrl(), { headers: { cookie } });
      expect(first.status).toBe(200);
      expect(first.headers.get("cache-control")).toBe("private, max-age=300, immutable");
      const etag = first.headers.get("etag")!;
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(Buffer.from(await first.arrayBuffer())).toEqual(Buffer.from([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]));

      const again = await fetch(base + tileUrl(), { headers: { cookie, "if-none-match": etag } });
      expect(again.status).toBe(304);
      expect(again.headers.get("cache-control")).toBe("private, max-age=300, immutable");
      expect(again.headers.get("etag")).toBe(etag);
      expect(again.headers.get("content-length")).toBeNull();
      expect(await again.text()).toBe("");
      expect((await fetch(base + tileUrl(), { headers: { cookie, "if-none-match": '"another"' } })).status).toBe(200);

      // The tag lets nobody in: another board's chair, and nobody at all, go to the full guard (which refuses them).
      const outsider = await cookieFor(f.users.outsiderChair.id);
      expect((await fetch(base + tileUrl(), { headers: { cookie: outsider.cookie, "if-none-match": etag } })).status).toBe(599);
      expect((await fetch(base + tileUrl(), { headers: { "if-none-match": etag } })).status).toBe(599);
    } finally {
      await server.close();
    }
  });
});
