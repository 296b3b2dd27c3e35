import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DicomJson } from "@/integrations/dicomweb/dicom-json";
import { parseMediaType } from "@/integrations/dicomweb/media-type";
import { parseMultipart, writeMultipart } from "@/integrations/dicomweb/multipart";
import { daikonSample, sharedSample } from "@/integrations/dicomweb/test-support/sample-files";
import { newUid, syntheticImage } from "@/integrations/dicomweb/test-support/synthetic-image";
import type { Context } from "@/server/api/trpc";
import type { Database } from "@/server/database/open-database";
import { loadSessionUser } from "@/server/services/auth/load-session-user";
import { createPeer, revokePeer } from "@/server/services/dicomweb-peers/peer-credential";
import { bytesSource, HELD_FOR_REVIEW, importDicom, SENDER_NOT_ON_BOARD } from "@/server/services/imaging/import-dicom";
import { ACTORS, createFixture, type ActorKey, type Fixture } from "@/server/testing/fixture";
import { createTestDatabase } from "@/server/testing/test-database";
import * as routes from "./_lib/handlers";
import { dicomweb } from "./_lib/http";
import type { DicomwebRoute, PathParams } from "./_lib/serve";

// The edge reads the session through createContext: here the test decides who is signed in.
let signedIn: Context;
vi.mock("@/server/api/context", () => ({ createContext: async () => signedIn }));
const { withGuard } = await import("@/server/http/with-guard");

let database: Database;
let f: Fixture;
const cli = { id: null, email: "import-cli" };
const BASE = "http://localhost/api/dicomweb";

/** A DICOMweb resource called as its route.ts does: through the HTTP edge, with the test's user signed in. */
async function call<P extends PathParams>(route: DicomwebRoute<P>, params: P, path: string, init: RequestInit & { as?: ActorKey } = {}) {
  const actor = init.as ?? "chair";
  signedIn = { db: f.db, user: actor === "anonymous" ? null : await loadSessionUser(f.db, f.users[actor].id) };
  const policy = route === routes.storeStudies ? "dicomweb.store" : route.scope === "study" ? "dicomweb.study" : "dicomweb.search";
  return withGuard(policy, dicomweb(route))(new Request(`${BASE}${path}`, init), { params: Promise.resolve(params as P & Record<string, string>) });
}

async function partsOf(response: Response) {
  const type = parseMediaType(response.headers.get("content-type") ?? "");
  expect(type.type).toBe("multipart/related");
  return parseMultipart(new Uint8Array(await response.arrayBuffer()), type.params.boundary!);
}

function stowBody(files: Uint8Array[]) {
  const { body, boundary } = writeMultipart(files.map((bytes, i) => ({ contentType: "application/dicom", body: bytes, headers: { "Content-Location": `file-${i}.dcm` } })));
  return { body: body as BodyInit, headers: { "Content-Type": `multipart/related; type="application/dicom"; boundary=${boundary}` } };
}

// Patient A-1 (board A); the liver CT's and the compressed samples' patients are added to board A below.
const study = newUid();
const series = newUid();
const images = [1, 2, 3].map((n) => syntheticImage({ patientId: "A-1", patientName: "Testperson^A", study, series, instanceNumber: n }));
const multiFrame = syntheticImage({ patientId: "A-1", patientName: "Testperson^A", study, series: newUid(), frames: 3, rows: 8, columns: 6, instanceNumber: 1 });
let liver: { study: string; segSeries: string; seg: string };
let compressed: { study: string; series: string; j2k: string; rleStudy: string; rleSeries: string; rle: string };

beforeAll(async () => {
  database = await createTestDatabase();
  f = await createFixture(database.prisma);
  const addPatient = async (mrn: string, familyName: string) => {
    const patient = await f.db.patient.create({ data: { mrn, familyName, givenName: "X", birthDate: new Date("1950-01-01T00:00:00Z"), sex: "OTHER", researchPseudonym: `CON-${mrn}` } });
    await f.db.case.create({ data: { patientId: patient.id, boardId: f.boardA.id, questionType: "OTHER", clinicalQuestion: "?", referringUserId: f.users.specialist.id } });
  };
  await addPatient("99000", "JANCT000");
  await addPatient("1CT1", "CompressedSamples");
  const real = await importDicom(f.db, cli, [
    bytesSource("seg", sharedSample("radiology", "dcmqi-ct-liver", "seg-partial-overlaps.dcm")),
    bytesSource("ct", sharedSample("radiology", "dcmqi-ct-liver", "01.dcm")),
    bytesSource("j2k", daikonSample("jpeg_2000.dcm")),
    bytesSource("rle", daikonSample("rle.dcm")),
    // The samples' names and birth dates are not those of the patients made for them above.
  ], { matchOn: "patient-id-only" });
  expect(real.stored).toBe(4);
  const [seg, , j2k, rle] = real.files;
  liver = { study: seg!.studyInstanceUid!, segSeries: seg!.seriesInstanceUid!, seg: seg!.sopInstanceUid! };
  compressed = { study: j2k!.studyInstanceUid!, series: j2k!.seriesInstanceUid!, j2k: j2k!.sopInstanceUid!, rleStudy: rle!.studyInstanceUid!, rleSeries: rle!.seriesInstanceUid!, rle: rle!.sopInstanceUid! };
});
afterAll(async () => database.close());

