import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoleName } from "@/domain/roles";
import { newUid, syntheticImage } from "@/integrations/dicomweb/test-support/synthetic-image";
import type { Database } from "../../database/open-database";
import { createFixture, type Fixture } from "../../testing/fixture";
import { createTestDatabase } from "../../testing/test-database";
import { ServiceError } from "../errors";
import type { ImageStore } from "./image-store";
import { bytesSource, importDicom } from "./import-dicom";
import { listQuarantine, resolveQuarantine } from "./quarantine";

let database: Database;
let f: Fixture;
let store: ImageStore;
const cli = { id: null, email: "import-cli" };

beforeAll(async () => {
  database = await createTestDatabase();
  f = await createFixture(database.prisma);
  store = { root: await mkdtemp(path.join(os.tmpdir(), "concilium-quarantine-test-")) };
});
afterAll(async () => {
  await database.close();
  await rm(store.root, { recursive: true, force: true });
});

async function quarantine(patientId: string, patientName: string, count = 2) {
  const study = newUid();
  const series = newUid();
  const files = Array.from({ length: count }, (_, i) => syntheticImage({ patientId, patientName, study, series, instanceNumber: i + 1 }));
  const result = await importDicom(f.db, cli, files.map((file, i) => bytesSource(`${i}.dcm`, file.bytes)), { store });
  return { id: result.quarantined[0]!.id, study, series, sops: files.map((x) => x.sop) };
}

const actor = () => ({ id: f.users.coordinator.id, email: f.users.coordinator.email, role: "COORDINATOR" as const, boardIds: [f.boardA.id] });
const viewer = (user: { id: string; email: string; role: RoleName }, boardIds: string[]) => ({ id: user.id, email: user.email, role: user.role, boardIds });

