/**
 * The PACS proxy on the fast path, against a real Orthanc: a proxied frame is kept in memory and served again as the
 * same bytes without asking the PACS, while every request is still checked (another board's user, a signed-out
 * session) and audited.
 */
import { readFileSync } from "node:fs";
import { get } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeAccess } from "@/app/api/routes.access";
import { sharedDemoDataPath } from "@/integrations/demo-data/locate-demo-data";
import { startOrthanc, type RunningOrthanc } from "@/integrations/pacs/testing/orthanc";
import { startRecordingForwarder } from "@/integrations/pacs/testing/recording-forwarder";
import { revokeAuthSession } from "@/server/services/auth/revoke-auth-session";
import { ACTORS, type ActorKey, type Fixture } from "@/server/testing/fixture";
import type { FastAnswer } from "./fast-answer";
import { askFast, FRAME_ACCEPT, openFastPathDatabase, signedInCookie, until, type FastPathDatabase } from "./testing/fast-path-database";
import { forgetPacsFrames, pacsFramesBeingSent, pacsFramesSettled } from "./pacs-frames";
import { startFastPathServer } from "./testing/fast-path-server";
import { newUid } from "@/integrations/dicomweb/test-support/synthetic-image";
import { gdcmconv, hasGdcmconv, withNewUids } from "@/integrations/dicomweb/test-support/transcode";
import { forgetPacsMetadata } from "@/integrations/pacs/validated-cache";

const SECRET = "serve-pacs-test-secret-0123456789abcdef";
const CT_LIVER_STUDY = "1.2.392.200103.20080913.113635.0.2009.6.22.21.43.10.22941.1";

let orthanc: RunningOrthanc;
let opened: FastPathDatabase | undefined;
let f: Fixture;
let forwarder: Awaited<ReturnType<typeof startRecordingForwarder>>;
let seriesUid = "";
let sops: string[] = [];
// What reached the PACS, seen by a forwarder in front of Orthanc (the proxy's configured PACS).
const asked = () => forwarder.asked;
const directAuth = () => `Basic ${Buffer.from(`${orthanc.username}:${orthanc.password}`).toString("base64")}`;

const cookieFor = (userId: string) => signedInCookie(f.db, userId);
const ask = (url: string, cookie: string | undefined, accept = FRAME_ACCEPT) => askFast(url, { cookie, accept });

const metadataUrl = () => `/api/pacs/studies/${CT_LIVER_STUDY}/series/${seriesUid}/metadata`;
const framesAsked = () => asked().filter((path) => path.includes("/frames/"));
const frameUrl = (i: number) => `/api/pacs/studies/${CT_LIVER_STUDY}/series/${seriesUid}/instances/${sops[i]}/frames/1`;