describe("STOW-RS POST /studies", () => {
  it("stores matching files, quarantines a mismatch, fails a non-DICOM part: 202 with DICOM JSON", async () => {
    const mismatch = syntheticImage({ patientId: "A-1", patientName: "Other^Person", study: newUid(), series: newUid() });
    const response = await call(routes.storeStudies, {}, "/studies", { method: "POST", ...stowBody([...images.map((i) => i.bytes), multiFrame.bytes, mismatch.bytes, new TextEncoder().encode("hello")]) });
    expect(response.status).toBe(202);
    expect(response.headers.get("content-type")).toBe("application/dicom+json");
    expect(response.headers.get("warning")).toMatch(/1 instance\(s\) held in quarantine/);
    const json = (await response.json()) as DicomJson;
    const referenced = json["00081199"]!.Value as DicomJson[];
    expect(referenced.map((r) => r["00081155"]!.Value![0])).toEqual([...images.map((i) => i.sop), multiFrame.sop, mismatch.sop]);
    expect(referenced[0]!["00081190"]!.Value![0]).toBe(`/api/dicomweb/studies/${study}/series/${series}/instances/${images[0]!.sop}`);
    expect(referenced[4]!["00081190"]).toBeUndefined();
    expect((json["00081198"]!.Value as DicomJson[])[0]!["00081197"]).toEqual({ vr: "US", Value: [0xc000] });
  });

  it("answers the app's upload page per file with Accept: application/json; a repeat is all duplicates (200)", async () => {
    const fresh = [1, 2].map((n) => syntheticImage({ patientId: "A-1", patientName: "Testperson^A", study: newUid(), series: newUid(), instanceNumber: n }).bytes);
    const upload = (files: Uint8Array[]) => {
      const { body, headers } = stowBody(files);
      return call(routes.storeStudies, {}, "/studies", { method: "POST", body, headers: { ...headers, Accept: "application/json" } });
    };
    const first = await upload([...fresh, new Uint8Array(10)]);
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({
      stored: 2,
      duplicates: 0,
      rejected: [{ name: "file-2.dcm", reason: "Not a DICOM file: no 'DICM' preamble (only 10 bytes)" }],
      files: [{ name: "file-0.dcm", status: "stored" }, { name: "file-1.dcm", status: "stored" }, { name: "file-2.dcm", status: "rejected" }],
    });
    const again = await upload(fresh);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ stored: 0, duplicates: 2, files: [{ status: "duplicate" }, { status: "duplicate" }] });
  });

  it("answers 409 when nothing was accepted, 413 above the size limit, 415 for other media types", async () => {
    const bad = await call(routes.storeStudies, {}, "/studies", { method: "POST", ...stowBody([new Uint8Array(200)]) });
    expect(bad.status).toBe(409);
    const previous = process.env.CONCILIUM_MAX_UPLOAD_BYTES;
    process.env.CONCILIUM_MAX_UPLOAD_BYTES = "100";
    try {
      const huge = await call(routes.storeStudies, {}, "/studies", { method: "POST", ...stowBody([new Uint8Array(2 * 1024 * 1024)]) });
      expect(huge.status).toBe(413);
      expect((await huge.json()).error).toMatch(/larger than the limit of 100 bytes per request/);
    } finally {
      if (previous === undefined) delete process.env.CONCILIUM_MAX_UPLOAD_BYTES;
      else process.env.CONCILIUM_MAX_UPLOAD_BYTES = previous;
    }
    const json = await call(routes.storeStudies, {}, "/studies", { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } });
    expect(json.status).toBe(415);
  });

  it("answers 413 for more than 10,000 parts without importing any, in well under a second per 10,000", async () => {
    const boundary = "many";
    const body = `${"--many\r\nContent-Type: application/dicom\r\n\r\n\r\n".repeat(40_000)}--many--\r\n`;
    const before = await f.db.auditEvent.count({ where: { action: "imaging.import" } });
    const started = performance.now();
    const response = await call(routes.storeStudies, {}, "/studies", { method: "POST", body, headers: { "Content-Type": `multipart/related; type="application/dicom"; boundary=${boundary}` } });
    expect(response.status).toBe(413);
    expect((await response.json()).error).toBe("The upload has more than 10,000 parts; send at most 10,000 files per request.");
    expect(performance.now() - started).toBeLessThan(5000);
    expect(await f.db.auditEvent.count({ where: { action: "imaging.import" } })).toBe(before);
  });

  it("refuses a file with a 10,000-character PatientName, naming the attribute; nothing is stored or held", async () => {
    const long = syntheticImage({ patientId: "A-1", patientName: `${"X".repeat(9_995)}^Anna`, study: newUid(), series: newUid() });
    const { body, headers } = stowBody([long.bytes]);
    const response = await call(routes.storeStudies, {}, "/studies", { method: "POST", body, headers: { ...headers, Accept: "application/json" } });
    expect(response.status).toBe(409);
    expect((await response.json()).rejected).toEqual([
      { name: "file-0.dcm", reason: "The file's PatientName (0010,0010) is 10,000 characters long; DICOM allows at most 64 per name component group (PN). The file was not imported: please correct it at its source." },
    ]);
    expect(await f.db.quarantinedStudy.count({ where: { dicomPatientName: { contains: "XXXX" } } })).toBe(0);
  });

  it("refuses the administrator and anonymous callers", async () => {
    expect((await call(routes.storeStudies, {}, "/studies", { method: "POST", ...stowBody([images[0]!.bytes]), as: "admin" })).status).toBe(403);
    expect((await call(routes.storeStudies, {}, "/studies", { method: "POST", ...stowBody([images[0]!.bytes]), as: "anonymous" })).status).toBe(401);
  });
});

