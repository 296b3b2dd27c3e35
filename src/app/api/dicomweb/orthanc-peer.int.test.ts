/**
 * Concilium as a DICOMweb peer of a real Orthanc (Debian packages orthanc, orthanc-dicomweb): Orthanc's DICOMweb
 * client is pointed at Concilium's /api/dicomweb with a peer credential and pulls a whole study (the 133-slice LIDC
 * CT), which must arrive intact. Concilium's route.ts files are served over real HTTP by a small server without Next.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sharedDemoDataPath } from "@/integrations/demo-data/locate-demo-data";
import { startOrthanc, type RunningOrthanc } from "@/integrations/pacs/testing/orthanc";
import type { Context } from "@/server/api/trpc";
import type { Database } from "@/server/database/open-database";
import { createPeer, revokePeer } from "@/server/services/dicomweb-peers/peer-credential";
import { bytesSource, importDicom } from "@/server/services/imaging/import-dicom";
import { createFixture, type Fixture } from "@/server/testing/fixture";
import { startRouteServer, type RouteServer } from "@/server/testing/route-server";
import { createTestDatabase } from "@/server/testing/test-database";

// No browser session here: the peer's credential is all Orthanc presents.
let signedIn: Context;
vi.mock("@/server/api/context", () => ({ createContext: async () => signedIn }));

const LIDC_STUDY = "1.3.6.1.4.1.14519.5.2.1.6279.6001.298806137288633453246975630178";
const lidcDir = sharedDemoDataPath(["radiology", "lidc-idri-0001"]);
const files = readdirSync(lidcDir).filter((name) => name.endsWith(".dcm")).map((name) => readFileSync(path.join(lidcDir, name)));

let database: Database;
let f: Fixture;
let concilium: RouteServer;
let orthanc: RunningOrthanc;
let orthancAuth: string;
let token: string;
const sopUids: string[] = [];
let seriesUid: string;

beforeAll(async () => {
  database = await createTestDatabase();
  f = await createFixture(database.prisma);
  signedIn = { db: f.db, user: null };
  const patient = await f.db.patient.create({ data: { mrn: "LIDC-IDRI-0001", familyName: "Lidc", givenName: "X", birthDate: new Date("1950-01-01T00:00:00Z"), sex: "OTHER", researchPseudonym: "CON-LIDC" } });
  await f.db.case.create({ data: { patientId: patient.id, boardId: f.boardA.id, questionType: "OTHER", clinicalQuestion: "?", referringUserId: f.users.specialist.id } });
  const imported = await importDicom(f.db, { id: null, email: "import-cli" }, files.map((bytes, i) => bytesSource(`lidc-${i}`, bytes)), { matchOn: "patient-id-only" });
  expect(imported.stored).toBe(files.length);
  sopUids.push(...imported.files.map((file) => file.sopInstanceUid!));
  seriesUid = imported.files[0]!.seriesInstanceUid!;
  token = (await createPeer(f.db, { email: "admin-cli" }, { name: "Orthanc peer", boardSlugs: ["a"] })).token;
  const outsider = (await createPeer(f.db, { email: "admin-cli" }, { name: "Breast board PACS", boardSlugs: ["b"] })).token;

  concilium = await startRouteServer(path.resolve("src/app/api/dicomweb"), "/api/dicomweb");
  orthanc = await startOrthanc({
    dicomwebServers: {
      // As a hospital would configure it: Concilium's DICOMweb root, the peer's token as the HTTP Basic password.
      concilium: { Url: `${concilium.url}/`, Username: "orthanc", Password: token },
      outsider: { Url: `${concilium.url}/`, Username: "orthanc", Password: outsider },
      nobody: { Url: `${concilium.url}/`, Username: "orthanc", Password: "guessed" },
    },
  });
  orthancAuth = `Basic ${Buffer.from(`${orthanc.username}:${orthanc.password}`).toString("base64")}`;
}, 180_000);

afterAll(async () => {
  await orthanc?.stop();
  await concilium?.close();
  await database?.close();
});

async function orthancRest<T>(pathname: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${orthanc.restUrl}${pathname}`, { ...init, headers: { Authorization: orthancAuth, ...init.headers } });
  const text = await response.text();
  return { status: response.status, body: (text && response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text) as T };
}

const retrieve = (server: string, resource: Record<string, string>) =>
  orthancRest<unknown>(`/dicom-web/servers/${server}/retrieve`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ Resources: [resource] }) });

describe("a real Orthanc pulling from Concilium over DICOMweb", () => {
  it("finds the study through QIDO-RS with the peer credential", async () => {
    const found = await orthancRest<Record<string, { Value: string[] }>[]>("/dicom-web/servers/concilium/get", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ Uri: "/studies", Arguments: { PatientID: "LIDC-IDRI-0001" } }),
    });
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    expect(found.body.map((s) => s["0020000D"]!.Value[0])).toEqual([LIDC_STUDY]);
  });

  it("retrieves the whole 133-slice study: every SOP Instance UID arrives, each file byte for byte", async () => {
    const started = performance.now();
    const result = await retrieve("concilium", { Study: LIDC_STUDY });
    const seconds = (performance.now() - started) / 1000;
    expect(result.status).toBe(200);
    const instances = (await orthancRest<string[]>("/instances")).body;
    expect(instances).toHaveLength(files.length);
    const arrived = await Promise.all(instances.map(async (id) => (await orthancRest<{ MainDicomTags: { SOPInstanceUID: string } }>(`/instances/${id}`)).body.MainDicomTags.SOPInstanceUID));
    expect(arrived.sort()).toEqual([...sopUids].sort());
    // The files as Orthanc stored them are the files Concilium holds: header and pixel data intact.
    for (const id of instances.slice(0, 10)) {
      const stored = Buffer.from(await (await fetch(`${orthanc.restUrl}/instances/${id}/file`, { headers: { Authorization: orthancAuth } })).arrayBuffer());
      expect(files.some((original) => original.equals(stored))).toBe(true);
    }
    const pixels = await fetch(`${orthanc.restUrl}/instances/${instances[0]}/frames/0/raw`, { headers: { Authorization: orthancAuth } });
    expect(Buffer.from(await pixels.arrayBuffer()).length).toBe(512 * 512 * 2);
    console.log(`Orthanc pulled ${files.length} instances from Concilium in ${seconds.toFixed(2)} s: ${(files.length / seconds).toFixed(0)} images/s`);
    const audit = await f.db.auditEvent.findMany({ where: { actorEmail: "dicomweb-peer:Orthanc peer", action: "dicomweb.read", entityId: LIDC_STUDY } });
    expect(audit.map((e) => (e.detail as { resource: string }).resource)).toContain(`study (${files.length} instances)`);
  });

  it("is refused another board's study and a wrong or revoked credential; Concilium's errors are DICOMweb's, not HTML", async () => {
    const before = (await orthancRest<string[]>("/instances")).body.length;
    // A series alone (GET /studies/{study}/series/{series}): the same instances again, nothing new.
    expect((await retrieve("concilium", { Study: LIDC_STUDY, Series: seriesUid })).status).toBe(200);
    expect(await f.db.auditEvent.count({ where: { actorEmail: "dicomweb-peer:Orthanc peer", entityId: LIDC_STUDY, detail: { path: ["resource"], equals: `series (${files.length} instances)` } } })).toBe(1);
    expect((await retrieve("outsider", { Study: LIDC_STUDY })).status).not.toBe(200);
    expect((await retrieve("nobody", { Study: LIDC_STUDY })).status).not.toBe(200);
    const unknown = await fetch(`${concilium.url}/studies/${LIDC_STUDY}/nonsense`, { headers: { Authorization: `Bearer ${token}` } });
    expect([unknown.status, unknown.headers.get("content-type")]).toEqual([404, "application/json"]);
    await revokePeer(f.db, { email: "admin-cli" }, "Orthanc peer");
    expect((await retrieve("concilium", { Study: LIDC_STUDY })).status).not.toBe(200);
    expect((await orthancRest<string[]>("/instances")).body).toHaveLength(before);
    expect(await f.db.auditEvent.count({ where: { action: "dicomweb.study.denied", actorEmail: "dicomweb-peer:Breast board PACS", entityId: LIDC_STUDY } })).toBeGreaterThan(0);
  });
});