/** The answer's body, as a client receives it: a copy, after which its memory is let go as a sent answer's is. */
async function bytesOf(answer: FastAnswer): Promise<Buffer> {
  if (Buffer.isBuffer(answer.body) || Array.isArray(answer.body)) {
    const body = Buffer.concat(Array.isArray(answer.body) ? answer.body : [answer.body]);
    answer.release?.();
    return body;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of answer.body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The one part of a multipart/related answer. */
function pixels(contentType: string | null, body: Buffer): Buffer {
  const boundary = /boundary=([^;]+)/.exec(contentType ?? "")![1]!;
  const start = body.indexOf("\r\n\r\n", body.indexOf(`--${boundary}`)) + 4;
  return body.subarray(start, body.indexOf(`\r\n--${boundary}--`, start));
}

beforeAll(async () => {
  orthanc = await startOrthanc();
  for (const file of ["01.dcm", "02.dcm", "03.dcm"]) await orthanc.upload(readFileSync(sharedDemoDataPath(["radiology", "dcmqi-ct-liver", file])));
  const json = { Authorization: directAuth(), Accept: "application/dicom+json" };
  const series = (await (await fetch(`${orthanc.dicomwebUrl}/studies/${CT_LIVER_STUDY}/series`, { headers: json })).json()) as Record<string, { Value: string[] }>[];
  seriesUid = series[0]!["0020000E"]!.Value[0]!;
  const instances = (await (await fetch(`${orthanc.dicomwebUrl}/studies/${CT_LIVER_STUDY}/series/${seriesUid}/metadata`, { headers: json })).json()) as Record<string, { Value: string[] }>[];
  sops = instances.map((i) => i["00080018"]!.Value[0]!);

  forwarder = await startRecordingForwarder(orthanc.dicomwebUrl);
  Object.assign(process.env, {
    AUTH_SECRET: SECRET,
    CONCILIUM_PACS_URL: forwarder.url,
    CONCILIUM_PACS_USERNAME: orthanc.username,
    CONCILIUM_PACS_PASSWORD: orthanc.password,
  });

  opened = await openFastPathDatabase();
  ({ f } = opened);
  await f.db.imagingStudy.create({ data: { patientId: f.patientA.id, studyInstanceUid: CT_LIVER_STUDY, modality: "CT", studyDate: new Date("2008-09-13T00:00:00Z"), description: "", source: "DICOMWEB" } });
}, 60_000);

afterAll(async () => {
  await opened?.close();
  forwarder?.close();
  await orthanc?.stop();
  for (const name of ["CONCILIUM_PACS_URL", "CONCILIUM_PACS_USERNAME", "CONCILIUM_PACS_PASSWORD"]) delete process.env[name];
});

describe("frames through the PACS proxy, kept in memory", () => {
  it("are the PACS's bytes, and the second read is the same answer without asking the PACS", async () => {
    const { cookie } = await cookieFor(f.users.chair.id);
    asked().length = 0;
    const first = await ask(frameUrl(0), cookie);
    expect(first).not.toBeNull();
    const firstBytes = await bytesOf(first!);
    expect(asked()).toHaveLength(1);

    const again = await ask(frameUrl(0), cookie);
    expect(again?.contentType).toBe(first!.contentType);
    expect(await bytesOf(again!)).toEqual(firstBytes);
    expect(asked()).toHaveLength(1);

    const direct = await fetch(`${orthanc.dicomwebUrl}/studies/${CT_LIVER_STUDY}/series/${seriesUid}/instances/${sops[0]}/frames/1`, { headers: { Authorization: directAuth(), Accept: FRAME_ACCEPT } });
    const directPixels = pixels(direct.headers.get("content-type"), Buffer.from(await direct.arrayBuffer()));
    expect(directPixels.length).toBe(512 * 512 * 2);
    expect(pixels(again!.contentType, await bytesOf(again!))).toEqual(directPixels);
  });

  it("hold their memory while being sent, over HTTP, and let it go once sent or once the reader has gone", async () => {
    const { cookie } = await cookieFor(f.users.chair.id);
    await bytesOf((await ask(frameUrl(0), cookie))!);
    const server = await startFastPathServer();
    const url = `${server.base}${frameUrl(0)}`;
    try {
      const sentBefore = pacsFramesBeingSent();
      const whole = await fetch(url, { headers: { cookie, accept: FRAME_ACCEPT } });
      expect(whole.status).toBe(200);
      expect(pixels(whole.headers.get("content-type"), Buffer.from(await whole.arrayBuffer())).length).toBe(512 * 512 * 2);
      await until(() => pacsFramesBeingSent() === sentBefore, "the sent frame's memory let go");

      // A reader who leaves after the first bytes: the frame's memory is let go with the connection.
      await new Promise<void>((resolve, reject) => {
        const request = get(url, { headers: { cookie, accept: FRAME_ACCEPT } }, (response) => {
          response.once("data", () => {
            request.destroy();
            resolve();
          });
        });
        request.on("error", (error) => (request.destroyed ? undefined : reject(error)));
      });
      await until(() => pacsFramesBeingSent() === sentBefore, "the cut frame's memory let go");
    } finally {
      await server.close();
    }
  });

  it("are still refused to whom the edge refuses (another board's chair, no session) once kept", async () => {
    const { cookie } = await cookieFor(f.users.chair.id);
    await bytesOf((await ask(frameUrl(1), cookie))!);
    asked().length = 0;
    for (const actor of ACTORS) {
      const allowed = routeAccess["pacs.study"].allowed.includes(actor);
      const own = actor === "anonymous" ? undefined : (await cookieFor(f.users[actor as Exclude<ActorKey, "anonymous">].id)).cookie;
      const answer = await ask(frameUrl(1), own);
      // null: the full route answers, whose guard refuses and audits the refusal.
      expect(answer !== null, actor).toBe(allowed);
      if (answer) await bytesOf(answer);
    }
    expect(routeAccess["pacs.study"].allowed).not.toContain("outsiderChair");
    expect(asked()).toHaveLength(0);
  });

  it("are refused after sign-out, though kept", async () => {
    const { cookie, sessionId } = await cookieFor(f.users.specialist.id);
    expect(await ask(frameUrl(1), cookie)).not.toBeNull();
    await revokeAuthSession(f.db, sessionId);
    expect(await ask(frameUrl(1), cookie)).toBeNull();
  });

  it("are audited for each reader once a minute, also when served from memory", async () => {
    // Every allowed actor of the test above read a kept frame (the PACS was not asked): one event each.
    const readers = routeAccess["pacs.study"].allowed.filter((actor): actor is Exclude<ActorKey, "anonymous"> => actor !== "anonymous");
    expect(readers.length).toBeGreaterThan(1);
    const { cookie } = await cookieFor(f.users.coordinator.id);
    for (const i of [0, 1, 0]) await bytesOf((await ask(frameUrl(i), cookie))!);
    for (const actor of readers) {
      const events = await f.db.auditEvent.findMany({ where: { action: "pacs.read", actorId: f.users[actor].id } });
      expect(events, actor).toHaveLength(1);
      expect(events[0]).toMatchObject({ entityId: CT_LIVER_STUDY, patientId: f.patientA.id, detail: { resource: "images (first read this minute)" } });
    }
  });
});

describe("a series' frames through the PACS proxy, fetched ahead and shared", () => {
  it("are fetched ahead once a reader opens the series (reads its metadata): the viewer's frames then do not reach the PACS", async () => {
    forgetPacsFrames();
    const { cookie } = await cookieFor(f.users.specialist.id);
    asked().length = 0;
    const metadata = await ask(metadataUrl(), cookie, "application/dicom+json");
    expect(metadata).not.toBeNull();
    expect(JSON.parse((await bytesOf(metadata!)).toString("utf8"))).toHaveLength(sops.length);
    await pacsFramesSettled();
    // Each frame asked of the PACS once, by the fetch ahead.
    expect(framesAsked().sort()).toEqual(sops.map((sop) => `/studies/${CT_LIVER_STUDY}/series/${seriesUid}/instances/${sop}/frames/1`).sort());

    asked().length = 0;
    for (let i = 0; i < sops.length; i++) {
      const frame = await ask(frameUrl(i), cookie);
      expect(pixels(frame!.contentType, await bytesOf(frame!)).length).toBe(512 * 512 * 2);
    }
    expect(asked()).toHaveLength(0);
  });

  it("are fetched ahead at most once a minute per series, however many followers open it", async () => {
    const { cookie } = await cookieFor(f.users.chair.id);
    forgetPacsFrames();
    asked().length = 0;
    await Promise.all(Array.from({ length: 5 }, async () => bytesOf((await ask(metadataUrl(), cookie, "application/dicom+json"))!)));
    await pacsFramesSettled();
    expect(framesAsked()).toHaveLength(sops.length);
  });

  it("opened by twenty followers at once, is read from the PACS once, and each frame fetched once", async () => {
    forgetPacsFrames();
    forgetPacsMetadata();
    const { cookie } = await cookieFor(f.users.chair.id);
    asked().length = 0;
    const metadata = await Promise.all(Array.from({ length: 20 }, async () => JSON.parse((await bytesOf((await ask(metadataUrl(), cookie, "application/dicom+json"))!)).toString("utf8")) as unknown[]));
    expect(metadata.every((m) => m.length === sops.length)).toBe(true);
    await pacsFramesSettled();
    expect(asked().filter((path) => path.endsWith("/metadata"))).toHaveLength(1);
    expect(framesAsked()).toHaveLength(sops.length);
  });

  it("start nothing for a reader who is refused the study", async () => {
    forgetPacsFrames();
    asked().length = 0;
    const { cookie } = await cookieFor(f.users.outsiderChair.id);
    expect(await ask(metadataUrl(), cookie, "application/dicom+json")).toBeNull();
    expect(await ask(metadataUrl(), undefined, "application/dicom+json")).toBeNull();
    await pacsFramesSettled();
    expect(asked()).toHaveLength(0);
  });

  it("are not fetched ahead when the site turned it off (CONCILIUM_PACS_PREFETCH=off)", async () => {
    forgetPacsFrames();
    process.env.CONCILIUM_PACS_PREFETCH = "off";
    try {
      const { cookie } = await cookieFor(f.users.chair.id);
      asked().length = 0;
      await bytesOf((await ask(metadataUrl(), cookie, "application/dicom+json"))!);
      await pacsFramesSettled();
      expect(framesAsked()).toHaveLength(0);
    } finally {
      delete process.env.CONCILIUM_PACS_PREFETCH;
    }
  });

  it("asked by twenty readers at once, reach the PACS once, and every reader gets the same pixels", async () => {
    forgetPacsFrames();
    const { cookie } = await cookieFor(f.users.chair.id);
    asked().length = 0;
    const answers = await Promise.all(Array.from({ length: 20 }, async () => {
      const answer = await ask(frameUrl(2), cookie);
      return pixels(answer!.contentType, await bytesOf(answer!));
    }));
    await pacsFramesSettled();
    expect(framesAsked()).toHaveLength(1);
    expect(answers[0]!.length).toBe(512 * 512 * 2);
    // Buffer.equals: a deep toEqual of twenty 512 KiB buffers takes the test runner some 20 s.
    expect(answers.filter((answer) => !answer.equals(answers[0]!))).toHaveLength(0);
  });
});

describe("a longer series through the PACS proxy, fetched ahead in one read of the series", () => {
  const LIDC_FILES = Array.from({ length: 12 }, (_, i) => `${String(i + 1).padStart(6, "0")}.dcm`);
  let lidcStudy = "";
  let lidcSeries = "";
  let lidcSops: string[] = [];

  beforeAll(async () => {
    for (const file of LIDC_FILES) await orthanc.upload(readFileSync(sharedDemoDataPath(["radiology", "lidc-idri-0001", file])));
    const json = { Authorization: directAuth(), Accept: "application/dicom+json" };
    const instances = (await (await fetch(`${orthanc.dicomwebUrl}/instances?includefield=0020000D,0020000E`, { headers: json })).json()) as Record<string, { Value: string[] }>[];
    const lidc = instances.filter((i) => i["0020000D"]!.Value[0] !== CT_LIVER_STUDY);
    lidcStudy = lidc[0]!["0020000D"]!.Value[0]!;
    lidcSeries = lidc[0]!["0020000E"]!.Value[0]!;
    lidcSops = lidc.map((i) => i["00080018"]!.Value[0]!);
    await f.db.imagingStudy.create({ data: { patientId: f.patientA.id, studyInstanceUid: lidcStudy, modality: "CT", studyDate: new Date("2000-01-01T00:00:00Z"), description: "", source: "DICOMWEB" } });
  }, 60_000);

  /** Opens the series (its metadata) as the viewer does, and waits for what the proxy fetched ahead. */
  async function openSeries(series: string, cookie: string) {
    forgetPacsFrames();
    asked().length = 0;
    await bytesOf((await ask(`/api/pacs/studies/${lidcStudy}/series/${series}/metadata`, cookie, "application/dicom+json"))!);
    await pacsFramesSettled();
  }

  /** Reads each frame through the proxy and checks its pixels against Orthanc's own answer; the proxy's content types. */
  async function expectThePacsPixels(series: string, sops: string[], cookie: string): Promise<string[]> {
    asked().length = 0;
    const types: string[] = [];
    for (const sop of sops) {
      const path = `studies/${lidcStudy}/series/${series}/instances/${sop}/frames/1`;
      const viaProxy = await ask(`/api/pacs/${path}`, cookie);
      const direct = await fetch(`${orthanc.dicomwebUrl}/${path}`, { headers: { Authorization: directAuth(), Accept: FRAME_ACCEPT } });
      const directPixels = pixels(direct.headers.get("content-type"), Buffer.from(await direct.arrayBuffer()));
      expect(pixels(viaProxy!.contentType, await bytesOf(viaProxy!)).equals(directPixels), sop).toBe(true);
      types.push(viaProxy!.contentType ?? "");
    }
    return types;
  }

  it("reads the frames nearest the middle one by one and the rest in one read of the series; every frame is the PACS's pixels", async () => {
    expect(lidcSops).toHaveLength(LIDC_FILES.length);
    const { cookie } = await cookieFor(f.users.specialist.id);
    await openSeries(lidcSeries, cookie);
    // Four frames one by one, then the series once.
    expect(framesAsked()).toHaveLength(4);
    expect(asked().filter((path) => path === `/studies/${lidcStudy}/series/${lidcSeries}`)).toHaveLength(1);

    const types = await expectThePacsPixels(lidcSeries, lidcSops, cookie);
    expect(types.every((type) => type.includes("transfer-syntax=1.2.840.10008.1.2.1"))).toBe(true);
    // Served from memory: the proxy asked the PACS for none of them.
    expect(asked().filter((path) => path.startsWith(`/studies/${lidcStudy}`))).toHaveLength(0);
  });

  it("leaves a compressed series to the per-frame path: the series read stops at its first instance, and every frame is still the PACS's", async () => {
    // Not skipped without gdcmconv: the test says what is missing (.ci/run installs libgdcm-tools), as codecs.int.test does.
    if (!hasGdcmconv()) throw new Error("This test needs gdcmconv: apt-get install -y libgdcm-tools.");
    const original = readFileSync(sharedDemoDataPath(["radiology", "lidc-idri-0001", "000066.dcm"]));
    const series = newUid();
    const sopsOfSeries = Array.from({ length: 8 }, () => newUid());
    for (const instance of sopsOfSeries) await orthanc.upload(gdcmconv(withNewUids(original, { series, instance }), ["--jpegls"]));
    const { cookie } = await cookieFor(f.users.specialist.id);
    await openSeries(series, cookie);
    expect(framesAsked()).toHaveLength(4);
    expect(asked().filter((path) => path === `/studies/${lidcStudy}/series/${series}`)).toHaveLength(1);

    await expectThePacsPixels(series, sopsOfSeries, cookie);
    // The four read ahead one by one came from memory; the other four were asked of the PACS when the viewer asked.
    expect(framesAsked()).toHaveLength(4);
  });
});

