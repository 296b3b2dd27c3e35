/**
 * The fast path's kept series metadata and gzipped frames: the same answer as the full route (bytes identical after
 * decoding), the same grants as the HTTP edge's matrix, every metadata answer audited, and a kept copy dropped at once
 * when the series changes or access narrows.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseStoredInstance, readFrame } from "@/integrations/dicomweb/pixel-data";
import { newUid, syntheticImage } from "@/integrations/dicomweb/test-support/synthetic-image";
import { routeAccess } from "@/app/api/routes.access";
import { bytesSource, importDicom } from "@/server/services/imaging/import-dicom";
import { readSeriesMetadata } from "@/server/services/imaging/retrieve";
import { ACTORS, type ActorKey, type Fixture } from "@/server/testing/fixture";
import { compressionSettled } from "./compressed-frames";
import type { FastAnswer } from "./fast-answer";
import { askFast, FRAME_ACCEPT, openFastPathDatabase, signedInCookie, until, type FastPathDatabase } from "./testing/fast-path-database";

const SECRET = "series-metadata-test-secret-0123456789abcdef";
const BROWSER_ENCODINGS = "gzip, deflate, br, zstd";

let opened: FastPathDatabase;
let f: Fixture;
let dataDir: string;
const ct = { study: "", series: "", sops: [] as string[], files: [] as Uint8Array[] };

const cookieFor = async (userId: string) => (await signedInCookie(f.db, userId)).cookie;
const ask = (url: string, cookie: string | undefined, headers: Record<string, string> = {}) => askFast(url, { cookie, ...headers });

const metadataUrl = () => `/api/dicomweb/studies/${ct.study}/series/${ct.series}/metadata`;
const frameUrl = (i = 0) => `/api/dicomweb/studies/${ct.study}/series/${ct.series}/instances/${ct.sops[i]}/frames/1`;

function bytesOf(answer: FastAnswer): Buffer {
  if (Buffer.isBuffer(answer.body)) return answer.body;
  if (Array.isArray(answer.body)) return Buffer.concat(answer.body);
  throw new Error("a streamed answer");
}

function onlyPart(contentType: string, body: Buffer): Buffer {
  const boundary = /boundary=([^;]+)/.exec(contentType)![1]!;
  expect(body.subarray(0, boundary.length + 4).toString("latin1")).toBe(`--${boundary}\r\n`);
  expect(body.subarray(-(boundary.length + 8)).toString("latin1")).toBe(`\r\n--${boundary}--\r\n`);
  return body.subarray(body.indexOf("\r\n\r\n") + 4, body.length - (boundary.length + 8));
}

const image = (n: number) => syntheticImage({ patientId: "A-1", patientName: "TESTPERSON^Anna", birthDate: "19600101", study: ct.study, series: ct.series, instanceNumber: n });

beforeAll(async () => {
  process.env.AUTH_SECRET = SECRET;
  opened = await openFastPathDatabase();
  ({ f } = opened);
  dataDir = path.join(process.cwd(), "data", `series-metadata-test-${process.pid}`);
  process.env.CONCILIUM_DATA_DIR = dataDir;
  ct.study = newUid();
  ct.series = newUid();
  const images = [1, 2].map(image);
  const result = await importDicom(f.db, { id: null, email: "import-cli" }, images.map((im, i) => bytesSource(`ct-${i}.dcm`, im.bytes)));
  expect(result.stored).toBe(2);
  ct.sops = images.map((i) => i.sop);
  ct.files = images.map((i) => i.bytes);
});
afterAll(async () => {
  await opened.close();
  await rm(dataDir, { recursive: true, force: true });
  delete process.env.CONCILIUM_DATA_DIR;
});

describe("series metadata on the fast path", () => {
  for (const actor of ACTORS) {
    const allowed = routeAccess["dicomweb.study"].allowed.includes(actor);
    it(`${allowed ? "answers" : "leaves to the full guard"} ${actor}`, async () => {
      const cookie = actor === "anonymous" ? undefined : await cookieFor(f.users[actor as Exclude<ActorKey, "anonymous">].id);
      expect((await ask(metadataUrl(), cookie)) !== null).toBe(allowed);
    });
  }

  it("is the full route's JSON, gzipped for a client that accepts it, and every answer is audited", async () => {
    const cookie = await cookieFor(f.users.chair.id);
    const expected = Buffer.from(JSON.stringify((await readSeriesMetadata(f.db, ct.study, ct.series)).instances));
    const audited = () => f.db.auditEvent.count({ where: { action: "dicomweb.read", actorId: f.users.chair.id, entityId: ct.study } });
    const before = await audited();
    const plain = (await ask(metadataUrl(), cookie, { accept: "application/dicom+json" }))!;
    expect(plain.contentType).toBe("application/dicom+json");
    expect(plain.headers).toEqual({ Vary: "Accept-Encoding" });
    expect(bytesOf(plain)).toEqual(expected);
    const gzipped = (await ask(metadataUrl(), cookie, { "accept-encoding": BROWSER_ENCODINGS }))!;
    expect(gzipped.headers).toEqual({ Vary: "Accept-Encoding", "Content-Encoding": "gzip" });
    expect(gunzipSync(bytesOf(gzipped))).toEqual(expected);
    expect(await audited()).toBe(before + 2);
    const last = await f.db.auditEvent.findFirstOrThrow({ where: { action: "dicomweb.read", actorId: f.users.chair.id }, orderBy: { id: "desc" } });
    expect(last).toMatchObject({ patientId: f.patientA.id, sourceIp: "127.0.0.1", userAgent: "fast-path-test", detail: { resource: "series metadata", seriesInstanceUid: ct.series } });
  });

  it("leaves another media type, an unknown series and a malformed UID to the full route", async () => {
    const cookie = await cookieFor(f.users.chair.id);
    expect(await ask(metadataUrl(), cookie, { accept: "application/dicom+xml" })).toBeNull();
    expect(await ask(`/api/dicomweb/studies/${ct.study}/series/${newUid()}/metadata`, cookie)).toBeNull();
    expect(await ask(`/api/dicomweb/studies/${ct.study}/series/x.y/metadata`, cookie)).toBeNull();
  });

  it("shows an instance added to the series at once", async () => {
    const cookie = await cookieFor(f.users.chair.id);
    const count = async () => (JSON.parse(bytesOf((await ask(metadataUrl(), cookie))!).toString()) as unknown[]).length;
    expect(await count()).toBe(2);
    const third = image(3);
    expect((await importDicom(f.db, { id: null, email: "import-cli" }, [bytesSource("ct-3.dcm", third.bytes)])).stored).toBe(1);
    await until(async () => (await count()) === 3, "the new instance to show");
  });

  it("is refused as soon as the user's membership is removed", async () => {
    const cookie = await cookieFor(f.users.specialist.id);
    expect(await ask(metadataUrl(), cookie)).not.toBeNull();
    await f.db.boardMembership.deleteMany({ where: { userId: f.users.specialist.id } });
    await until(async () => (await ask(metadataUrl(), cookie)) === null, "the removal to count");
  });
});

describe("gzipped frames", () => {
  it("go uncompressed first, then gzipped to clients that accept it: the same bytes after decoding", async () => {
    const cookie = await cookieFor(f.users.chair.id);
    const headers = { accept: FRAME_ACCEPT, "accept-encoding": BROWSER_ENCODINGS };
    const frame = Buffer.from(readFrame(parseStoredInstance(ct.files[1]!), 1).bytes);
    const first = (await ask(frameUrl(1), cookie, headers))!;
    expect(first.headers).toEqual({ Vary: "Accept-Encoding" });
    expect(onlyPart(first.contentType!, bytesOf(first))).toEqual(frame);
    await compressionSettled();
    const later = (await ask(frameUrl(1), cookie, headers))!;
    expect(later.headers).toEqual({ Vary: "Accept-Encoding", "Content-Encoding": "gzip" });
    expect(later.contentType).toMatch(/^multipart\/related; type="application\/octet-stream"; transfer-syntax=1\.2\.840\.10008\.1\.2\.1; boundary=/);
    expect(onlyPart(later.contentType!, gunzipSync(bytesOf(later)))).toEqual(frame);
    // A client that does not accept gzip still gets the bytes as they are.
    const plain = (await ask(frameUrl(1), cookie, { accept: FRAME_ACCEPT }))!;
    expect(plain.headers).toEqual({ Vary: "Accept-Encoding" });
    expect(onlyPart(plain.contentType!, bytesOf(plain))).toEqual(frame);
  });
});