describe("STOW-RS from someone who is not on the patient's board", () => {
  type AppAnswer = { stored: number; duplicates: number; quarantined: { id: string; name: string; reason: string }[]; rejected: unknown[]; files: { name: string; status: string; reason?: string }[] };
  async function upload(files: Uint8Array[], as: ActorKey) {
    const { body, headers } = stowBody(files);
    const response = await call(routes.storeStudies, {}, "/studies", { method: "POST", body, headers: { ...headers, Accept: "application/json" }, as });
    const json = (await response.json()) as AppAnswer;
    // Quarantine IDs are fresh for every entry: what the sender learns is the rest.
    return { status: response.status, warning: response.headers.get("warning"), ...json, quarantined: json.quarantined.map(({ id: _id, ...rest }) => rest) };
  }

  it("holds a CT naming another board's patient (right Patient ID, empty name and birth date) and answers as for an unknown MRN", async () => {
    const heldStudy = newUid();
    const ct = syntheticImage({ patientId: "A-1", patientName: "", birthDate: "", study: heldStudy, series: newUid() });
    const answer = await upload([ct.bytes], "outsiderChair");
    expect(answer).toMatchObject({ status: 202, stored: 0, files: [{ name: "file-0.dcm", status: "quarantined", reason: HELD_FOR_REVIEW }] });
    expect(await f.db.dicomInstance.count({ where: { sopInstanceUid: ct.sop } })).toBe(0);
    const nobody = await upload([syntheticImage({ patientId: "NOBODY-1", patientName: "", birthDate: "", study: newUid(), series: newUid() }).bytes], "outsiderChair");
    expect(answer).toEqual(nobody);
    // The reviewer on the patient's board sees why.
    const held = await f.db.quarantinedStudy.findFirstOrThrow({ where: { studyInstanceUid: heldStudy } });
    expect(held).toMatchObject({ candidatePatientId: f.patientA.id, reason: SENDER_NOT_ON_BOARD });
  });

  it("does not tell a non-member that a family name or birth date differs, or that an instance is already stored", async () => {
    const misnamed = await upload([syntheticImage({ patientId: "A-1", patientName: "Other^Person", study: newUid(), series: newUid() }).bytes], "outsiderChair");
    const stored = await upload([images[0]!.bytes], "outsiderChair");
    const unknown = await upload([syntheticImage({ patientId: "NOBODY-2", patientName: "Other^Person", study: newUid(), series: newUid() }).bytes], "outsiderChair");
    for (const answer of [misnamed, stored]) expect(answer).toEqual(unknown);
    expect(JSON.stringify([misnamed.files, stored.files])).not.toMatch(/differs|duplicate|already/i);
  });

  it("still tells a member what is wrong with their own patient's images, and that a repeat is a duplicate", async () => {
    const unnamed = await upload([syntheticImage({ patientId: "A-1", patientName: "", study: newUid(), series: newUid() }).bytes], "specialist");
    expect(unnamed.files).toEqual([{ name: "file-0.dcm", status: "quarantined", reason: "The images carry no family name to compare with the patient record." }]);
    expect((await upload([images[0]!.bytes], "specialist")).files).toEqual([{ name: "file-0.dcm", status: "duplicate" }]);
  });
});

