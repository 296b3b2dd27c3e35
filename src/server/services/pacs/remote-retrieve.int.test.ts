import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { createServer, type Server, type ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedDemoDataPath } from "@/integrations/demo-data/locate-demo-data";
import { newUid, syntheticImage } from "@/integrations/dicomweb/test-support/synthetic-image";
import { startOrthanc, type RunningOrthanc } from "@/integrations/pacs/testing/orthanc";
import type { Database } from "../../database/open-database";
import { createFixture, type Fixture } from "../../testing/fixture";
import { createTestDatabase } from "../../testing/test-database";
import { imageStoreFromEnv, incomingFolder } from "../imaging/image-store";
import { retrieveProgress, STALE_AFTER_MS, STALE_MESSAGE } from "./retrieve-jobs";

let orthanc: RunningOrthanc;
let database: Database;
let f: Fixture;
let remotePatient: { id: string; caseId: string };
let liverPatient: { id: string; caseId: string };
let fake: Server;
let fakePort = 0;

const SYNTHETIC_STUDY = newUid();
const SYNTHETIC_SERIES = newUid();
const CT_LIVER_STUDY = "1.2.392.200103.20080913.113635.0.2009.6.22.21.43.10.22941.1";
const FAKE_STUDY = newUid();
/** What the fake node does with a retrieve: send one image then fall silent, or cut the connection. */
let fakeMode: "stall" | "cut" | "foreign" | "late-malformed" = "stall";
/** "late-malformed": 40 good images, then one whose SOP Instance UID is not a UID (after the first batch of 32 is in). */
const LATE_STUDY = newUid();

function sendFakeStudy(res: ServerResponse) {
  const boundary = "fake-node-boundary";
  res.writeHead(200, { "Content-Type": `multipart/related; type="application/dicom"; boundary=${boundary}` });
  const part = (bytes: Uint8Array) => Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), Buffer.from(bytes), Buffer.from("\r\n")]);
  const series = newUid();
  if (fakeMode === "late-malformed") {
    const image = (i: number, sop?: string) => syntheticImage({ patientId: "EXT-1", patientName: "Remoteperson^Ann", birthDate: "19710203", study: LATE_STUDY, series, instanceNumber: i, sop }).bytes;
    for (let i = 1; i <= 40; i++) res.write(part(image(i)));
    res.write(part(image(41, "1.2.not-a-uid")));
    res.end(`--${boundary}--\r\n`);
    return;
  }
  res.write(part(syntheticImage({ patientId: "EXT-1", patientName: "Remoteperson^Ann", birthDate: "19710203", study: FAKE_STUDY, series }).bytes));
  if (fakeMode === "cut") setTimeout(() => res.socket?.destroy(), 50);
  if (fakeMode === "foreign") {
    // A second file of another study, then a proper end: the whole retrieval must be refused.
    res.write(part(syntheticImage({ patientId: "OTHER-9", patientName: "Other^Person", study: newUid(), series: newUid() }).bytes));
    res.end(`--${boundary}--\r\n`);
  }
  // "stall": nothing more is sent, the connection stays open.
}

const nodeEnv = (entries: Record<string, string>) => Object.assign(process.env, entries);

