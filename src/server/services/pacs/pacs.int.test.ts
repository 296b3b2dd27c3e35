import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import dcmjs from "dcmjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedDemoDataPath } from "@/integrations/demo-data/locate-demo-data";
import type { PacsConfig } from "@/integrations/pacs/pacs-config";
import { startOrthanc, type RunningOrthanc } from "@/integrations/pacs/testing/orthanc";
import { startRecordingForwarder } from "@/integrations/pacs/testing/recording-forwarder";
import type { Database } from "../../database/open-database";
import { createFixture, type Fixture } from "../../testing/fixture";
import { createTestDatabase } from "../../testing/test-database";
import { proxyPacsRequest } from "./proxy-pacs-request";
import { syncPatientStudiesFromPacs } from "./sync-patient-studies";

let orthanc: RunningOrthanc;
let database: Database;
let f: Fixture;
let pacs: PacsConfig;
let liverPatientId: string;
let wrongNamePatientId: string;

// dcmjs ships no types; the test needs only reading and writing a Part 10 file.
const { DicomMessage } = dcmjs.data as unknown as { DicomMessage: { readFile(buffer: ArrayBuffer): { dict: Record<string, { Value: unknown[] }>; write(): ArrayBuffer } } };
const toArrayBuffer = (bytes: Buffer) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

const CT_LIVER_STUDY = "1.2.392.200103.20080913.113635.0.2009.6.22.21.43.10.22941.1";

beforeAll(async () => {
  orthanc = await startOrthanc();
  for (const file of ["01.dcm", "02.dcm", "03.dcm"]) await orthanc.upload(readFileSync(sharedDemoDataPath(["radiology", "dcmqi-ct-liver", file])));
  await orthanc.upload(readFileSync(sharedDemoDataPath(["ai-results", "highdicom-tid1500", "ct_image.dcm"])));
  pacs = { name: "Test Orthanc", baseUrl: orthanc.dicomwebUrl, authorization: `Basic ${Buffer.from(`${orthanc.username}:${orthanc.password}`).toString("base64")}`, timeoutMs: 10_000 };

  database = await createTestDatabase();
  f = await createFixture(database.prisma);
  const mk = async (mrn: string, familyName: string) => {
    const patient = await f.db.patient.create({ data: { mrn, familyName, givenName: "X", birthDate: new Date("1950-01-01T00:00:00Z"), sex: "MALE", researchPseudonym: `CON-${mrn}` } });
    await f.db.case.create({ data: { patientId: patient.id, boardId: f.boardA.id, questionType: "OTHER", clinicalQuestion: "?", referringUserId: f.users.specialist.id } });
    return patient.id;
  };
  liverPatientId = await mk("99000", "Janct000");
  wrongNamePatientId = await mk("1CT1", "Somebody-Else");
}, 60_000);

afterAll(async () => {
  await orthanc?.stop();
  await database?.close();
});

const coordinator = () => f.users.coordinator;