describe("QIDO-RS", () => {
  it("finds stored studies of the user's patients only, by PatientID, date range and modality", async () => {
    const found = (await (await call(routes.searchForStudies, {}, "/studies?PatientID=A-1")).json()) as DicomJson[];
    const mine = found.find((s) => s["0020000D"]!.Value![0] === study)!;
    expect(mine["00100020"]).toEqual({ vr: "LO", Value: ["A-1"] });
    expect(mine["00201208"]).toEqual({ vr: "IS", Value: [4] });
    expect(mine["00080061"]).toEqual({ vr: "CS", Value: ["CT"] });
    const inRange = (await (await call(routes.searchForStudies, {}, "/studies?StudyDate=20240101-20240131&ModalitiesInStudy=CT")).json()) as DicomJson[];
    expect(inRange.map((s) => s["0020000D"]!.Value![0])).toContain(study);
    expect(await (await call(routes.searchForStudies, {}, "/studies?StudyDate=-20231231&PatientID=A-1")).json()).toEqual([]);
    const segs = (await (await call(routes.searchForStudies, {}, "/studies?ModalitiesInStudy=SEG")).json()) as DicomJson[];
    expect(segs.map((s) => s["0020000D"]!.Value![0])).toEqual([liver.study]);
    expect(await (await call(routes.searchForStudies, {}, "/studies?PatientID=A-1", { as: "outsiderChair" })).json()).toEqual([]);
    const limited = (await (await call(routes.searchForStudies, {}, "/studies?limit=1&offset=1")).json()) as DicomJson[];
    expect(limited).toHaveLength(1);
  });

  it("refuses malformed queries with 400 and warns about keys it does not match on", async () => {
    const bad = await call(routes.searchForStudies, {}, "/studies?StudyDate=yesterday");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/YYYYMMDD/);
    const warned = await call(routes.searchForStudies, {}, "/studies?PatientName=Doe");
    expect(warned.headers.get("warning")).toMatch(/PatientName/);
  });

  it("lists a study's series and a series' instances", async () => {
    const seriesList = (await (await call(routes.searchForSeries, { study }, `/studies/${study}/series`)).json()) as DicomJson[];
    expect(seriesList.map((s) => s["0020000E"]!.Value![0])).toContain(series);
    const instances = (await (await call(routes.searchForInstances, { study, series }, `/studies/${study}/series/${series}/instances`)).json()) as DicomJson[];
    expect(instances.map((i) => i["00080018"]!.Value![0])).toEqual(images.map((i) => i.sop));
    expect(instances[0]!["00280010"]).toEqual({ vr: "US", Value: [4] });
  });
});