beforeAll(async () => {
  orthanc = await startOrthanc();
  for (let i = 1; i <= 4; i++) {
    await orthanc.upload(syntheticImage({ patientId: "EXT-1", patientName: "Remoteperson^Ann", birthDate: "19710203", study: SYNTHETIC_STUDY, series: SYNTHETIC_SERIES, instanceNumber: i }).bytes);
  }
  for (const file of ["01.dcm", "02.dcm", "03.dcm"]) await orthanc.upload(await readFile(sharedDemoDataPath(["radiology", "dcmqi-ct-liver", file])));

  fake = createServer((req, res) => {
    if (req.url?.startsWith(`/dicom-web/studies/${FAKE_STUDY}`) || req.url?.startsWith(`/dicom-web/studies/${LATE_STUDY}`)) sendFakeStudy(res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => fake.listen(0, "127.0.0.1", r));
  fakePort = (fake.address() as { port: number }).port;

  nodeEnv({
    CONCILIUM_REMOTE_NODES: "st-elsewhere,flaky",
    CONCILIUM_REMOTE_ST_ELSEWHERE_URL: orthanc.dicomwebUrl,
    CONCILIUM_REMOTE_ST_ELSEWHERE_NAME: "St Elsewhere",
    CONCILIUM_REMOTE_ST_ELSEWHERE_USERNAME: orthanc.username,
    CONCILIUM_REMOTE_ST_ELSEWHERE_PASSWORD: orthanc.password,
    CONCILIUM_REMOTE_FLAKY_URL: `http://127.0.0.1:${fakePort}/dicom-web`,
    CONCILIUM_REMOTE_FLAKY_NAME: "Flaky Hospital",
    CONCILIUM_REMOTE_FLAKY_TIMEOUT_MS: "400",
  });

  database = await createTestDatabase();
  f = await createFixture(database.prisma);
  const mk = async (mrn: string, familyName: string, birthDate: string) => {
    const patient = await f.db.patient.create({ data: { mrn, familyName, givenName: "X", birthDate: new Date(`${birthDate}T00:00:00Z`), sex: "FEMALE", researchPseudonym: `CON-${mrn}` } });
    const kase = await f.db.case.create({ data: { patientId: patient.id, boardId: f.boardA.id, questionType: "OTHER", clinicalQuestion: "?", referringUserId: f.users.specialist.id } });
    return { id: patient.id, caseId: kase.id };
  };
  remotePatient = await mk("EXT-1", "Remoteperson", "1971-02-03");
  liverPatient = await mk("99000", "Janct000", "1950-01-01");
}, 60_000);

afterAll(async () => {
  for (const key of Object.keys(process.env).filter((k) => k.startsWith("CONCILIUM_REMOTE_"))) delete process.env[key];
  fake?.closeAllConnections();
  fake?.close();
  await orthanc?.stop();
  await database?.close();
});

const leftoverSpools = async () => (await readdir(incomingFolder(imageStoreFromEnv())).catch(() => [] as string[])).filter((n) => n.startsWith("retrieve-"));

describe("images from another hospital's DICOMweb node (a real Orthanc)", () => {
  it("lists the configured nodes by name only", async () => {
    expect(await (await f.callerFor("specialist")).remote.nodes()).toEqual([
      { id: "st-elsewhere", name: "St Elsewhere" },
      { id: "flaky", name: "Flaky Hospital" },
    ]);
  });

  it("finds the patient's studies by Patient ID and by name and birth date, and audits the search", async () => {
    const coordinator = await f.callerFor("coordinator");
    const byId = await coordinator.remote.query({ patientId: remotePatient.id, nodeId: "st-elsewhere", by: "patient-id" });
    expect(byId).toEqual([
      expect.objectContaining({ studyInstanceUid: SYNTHETIC_STUDY, modalities: ["CT"], numberOfInstances: 4, remotePatientId: "EXT-1", remotePatientName: "Remoteperson, Ann", remoteBirthDate: "1971-02-03", alreadyHere: false }),
    ]);
    const byName = await coordinator.remote.query({ patientId: remotePatient.id, nodeId: "st-elsewhere", by: "name-and-birth-date" });
    expect(byName.map((s) => s.studyInstanceUid)).toEqual([SYNTHETIC_STUDY]);
    // Another hospital's number for the patient.
    expect(await coordinator.remote.query({ patientId: remotePatient.id, nodeId: "st-elsewhere", by: "patient-id", remotePatientId: "NOBODY-THERE" })).toEqual([]);
    // A wildcard would list other patients there.
    await expect(coordinator.remote.query({ patientId: remotePatient.id, nodeId: "st-elsewhere", by: "patient-id", remotePatientId: "EXT*" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await f.db.auditEvent.count({ where: { action: "remote.query", patientId: remotePatient.id } })).toBe(3);
  });

  it("retrieves a whole study into the store with progress, and the timeline names the node", async () => {
    const coordinator = await f.callerFor("coordinator");
    const retrievalId = crypto.randomUUID();
    const result = await coordinator.remote.retrieve({ patientId: remotePatient.id, nodeId: "st-elsewhere", studyInstanceUid: SYNTHETIC_STUDY, retrievalId, expected: 4 });
    expect(result).toMatchObject({ received: 4, stored: 4, duplicates: 0, quarantined: 0, rejected: 0 });
    expect(result.message).toContain("Added to the record of REMOTEPERSON, X");
    expect(await coordinator.remote.progress({ retrievalId })).toMatchObject({ studyInstanceUid: SYNTHETIC_STUDY, received: 4, expected: 4, phase: "done" });
    // Someone else cannot read this user's progress.
    expect(await (await f.callerFor("specialist")).remote.progress({ retrievalId })).toBeNull();
    // Another server process reads the same job from the database: who, what, when.
    expect(await retrieveProgress(f.db, f.users.coordinator.id, retrievalId)).toMatchObject({ received: 4, expected: 4, phase: "done", error: null, finishedAt: expect.any(Date) });
    expect(await f.db.remoteRetrieval.findUniqueOrThrow({ where: { id: retrievalId } })).toMatchObject({ userId: f.users.coordinator.id, patientId: remotePatient.id, nodeId: "st-elsewhere", studyInstanceUid: SYNTHETIC_STUDY });

    const study = await f.db.imagingStudy.findUniqueOrThrow({ where: { studyInstanceUid: SYNTHETIC_STUDY } });
    expect(study).toMatchObject({ patientId: remotePatient.id, source: "BUILT_IN", sourceNode: "St Elsewhere", numberOfInstances: 4 });
    const kase = await coordinator.case.get({ caseId: remotePatient.caseId });
    expect(kase.timeline.find((i) => i.target.studyInstanceUid === SYNTHETIC_STUDY)?.detail).toBe("1 series, 4 images · from St Elsewhere");
    expect(await f.db.auditEvent.count({ where: { action: "remote.retrieve", patientId: remotePatient.id } })).toBe(1);

    // Asked again: nothing new, and the search says it is here already.
    expect(await coordinator.remote.retrieve({ patientId: remotePatient.id, nodeId: "st-elsewhere", studyInstanceUid: SYNTHETIC_STUDY })).toMatchObject({ stored: 0, duplicates: 4 });
    expect((await coordinator.remote.query({ patientId: remotePatient.id, nodeId: "st-elsewhere", by: "patient-id" }))[0]?.alreadyHere).toBe(true);
    expect(await leftoverSpools()).toEqual([]);
  });

  it("holds a study whose demographics do not match in quarantine, and the node's name follows it when attached", async () => {
    const coordinator = await f.callerFor("coordinator");
    const result = await coordinator.remote.retrieve({ patientId: liverPatient.id, nodeId: "st-elsewhere", studyInstanceUid: CT_LIVER_STUDY });
    expect(result).toMatchObject({ received: 3, stored: 0, quarantined: 3 });
    expect(result.message).toContain("held in quarantine");
    expect(await f.db.imagingStudy.count({ where: { studyInstanceUid: CT_LIVER_STUDY } })).toBe(0);
    const entry = await f.db.quarantinedStudy.findFirstOrThrow({ where: { studyInstanceUid: CT_LIVER_STUDY, status: "OPEN" } });
    expect(entry).toMatchObject({ sourceNode: "St Elsewhere", candidatePatientId: liverPatient.id, numberOfInstances: 3 });

    await coordinator.imaging.quarantine.attach({ quarantineId: entry.id, patientId: liverPatient.id, reason: "Outside CT; identity checked with the referring hospital" });
    expect(await f.db.imagingStudy.findUniqueOrThrow({ where: { studyInstanceUid: CT_LIVER_STUDY } })).toMatchObject({ patientId: liverPatient.id, sourceNode: "St Elsewhere" });
  });

  it("keeps nothing of a study when the node falls silent midway, cuts the connection, or sends another study's file", async () => {
    const coordinator = await f.callerFor("coordinator");
    const retrieve = () => coordinator.remote.retrieve({ patientId: remotePatient.id, nodeId: "flaky", studyInstanceUid: FAKE_STUDY });

    fakeMode = "stall";
    // While the node is silent, another reader (a second process: a fresh read of the database) sees what came so far.
    const stalledId = randomUUID();
    const stalled = coordinator.remote.retrieve({ patientId: remotePatient.id, nodeId: "flaky", studyInstanceUid: FAKE_STUDY, retrievalId: stalledId, expected: 5 });
    stalled.catch(() => undefined);
    const midway = () => retrieveProgress(f.db, f.users.coordinator.id, stalledId).then((p) => p && { phase: p.phase, expected: p.expected, arrived: p.bytes > 0, finishedAt: p.finishedAt });
    await expect.poll(midway, { timeout: 350, interval: 20 }).toEqual({ phase: "receiving", expected: 5, arrived: true, finishedAt: null });
    await expect(stalled).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    expect(await retrieveProgress(f.db, f.users.coordinator.id, stalledId)).toMatchObject({
      phase: "failed",
      error: 'The remote node "Flaky Hospital" stopped sending for 400 ms; nothing of this study was kept. Try again later.',
    });
    await expect(retrieve()).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      message: 'The remote node "Flaky Hospital" stopped sending for 400 ms; nothing of this study was kept. Try again later.',
    });
    fakeMode = "cut";
    await expect(retrieve()).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE", message: 'The remote node "Flaky Hospital" broke off the transfer; nothing of this study was kept. Try again.' });
    fakeMode = "foreign";
    await expect(retrieve()).rejects.toMatchObject({ code: "BAD_REQUEST", message: 'The remote node "Flaky Hospital" sent a file that is not of this study; nothing was kept.' });

    expect(await f.db.imagingStudy.count({ where: { studyInstanceUid: FAKE_STUDY } })).toBe(0);
    expect(await f.db.quarantinedStudy.count({ where: { studyInstanceUid: FAKE_STUDY } })).toBe(0);
    expect(await leftoverSpools()).toEqual([]);
    expect(await f.db.auditEvent.count({ where: { action: "remote.retrieve.failed", patientId: remotePatient.id } })).toBe(4);
  });

  it("keeps nothing of a study whose last file cannot be imported after the first batch was stored, and says why", async () => {
    const coordinator = await f.callerFor("coordinator");
    fakeMode = "late-malformed";
    const retrievalId = randomUUID();
    await expect(coordinator.remote.retrieve({ patientId: remotePatient.id, nodeId: "flaky", studyInstanceUid: LATE_STUDY, retrievalId })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message:
        'The remote node "Flaky Hospital" sent a file Concilium cannot import (image 41 of 41): The file\'s SOPInstanceUID is missing or not a valid DICOM UID. Nothing of this study was kept.',
    });
    expect(await f.db.imagingStudy.count({ where: { studyInstanceUid: LATE_STUDY } })).toBe(0);
    expect(await f.db.dicomInstance.count({ where: { series: { imagingStudy: { studyInstanceUid: LATE_STUDY } } } })).toBe(0);
    expect(await f.db.quarantinedStudy.count({ where: { studyInstanceUid: LATE_STUDY } })).toBe(0);
    expect(await f.db.auditEvent.count({ where: { action: "imaging.store", detail: { path: ["studyInstanceUid"], equals: LATE_STUDY } } })).toBe(0);
    expect(existsSync(path.join(imageStoreFromEnv().root, LATE_STUDY))).toBe(false);
    expect(await leftoverSpools()).toEqual([]);
    expect(await coordinator.remote.progress({ retrievalId })).toMatchObject({ received: 41, phase: "failed" });
    expect(await f.db.auditEvent.count({ where: { action: "remote.retrieve.failed", entityId: LATE_STUDY } })).toBe(1);
  });

  it("reports a retrieval whose server process died as failed once it has been silent too long", async () => {
    const coordinator = await f.callerFor("coordinator");
    const retrievalId = randomUUID();
    const lastHeard = new Date(Date.now() - STALE_AFTER_MS - 1000);
    await f.db.remoteRetrieval.create({
      data: { id: retrievalId, userId: f.users.coordinator.id, patientId: remotePatient.id, nodeId: "st-elsewhere", studyInstanceUid: SYNTHETIC_STUDY, received: 7, expected: 20, startedAt: lastHeard, updatedAt: lastHeard },
    });
    expect(await coordinator.remote.progress({ retrievalId })).toMatchObject({ received: 7, phase: "failed", error: STALE_MESSAGE });
    // One heard from within the timeout is still running.
    await f.db.remoteRetrieval.update({ where: { id: retrievalId }, data: { updatedAt: new Date() } });
    expect(await coordinator.remote.progress({ retrievalId })).toMatchObject({ received: 7, phase: "receiving", error: null });
  });

  it("refuses a node that is not configured, and says so clearly when the node is down", async () => {
    const coordinator = await f.callerFor("coordinator");
    await expect(coordinator.remote.query({ patientId: remotePatient.id, nodeId: "nowhere", by: "patient-id" })).rejects.toMatchObject({ code: "NOT_FOUND", message: "No such remote node is configured at this site." });

    await orthanc.stop();
    await expect(coordinator.remote.query({ patientId: remotePatient.id, nodeId: "st-elsewhere", by: "patient-id" })).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      message: 'The remote node "St Elsewhere" cannot be reached; it may be down.',
    });
    await expect(coordinator.remote.retrieve({ patientId: remotePatient.id, nodeId: "st-elsewhere", studyInstanceUid: newUid() })).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      message: 'The remote node "St Elsewhere" cannot be reached; it may be down. Nothing was retrieved.',
    });
  });
});