describe("quarantine", () => {
  it("lists open entries with the candidate patient and what the images are", async () => {
    const q = await quarantine("A-1", "Smith^Anna");
    const entries = await listQuarantine(f.db, actor(), { store });
    const entry = entries.find((e) => e.id === q.id);
    expect(entry).toMatchObject({
      studyInstanceUid: q.study,
      dicomPatientId: "A-1",
      dicomPatientName: "Smith, Anna",
      numberOfInstances: 2,
      study: { modality: "CT", studyDate: "2024-01-15", description: "CT chest" },
      candidate: { id: f.patientA.id, mrn: "A-1", familyName: "Testperson" },
    });
    expect(await f.db.auditEvent.count({ where: { action: "imaging.quarantine.list", actorId: f.users.coordinator.id } })).toBe(1);
  });

  it("shows an entry only to members of the matched patient's boards, and unmatched ones only to chairs and coordinators", async () => {
    const ofA = await quarantine("A-1", "Smith^Anna", 1);
    const ofB = await quarantine("B-1", "Jones^Beth", 1);
    const unknown = await quarantine("NOBODY-9", "Nobody^Known", 1);
    const ids = async (who: ReturnType<typeof viewer>) => (await listQuarantine(f.db, who, { store })).map((e) => e.id);

    const radiologistOfA = await ids(viewer(f.users.specialist, [f.boardA.id]));
    expect(radiologistOfA).toContain(ofA.id);
    expect(radiologistOfA).not.toContain(ofB.id);
    expect(radiologistOfA).not.toContain(unknown.id);

    const chairOfB = await ids(viewer(f.users.outsiderChair, [f.boardB.id]));
    expect(chairOfB).toEqual(expect.arrayContaining([ofB.id, unknown.id]));
    expect(chairOfB).not.toContain(ofA.id);
  });

  it("attaches a mismatched study to the chosen patient: files move into the store, rows are indexed, audited with the reason", async () => {
    const q = await quarantine("A-1", "Smith^Anna");
    const result = await resolveQuarantine(f.db, actor(), { quarantineId: q.id, action: "attach", patientId: f.patientA.id, reason: "Name changed at marriage; checked with the ward." }, { store });
    expect(result).toMatchObject({ id: q.id, status: "ATTACHED", stored: 2, duplicates: 0 });
    for (const sop of q.sops) expect(existsSync(path.join(store.root, q.study, q.series, `${sop}.dcm`))).toBe(true);
    expect(existsSync(path.join(store.root, "quarantine", q.id))).toBe(false);
    const study = await f.db.imagingStudy.findUniqueOrThrow({ where: { studyInstanceUid: q.study } });
    expect(study).toMatchObject({ patientId: f.patientA.id, numberOfInstances: 2, id: result.imagingStudyId });
    expect(await f.db.quarantinedStudy.findUniqueOrThrow({ where: { id: q.id } })).toMatchObject({ status: "ATTACHED", resolvedById: f.users.coordinator.id });
    const audit = await f.db.auditEvent.findFirstOrThrow({ where: { action: "imaging.quarantine.attach", entityId: q.id } });
    expect(audit).toMatchObject({ patientId: f.patientA.id, reason: "Name changed at marriage; checked with the ward." });

    await expect(resolveQuarantine(f.db, actor(), { quarantineId: q.id, action: "discard", reason: "again" }, { store })).rejects.toThrow(
      "This quarantined study was already attached or discarded by someone else.",
    );
  });

  it("attaches an unknown patient's study to a patient picked by hand", async () => {
    const q = await quarantine("EXTERNAL-77", "Testperson^Anna", 1);
    const result = await resolveQuarantine(f.db, actor(), { quarantineId: q.id, action: "attach", patientId: f.patientA.id, reason: "Outside hospital's ID; same person." }, { store });
    expect(result.stored).toBe(1);
  });

  it("discards: the files are deleted and the entry leaves the list", async () => {
    const q = await quarantine("NOBODY", "Doe^John");
    const result = await resolveQuarantine(f.db, actor(), { quarantineId: q.id, action: "discard", reason: "Sent to the wrong hospital." }, { store });
    expect(result.status).toBe("DISCARDED");
    expect(existsSync(path.join(store.root, "quarantine", q.id))).toBe(false);
    expect((await listQuarantine(f.db, actor(), { store })).some((e) => e.id === q.id)).toBe(false);
    expect(await f.db.auditEvent.count({ where: { action: "imaging.quarantine.discard", entityId: q.id, reason: "Sent to the wrong hospital." } })).toBe(1);
  });

  it("refuses to attach a study that already belongs to another patient, and keeps its files", async () => {
    const study = newUid();
    await importDicom(f.db, cli, [bytesSource("b", syntheticImage({ patientId: "B-1", patientName: "Testperson^B", study, series: newUid() }).bytes)], { store });
    const r = await importDicom(f.db, cli, [bytesSource("a", syntheticImage({ patientId: "A-1", patientName: "Testperson^A", study, series: newUid() }).bytes)], { store });
    const id = r.quarantined[0]!.id;
    const error = await resolveQuarantine(f.db, actor(), { quarantineId: id, action: "attach", patientId: f.patientA.id, reason: "Looks right" }, { store }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe("CONFLICT");
    expect(existsSync(path.join(store.root, "quarantine", id))).toBe(true);
    expect((await f.db.quarantinedStudy.findUniqueOrThrow({ where: { id } })).status).toBe("OPEN");
  });

  it("answers NOT_FOUND for an unknown entry or patient", async () => {
    await expect(resolveQuarantine(f.db, actor(), { quarantineId: "nope", action: "discard", reason: "x" }, { store })).rejects.toThrow("No such quarantined study.");
    const q = await quarantine("NOBODY-2", "Doe^J", 1);
    await expect(resolveQuarantine(f.db, actor(), { quarantineId: q.id, action: "attach", patientId: "no-such-patient", reason: "x" }, { store })).rejects.toThrow("No such patient.");
  });
});