describe("WADO-RS", () => {
  it("returns study, series and instance metadata as DICOM JSON with VRs, audited once per request", async () => {
    const before = await f.db.auditEvent.count({ where: { action: "dicomweb.read" } });
    const response = await call(routes.retrieveStudyMetadata, { study }, `/studies/${study}/metadata`);
    expect(response.status).toBe(200);
    const instances = (await response.json()) as DicomJson[];
    expect(instances).toHaveLength(4);
    for (const instance of instances) for (const element of Object.values(instance)) expect(element.vr).toMatch(/^[A-Z]{2}$/);
    expect(instances[0]!["00100010"]).toEqual({ vr: "PN", Value: [{ Alphabetic: "Testperson^A" }] });
    const events = await f.db.auditEvent.findMany({ where: { action: "dicomweb.read" }, orderBy: { id: "desc" }, take: 1 });
    expect(await f.db.auditEvent.count({ where: { action: "dicomweb.read" } })).toBe(before + 1);
    expect(events[0]).toMatchObject({ patientId: f.patientA.id, actorId: f.users.chair.id, entityId: study });

    const seriesJson = (await (await call(routes.retrieveSeriesMetadata, { study, series }, `/studies/${study}/series/${series}/metadata`)).json()) as DicomJson[];
    expect(seriesJson).toHaveLength(3);
    const one = (await (await call(routes.retrieveInstanceMetadata, { study, series, instance: images[1]!.sop }, "/x")).json()) as DicomJson[];
    expect(one[0]!["00080018"]!.Value).toEqual([images[1]!.sop]);
  });

  it("returns a native frame with the right byte count and its transfer syntax", async () => {
    const [part] = await partsOf(await call(routes.retrieveFrames, { study, series, instance: images[0]!.sop, frames: "1" }, "/frames/1"));
    expect(part!.body.length).toBe(4 * 4 * 2);
    expect(part!.headers["content-type"]).toBe("application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1");
  });

  it("returns frames of a multi-frame image and of the SEG, and 404 for a frame that does not exist", async () => {
    const seriesOfMulti = (await f.db.dicomInstance.findUniqueOrThrow({ where: { sopInstanceUid: multiFrame.sop }, include: { series: true } })).series.seriesInstanceUid;
    const multi = await partsOf(await call(routes.retrieveFrames, { study, series: seriesOfMulti, instance: multiFrame.sop, frames: "1,3" }, "/f"));
    expect(multi.map((p) => p.body.length)).toEqual([8 * 6 * 2, 8 * 6 * 2]);
    const seg = await partsOf(await call(routes.retrieveFrames, { study: liver.study, series: liver.segSeries, instance: liver.seg, frames: "1,2,3,4,5,6,7" }, "/f"));
    expect(seg.map((p) => p.body.length)).toEqual(Array(7).fill((512 * 512) / 8));
    const missing = await call(routes.retrieveFrames, { study: liver.study, series: liver.segSeries, instance: liver.seg, frames: "8" }, "/f");
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toBe("Frame 8 does not exist: this image has 7 frame(s).");
  });

  it("sends each frame once however often it is asked for, and at most 100 different frames per request (400)", async () => {
    const seriesOfMulti = (await f.db.dicomInstance.findUniqueOrThrow({ where: { sopInstanceUid: multiFrame.sop }, include: { series: true } })).series.seriesInstanceUid;
    const path = (frames: string) => call(routes.retrieveFrames, { study, series: seriesOfMulti, instance: multiFrame.sop, frames }, "/f");
    const repeated = await partsOf(await path(Array(1000).fill("2").join(",")));
    expect(repeated.map((p) => p.body.length)).toEqual([8 * 6 * 2]);
    expect((await partsOf(await path("3,1,3,1"))).length).toBe(2);
    const tooMany = await path(Array.from({ length: 101 }, (_, i) => i + 1).join(","));
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error).toBe("At most 100 different frames can be asked for at once (got 101); ask in several requests.");
  });

  it("sends compressed frames as stored for transfer-syntax=*, decodes RLE for uncompressed requests, 406 otherwise", async () => {
    const any = { headers: { Accept: "multipart/related; type=application/octet-stream; transfer-syntax=*" } };
    const [j2k] = await partsOf(await call(routes.retrieveFrames, { study: compressed.study, series: compressed.series, instance: compressed.j2k, frames: "1" }, "/f", any));
    expect(j2k!.headers["content-type"]).toBe("application/octet-stream; transfer-syntax=1.2.840.10008.1.2.4.91");
    expect([j2k!.body[0], j2k!.body[1]]).toEqual([0xff, 0x4f]);

    const uncompressed = { headers: { Accept: 'multipart/related; type="application/octet-stream"' } };
    const refused = await call(routes.retrieveFrames, { study: compressed.study, series: compressed.series, instance: compressed.j2k, frames: "1" }, "/f", uncompressed);
    expect(refused.status).toBe(406);
    expect((await refused.json()).error).toMatch(/transfer-syntax=\*/);

    const [rle] = await partsOf(await call(routes.retrieveFrames, { study: compressed.rleStudy, series: compressed.rleSeries, instance: compressed.rle, frames: "1" }, "/f", uncompressed));
    expect(rle!.body.length).toBe(512 * 512 * 2);
    expect(rle!.headers["content-type"]).toBe("application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1");
  });

  it("returns the Part 10 file and the pixel data bulk data", async () => {
    const [file] = await partsOf(await call(routes.retrieveInstance, { study, series, instance: images[2]!.sop }, "/i", { headers: { Accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' } }));
    expect(file!.headers["content-type"]).toBe("application/dicom");
    expect(Buffer.from(file!.body).equals(Buffer.from(images[2]!.bytes))).toBe(true);
    const bulk = await partsOf(await call(routes.retrieveBulkData, { study: liver.study, series: liver.segSeries, instance: liver.seg, tag: "7FE00010" }, "/b"));
    expect(bulk.map((p) => p.body.length)).toEqual([(7 * 512 * 512) / 8]);
  });

  it("renders PNG or JPEG and thumbnails of instances and series, JPEG 2000 included", async () => {
    const png = await call(routes.retrieveRendered, { study, series, instance: images[0]!.sop }, "/r", { headers: { Accept: "image/png" } });
    expect(png.headers.get("content-type")).toBe("image/png");
    expect((await sharp(Buffer.from(await png.arrayBuffer())).metadata()).width).toBe(4);

    const thumb = await call(routes.retrieveSeriesThumbnail, { study: liver.study, series: liver.segSeries }, "/t?viewport=64,64");
    expect(thumb.headers.get("content-type")).toBe("image/jpeg");
    expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).width).toBe(64);

    const rle = await call(routes.retrieveInstanceThumbnail, { study: compressed.rleStudy, series: compressed.rleSeries, instance: compressed.rle }, "/t");
    expect((await sharp(Buffer.from(await rle.arrayBuffer())).metadata()).width).toBe(192);

    const j2k = await call(routes.retrieveInstanceThumbnail, { study: compressed.study, series: compressed.series, instance: compressed.j2k }, "/t");
    expect(j2k.status).toBe(200);
    expect(j2k.headers.get("content-type")).toBe("image/jpeg");
    expect((await sharp(Buffer.from(await j2k.arrayBuffer())).stats()).channels[0]!.stdev).toBeGreaterThan(5);
    expect((await call(routes.retrieveRendered, { study, series, instance: images[0]!.sop }, "/r?window=40,0")).status).toBe(400);
  });

  it("audits frame and image reads at most once per user, series and minute", async () => {
    const count = () => f.db.auditEvent.count({ where: { action: "dicomweb.read", actorId: f.users.specialist.id } });
    const before = await count();
    for (const image of images) await call(routes.retrieveFrames, { study, series, instance: image.sop, frames: "1" }, "/f", { as: "specialist" });
    await call(routes.retrieveRendered, { study, series, instance: images[0]!.sop }, "/r", { as: "specialist" });
    expect(await count()).toBe(before + 1);
  });
});

describe("access and addressing", () => {
  it("answers a non-member as for an unknown study (404), refuses the administrator and the researcher (403) and anonymous callers (401); denials are audited", async () => {
    const before = await f.db.auditEvent.count();
    for (const actor of ACTORS) {
      const response = await call(routes.retrieveStudyMetadata, { study }, "/m", { as: actor });
      const expected = { chair: 200, specialist: 200, coordinator: 200, outsiderChair: 404, admin: 403, researcher: 403, anonymous: 401 }[actor];
      expect(response.status, actor).toBe(expected);
      if (expected !== 200) expect((await response.json()).error).toBeTruthy();
    }
    const outsider = await call(routes.retrieveFrames, { study, series, instance: images[0]!.sop, frames: "1" }, "/f", { as: "outsiderChair" });
    expect(await outsider.json()).toEqual({ error: "Not found." });
    // Three reads, and four denials (outsider twice, administrator and researcher once); the anonymous caller has no one to audit.
    expect(await f.db.auditEvent.count()).toBe(before + 7);
    expect(await f.db.auditEvent.count({ where: { action: "dicomweb.study.denied", entityId: study, actorId: f.users.outsiderChair.id, patientId: f.patientA.id } })).toBe(2);
  });

  it("answers 400 for invalid UIDs and frame lists, 404 for unknown ones", async () => {
    const invalid = await call(routes.retrieveStudyMetadata, { study: "../../etc" }, "/m");
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error).toBe('StudyInstanceUID "../../etc" is not a valid DICOM UID.');
    expect((await call(routes.retrieveSeriesMetadata, { study, series: "1..2" }, "/m")).status).toBe(400);
    expect((await call(routes.retrieveFrames, { study, series, instance: images[0]!.sop, frames: "0" }, "/f")).status).toBe(400);
    const unknownStudy = await call(routes.retrieveStudyMetadata, { study: "1.2.3.4.5" }, "/m");
    expect(unknownStudy.status).toBe(404);
    expect(await unknownStudy.json()).toEqual({ error: "Not found." });
    expect((await call(routes.retrieveSeriesMetadata, { study, series: "1.2.3" }, "/m")).status).toBe(404);
    expect((await call(routes.retrieveInstanceMetadata, { study, series, instance: "1.2.3" }, "/m")).status).toBe(404);
    expect((await call(routes.retrieveBulkData, { study, series, instance: images[0]!.sop, tag: "00100010" }, "/b")).status).toBe(404);
  });
});