describe("an external PACS (a real Orthanc with its DICOMweb plugin)", () => {
  it("lists the patient's PACS studies on the timeline, once", async () => {
    const first = await syncPatientStudiesFromPacs(f.db, coordinator(), pacs, liverPatientId);
    expect(first).toEqual({ added: 1, alreadyKnown: 0, mismatched: [] });
    const study = await f.db.imagingStudy.findFirstOrThrow({ where: { patientId: liverPatientId } });
    expect(study).toMatchObject({ source: "DICOMWEB", modality: "CT", numberOfInstances: 3 });
    expect(await syncPatientStudiesFromPacs(f.db, coordinator(), pacs, liverPatientId)).toEqual({ added: 0, alreadyKnown: 1, mismatched: [] });
    expect(await f.db.auditEvent.count({ where: { action: "pacs.sync", patientId: liverPatientId } })).toBe(2);
  });

  it("never attaches a study whose name disagrees with the patient, but says so", async () => {
    const result = await syncPatientStudiesFromPacs(f.db, coordinator(), pacs, wrongNamePatientId);
    expect(result.added).toBe(0);
    expect(result.mismatched[0]?.reason).toBe("Patient ID matches but the family name differs.");
    expect(await f.db.imagingStudy.count({ where: { patientId: wrongNamePatientId } })).toBe(0);
  });

  it("proxies metadata and frames with the site's credentials", async () => {
    const base = { studyUid: CT_LIVER_STUDY, accept: null, search: new URLSearchParams(), patientId: liverPatientId };
    const series = await proxyPacsRequest(f.db, coordinator(), pacs, { ...base, path: ["series"] });
    if (!("response" in series)) throw new Error(series.error);
    const seriesJson = (await series.response.json()) as Record<string, { Value: string[] }>[];
    const seriesUid = seriesJson[0]!["0020000E"]!.Value[0]!;

    const metadata = await proxyPacsRequest(f.db, coordinator(), pacs, { ...base, path: ["series", seriesUid, "metadata"] });
    if (!("response" in metadata)) throw new Error(metadata.error);
    const instances = (await metadata.response.json()) as Record<string, { Value: string[] }>[];
    expect(instances).toHaveLength(3);
    const sop = instances[0]!["00080018"]!.Value[0]!;

    const frame = await proxyPacsRequest(f.db, coordinator(), pacs, { ...base, path: ["series", seriesUid, "instances", sop, "frames", "1"] });
    if (!("response" in frame)) throw new Error(frame.error);
    expect(frame.response.headers.get("content-type")).toContain("multipart/related");
    // 512 x 512 pixels of 16 bits, plus the multipart framing.
    expect((await frame.response.arrayBuffer()).byteLength).toBeGreaterThan(512 * 512 * 2);
    // The series list and the metadata, one event each; the frames once per user, study and minute.
    expect(await f.db.auditEvent.count({ where: { action: "pacs.read", patientId: liverPatientId } })).toBe(3);
  });

  it("keeps a series' metadata, checked by the PACS's instance count on every request: an added instance shows at once", async () => {
    const base = { studyUid: CT_LIVER_STUDY, accept: null, search: new URLSearchParams(), patientId: liverPatientId };
    const series = await proxyPacsRequest(f.db, coordinator(), pacs, { ...base, path: ["series"] });
    if (!("response" in series)) throw new Error(series.error);
    const seriesUid = ((await series.response.json()) as Record<string, { Value: string[] }>[])[0]!["0020000E"]!.Value[0]!;
    // What reaches the PACS, seen by a forwarder in front of it.
    const forwarder = await startRecordingForwarder(orthanc.dicomwebUrl);
    const asked = forwarder.asked;
    const watched = { ...pacs, baseUrl: forwarder.url };
    const read = async () => {
      const metadata = await proxyPacsRequest(f.db, coordinator(), watched, { ...base, path: ["series", seriesUid, "metadata"] });
      if (!("response" in metadata)) throw new Error(metadata.error);
      return (await metadata.response.json()) as Record<string, { Value: string[] }>[];
    };
    try {
      const first = await read();
      asked.length = 0;
      expect(await read()).toEqual(first);
      // Only the cheap question: the series' instance count, not the metadata of every instance.
      expect(asked.map((url) => url.replace(/^\/studies\//, "studies/").replace(/\?.*$/, ""))).toEqual([`studies/${CT_LIVER_STUDY}/series`]);

      const copy = DicomMessage.readFile(toArrayBuffer(readFileSync(sharedDemoDataPath(["radiology", "dcmqi-ct-liver", "01.dcm"]))));
      copy.dict["00080018"]!.Value = ["2.25.987654321987654321"];
      await orthanc.upload(new Uint8Array(copy.write()));
      const after = await read();
      expect(after).toHaveLength(first.length + 1);
      expect(after.map((i) => i["00080018"]!.Value[0])).toContain("2.25.987654321987654321");
    } finally {
      forwarder.close();
    }
  });

  it("shows a series' thumbnail to a browser, which asks for images with a list of types (Orthanc refuses such a list)", async () => {
    const base = { studyUid: CT_LIVER_STUDY, search: new URLSearchParams(), patientId: liverPatientId };
    const series = await proxyPacsRequest(f.db, coordinator(), pacs, { ...base, accept: null, path: ["series"] });
    if (!("response" in series)) throw new Error(series.error);
    const seriesUid = ((await series.response.json()) as Record<string, { Value: string[] }>[])[0]!["0020000E"]!.Value[0]!;
    // What Chromium sends for an <img>.
    const browserImageAccept = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
    for (const path of [["series", seriesUid, "thumbnail"], ["series", seriesUid, "rendered"]]) {
      const image = await proxyPacsRequest(f.db, coordinator(), pacs, { ...base, accept: browserImageAccept, path });
      if (!("response" in image)) throw new Error(image.error);
      expect(image.response.status, path.join("/")).toBe(200);
      expect(image.response.headers.get("content-type")).toBe("image/jpeg");
      const bytes = Buffer.from(await image.response.arrayBuffer());
      expect(bytes.subarray(0, 2).toString("hex")).toBe("ffd8");
    }
  });

  it("refuses paths outside the viewer's needs and studies that are not the PACS's", async () => {
    const base = { accept: null, search: new URLSearchParams(), patientId: null };
    expect(await proxyPacsRequest(f.db, coordinator(), pacs, { ...base, studyUid: CT_LIVER_STUDY, path: ["..", "..", "system"] })).toEqual({
      status: 400,
      error: "This DICOMweb resource is not available through Concilium.",
    });
    await f.db.imagingStudy.create({ data: { patientId: liverPatientId, studyInstanceUid: "1.2.3.4.5", modality: "CT", studyDate: new Date(), description: "" } });
    expect(await proxyPacsRequest(f.db, coordinator(), pacs, { ...base, studyUid: "1.2.3.4.5", path: ["metadata"] })).toEqual({
      status: 404,
      error: "This study is not held by the external PACS.",
    });
    expect(await proxyPacsRequest(f.db, coordinator(), null, { ...base, studyUid: CT_LIVER_STUDY, path: ["metadata"] })).toMatchObject({ status: 404 });
  });

  it("says so clearly when the PACS refuses the credentials, is slow, or is down", async () => {
    await expect(syncPatientStudiesFromPacs(f.db, coordinator(), { ...pacs, authorization: null }, liverPatientId)).rejects.toThrow(
      'The PACS "Test Orthanc" refused Concilium\'s credentials.',
    );

    const silent: Server = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const port = (silent.address() as { port: number }).port;
    try {
      await expect(
        syncPatientStudiesFromPacs(f.db, coordinator(), { ...pacs, baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 300 }, liverPatientId),
      ).rejects.toThrow('The PACS "Test Orthanc" did not answer within 300 ms.');
    } finally {
      silent.closeAllConnections();
      silent.close();
    }

    await orthanc.stop();
    await expect(syncPatientStudiesFromPacs(f.db, coordinator(), pacs, liverPatientId)).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      message: 'The PACS "Test Orthanc" cannot be reached; it may be down.',
    });
  });
});