describe("WADO-RS retrieve of a whole study or series", () => {
  const DICOM = { Accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' };

  it("sends every instance of the study, then of one series, as stored, in instance order; one audit event per request", async () => {
    const before = await f.db.auditEvent.count({ where: { action: "dicomweb.read" } });
    const response = await call(routes.retrieveStudy, { study }, `/studies/${study}`, { headers: DICOM });
    expect(response.status).toBe(200);
    expect(parseMediaType(response.headers.get("content-type")!).params.type).toBe("application/dicom");
    const parts = await partsOf(response);
    const expected = new Map([...images, multiFrame].map((i) => [i.sop, i.bytes]));
    expect(parts).toHaveLength(expected.size);
    for (const part of parts) {
      expect(part.headers["content-type"]).toBe("application/dicom");
      const match = [...expected.values()].some((bytes) => Buffer.from(bytes).equals(Buffer.from(part.body)));
      expect(match).toBe(true);
    }
    const seriesParts = await partsOf(await call(routes.retrieveSeries, { study, series }, `/studies/${study}/series/${series}`));
    expect(seriesParts.map((p) => Buffer.from(p.body))).toEqual(images.map((i) => Buffer.from(i.bytes)));
    const events = await f.db.auditEvent.findMany({ where: { action: "dicomweb.read", id: { gt: 0 } }, orderBy: { id: "desc" }, take: 2 });
    expect(await f.db.auditEvent.count({ where: { action: "dicomweb.read" } })).toBe(before + 2);
    expect(events.map((e) => (e.detail as { resource: string }).resource)).toEqual(["series (3 instances)", "study (4 instances)"]);
    expect(events[1]).toMatchObject({ patientId: f.patientA.id, actorId: f.users.chair.id, entityId: study });
  });

  it("answers 406 for a transfer syntax other than as stored, 404 for an unknown series, and refuses as the instance route does", async () => {
    const explicit = await call(routes.retrieveStudy, { study }, "/s", { headers: { Accept: 'multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.4.50' } });
    expect(explicit.status).toBe(406);
    expect(explicit.headers.get("content-type")).toContain("json");
    expect((await call(routes.retrieveSeries, { study, series }, "/s", { headers: { Accept: "application/zip" } })).status).toBe(406);
    expect((await call(routes.retrieveSeries, { study, series: "1.2.3" }, "/s")).status).toBe(404);
    expect((await call(routes.retrieveStudy, { study }, "/s", { as: "outsiderChair" })).status).toBe(404);
    expect((await call(routes.retrieveStudy, { study }, "/s", { as: "researcher" })).status).toBe(403);
    expect((await call(routes.retrieveStudy, { study }, "/s", { as: "anonymous" })).status).toBe(401);
  });
});

describe("unknown DICOMweb paths and methods", () => {
  it("answer a JSON DICOMweb error (404, 405 with Allow), never an HTML page", async () => {
    signedIn = { db: f.db, user: await loadSessionUser(f.db, f.users.chair.id) };
    const unknownPath = await (await import("./[[...path]]/route")).GET(new Request(`${BASE}/studies/${study}/nonsense`), { params: Promise.resolve({ path: ["studies", study, "nonsense"] }) });
    expect(unknownPath.status).toBe(404);
    expect(unknownPath.headers.get("content-type")).toBe("application/json");
    expect((await unknownPath.json()).error).toMatch(/no such DICOMweb resource/);
    const deleteStudy = await (await import("./studies/[study]/route")).DELETE(new Request(`${BASE}/studies/${study}`, { method: "DELETE" }), { params: Promise.resolve({ study }) });
    expect(deleteStudy.status).toBe(405);
    expect(deleteStudy.headers.get("allow")).toBe("GET");
    expect(deleteStudy.headers.get("content-type")).toBe("application/json");
    signedIn = { db: f.db, user: null };
    const anonymous = await (await import("./[[...path]]/route")).GET(new Request(`${BASE}/workitems`), { params: Promise.resolve({ path: ["workitems"] }) });
    expect([anonymous.status, anonymous.headers.get("content-type")]).toEqual([401, "application/json"]);
  });
});

describe("a DICOMweb peer with an administrator's credential", () => {
  const admin = { email: "admin-cli" };
  let tokenA: string;
  let tokenB: string;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const basic = (token: string) => ({ Authorization: `Basic ${Buffer.from(`orthanc:${token}`).toString("base64")}` });

  beforeAll(async () => {
    tokenA = (await createPeer(f.db, admin, { name: "Regional PACS", boardSlugs: ["a"] })).token;
    tokenB = (await createPeer(f.db, admin, { name: "Breast PACS", boardSlugs: ["b"] })).token;
  });

  it("stores only the token's hash, and refuses a second peer of the same name or an unknown board", async () => {
    const stored = await f.db.dicomwebPeer.findUniqueOrThrow({ where: { name: "Regional PACS" } });
    expect(stored.tokenHash).not.toContain(tokenA);
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    await expect(createPeer(f.db, admin, { name: "Regional PACS", boardSlugs: ["a"] })).rejects.toThrow(/already a peer/);
    await expect(createPeer(f.db, admin, { name: "Other", boardSlugs: ["nope"] })).rejects.toThrow(/No board/);
    expect(await f.db.auditEvent.count({ where: { action: "dicomwebPeer.create", actorEmail: "admin-cli" } })).toBe(2);
  });

  it("reads its boards' studies with Bearer or Basic, audited under its name", async () => {
    const found = await call(routes.searchForStudies, {}, "/studies", { as: "anonymous", headers: bearer(tokenA) });
    expect(found.status).toBe(200);
    expect(((await found.json()) as DicomJson[]).map((s) => s["0020000D"]!.Value![0])).toContain(study);
    const retrieved = await call(routes.retrieveStudy, { study }, `/studies/${study}`, { as: "anonymous", headers: basic(tokenA) });
    expect(retrieved.status).toBe(200);
    expect(await partsOf(retrieved)).toHaveLength(4);
    const event = await f.db.auditEvent.findFirstOrThrow({ where: { action: "dicomweb.read" }, orderBy: { id: "desc" } });
    expect(event).toMatchObject({ actorId: null, actorEmail: "dicomweb-peer:Regional PACS", patientId: f.patientA.id, entityId: study });
  });

  it("is refused another board's study (404, as unknown), any change (STOW), and nothing without a valid credential", async () => {
    const other = await call(routes.retrieveStudy, { study }, "/s", { as: "anonymous", headers: bearer(tokenB) });
    expect([other.status, await other.json()]).toEqual([404, { error: "Not found." }]);
    expect(await f.db.auditEvent.count({ where: { action: "dicomweb.study.denied", actorEmail: "dicomweb-peer:Breast PACS", entityId: study } })).toBe(1);
    const search = await call(routes.searchForStudies, {}, "/studies", { as: "anonymous", headers: bearer(tokenB) });
    expect(((await search.json()) as DicomJson[]).map((s) => s["0020000D"]!.Value![0])).not.toContain(study);
    const stow = await call(routes.storeStudies, {}, "/studies", { method: "POST", as: "anonymous", ...stowBody([images[0]!.bytes]), headers: { ...stowBody([]).headers, ...bearer(tokenA) } });
    expect(stow.status).toBe(401);

    const before = await f.db.auditEvent.count({ where: { action: "dicomweb.study.denied", actorEmail: "anonymous" } });
    for (const headers of [bearer("guessed"), basic(`${tokenA}x`), { Authorization: "Digest abc" }]) {
      const refused = await call(routes.retrieveStudy, { study }, "/s", { as: "anonymous", headers });
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
    expect(await f.db.auditEvent.count({ where: { action: "dicomweb.study.denied", actorEmail: "anonymous" } })).toBe(before + 3);

    await revokePeer(f.db, admin, "Regional PACS");
    expect((await call(routes.retrieveStudy, { study }, "/s", { as: "anonymous", headers: bearer(tokenA) })).status).toBe(401);
    expect(await f.db.auditEvent.count({ where: { action: "dicomwebPeer.revoke" } })).toBe(1);
  });
});
