import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DicomJson } from "@/integrations/dicomweb/dicom-json";
import { sharedSample } from "@/integrations/dicomweb/test-support/sample-files";
import { newUid, syntheticImage } from "@/integrations/dicomweb/test-support/synthetic-image";
import type { Database } from "../../database/open-database";
import { createFixture, type Fixture } from "../../testing/fixture";
import { createTestDatabase } from "../../testing/test-database";
import type { ImageStore } from "./image-store";
import { bytesSource, importDicom, type ImportProgress } from "./import-dicom";

let database: Database;
let f: Fixture;
let store: ImageStore;
const cli = { id: null, email: "import-cli" };

beforeAll(async () => {
  database = await createTestDatabase();
  f = await createFixture(database.prisma);
  store = { root: await mkdtemp(path.join(os.tmpdir(), "concilium-import-test-")) };
});
afterAll(async () => {
  await database.close();
  await rm(store.root, { recursive: true, force: true });
});

/** Every file under the store, relative to it. */
async function filesInStore(): Promise<string[]> {
  const entries = await readdir(store.root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(store.root, path.join(e.parentPath, e.name))).sort();
}

// Patient A-1 of the fixture: family name Testperson, born 1960-01-01, with a case on board A.
const matching = { patientId: "A-1", patientName: "TESTPERSON^Anna", birthDate: "19600101" };

describe("importDicom", () => {
  it("stores and indexes files whose patient matches, with counts, metadata and audit", async () => {
    const study = newUid();
    const series = newUid();
    const files = [1, 2, 3].map((n) => syntheticImage({ ...matching, study, series, instanceNumber: n }));
    const progress: ImportProgress[] = [];
    const result = await importDicom(f.db, cli, files.map((file, i) => bytesSource(`slice-${i}.dcm`, file.bytes)), { store, onProgress: (p) => progress.push(p) });

    expect(result).toMatchObject({ stored: 3, duplicates: 0, quarantined: [], rejected: [] });
    expect(progress.at(-1)).toMatchObject({ total: 3, processed: 3, stored: 3 });
    for (const { sop } of files) expect(existsSync(path.join(store.root, study, series, `${sop}.dcm`))).toBe(true);

    const row = await f.db.imagingStudy.findUniqueOrThrow({ where: { studyInstanceUid: study }, include: { series: { include: { instances: true } } } });
    expect(row).toMatchObject({ patientId: f.patientA.id, modality: "CT", numberOfSeries: 1, numberOfInstances: 3, description: "CT chest" });
    expect(row.studyDate.toISOString()).toBe("2024-01-15T00:00:00.000Z");
    expect(row.series[0]).toMatchObject({ seriesInstanceUid: series, numberOfInstances: 3, description: "Axial 1 mm" });
    const metadata = row.series[0]!.instances[0]!.metadata as unknown as DicomJson;
    expect(metadata["00100020"]).toEqual({ vr: "LO", Value: ["A-1"] });
    expect(metadata["7FE00010"]?.BulkDataURI).toMatch(new RegExp(`/api/dicomweb/studies/${study}/series/${series}/instances/\\d[\\d.]*/bulkdata/7FE00010$`));

    const audit = await f.db.auditEvent.findMany({ where: { action: { in: ["imaging.store", "imaging.import"] } }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.patientId, a.actorEmail])).toEqual([
      ["imaging.store", f.patientA.id, "import-cli"],
      ["imaging.import", null, "import-cli"],
    ]);
  });

  it("is idempotent: the same instances again are duplicates and nothing changes", async () => {
    const study = newUid();
    const series = newUid();
    const files = [1, 2].map((n) => syntheticImage({ ...matching, study, series, instanceNumber: n }));
    const sources = files.map((file, i) => bytesSource(`f${i}`, file.bytes));
    await importDicom(f.db, cli, sources, { store });
    const before = await filesInStore();
    const again = await importDicom(f.db, cli, [...sources, sources[0]!], { store });
    expect(again).toMatchObject({ stored: 0, duplicates: 3, quarantined: [], rejected: [] });
    expect(await filesInStore()).toEqual(before);
    expect(await f.db.dicomInstance.count({ where: { series: { seriesInstanceUid: series } } })).toBe(2);
    expect((await f.db.imagingStudy.findUniqueOrThrow({ where: { studyInstanceUid: study } })).numberOfInstances).toBe(2);
  });

  it("holds a name mismatch in quarantine, never attached, and later batches join the same entry", async () => {
    const study = newUid();
    const series = newUid();
    const first = await importDicom(f.db, cli, [bytesSource("a.dcm", syntheticImage({ ...matching, patientName: "Smith^Anna", study, series }).bytes)], { store });
    expect(first.stored).toBe(0);
    expect(first.quarantined).toEqual([{ id: expect.any(String), name: "a.dcm", reason: "The family name in the images differs from the patient record." }]);
    const id = first.quarantined[0]!.id;
    const second = await importDicom(f.db, cli, [bytesSource("b.dcm", syntheticImage({ ...matching, patientName: "Smith^Anna", study, series }).bytes)], { store });
    expect(second.quarantined[0]?.id).toBe(id);

    const entry = await f.db.quarantinedStudy.findUniqueOrThrow({ where: { id } });
    expect(entry).toMatchObject({ status: "OPEN", studyInstanceUid: study, dicomPatientId: "A-1", dicomPatientName: "Smith, Anna", dicomBirthDate: "1960-01-01", candidatePatientId: f.patientA.id, numberOfInstances: 2, storagePath: `quarantine/${id}` });
    expect((await readdir(path.join(store.root, "quarantine", id))).length).toBe(2);
    expect(await f.db.imagingStudy.findUnique({ where: { studyInstanceUid: study } })).toBeNull();
    expect(await f.db.auditEvent.count({ where: { action: "imaging.quarantine", entityId: id, patientId: f.patientA.id } })).toBe(2);
  });

  it("reports a file sent again while its study waits in quarantine as already in quarantine, not as already stored", async () => {
    const file = syntheticImage({ ...matching, patientName: "Smith^Anna", study: newUid(), series: newUid() });
    const first = await importDicom(f.db, cli, [bytesSource("smith.dcm", file.bytes)], { store });
    const id = first.quarantined[0]!.id;
    const again = await importDicom(f.db, cli, [bytesSource("smith-again.dcm", file.bytes)], { store });
    expect(again).toMatchObject({ stored: 0, duplicates: 0, rejected: [] });
    expect(again.files).toEqual([
      expect.objectContaining({
        name: "smith-again.dcm",
        status: "quarantined",
        quarantineId: id,
        reason: "Already in quarantine (sent before; not yet attached or discarded): The family name in the images differs from the patient record.",
      }),
    ]);
    // Nothing was written or counted twice.
    expect((await f.db.quarantinedStudy.findUniqueOrThrow({ where: { id } })).numberOfInstances).toBe(1);
    expect((await readdir(path.join(store.root, "quarantine", id))).length).toBe(1);
  });

  it("names the patient whose record a stored study went to, for a member of that patient's boards only", async () => {
    const member = { id: f.users.specialist.id, email: f.users.specialist.email, boardIds: [f.boardA.id] };
    const otherBoard = { id: f.users.outsiderChair.id, email: f.users.outsiderChair.email, boardIds: [f.boardB.id] };
    const image = () => bytesSource("ct.dcm", syntheticImage({ ...matching, study: newUid(), series: newUid() }).bytes);

    const seen = await importDicom(f.db, member, [image()], { store });
    expect(seen.files[0]).toMatchObject({ status: "stored", reason: "Added to the record of TESTPERSON, A-1 (MRN A-1)." });
    const unseen = await importDicom(f.db, otherBoard, [image()], { store });
    expect(unseen.files[0]).toMatchObject({ status: "stored", reason: "Added to the record of a patient outside your boards." });
    expect(unseen.files[0]!.reason).not.toContain("A-1");
    const byProcess = await importDicom(f.db, cli, [image()], { store });
    expect(byProcess.files[0]).toMatchObject({ status: "stored", reason: "Added to the record of a patient outside your boards." });
  });

  it("quarantines a birth date mismatch and an unknown Patient ID", async () => {
    const born = await importDicom(f.db, cli, [bytesSource("x", syntheticImage({ ...matching, birthDate: "19610101", study: newUid(), series: newUid() }).bytes)], { store });
    expect(born.quarantined[0]?.reason).toBe("The birth date in the images differs from the patient record.");
    const unknown = await importDicom(f.db, cli, [bytesSource("y", syntheticImage({ patientId: "NOT-A-PATIENT", patientName: "Doe^Jane", study: newUid(), series: newUid() }).bytes)], { store });
    expect(unknown.quarantined[0]?.reason).toBe("No patient in Concilium has the images' Patient ID as MRN.");
    const entry = await f.db.quarantinedStudy.findUniqueOrThrow({ where: { id: unknown.quarantined[0]!.id } });
    expect(entry.candidatePatientId).toBeNull();
  });

  it("quarantines a study that is already attached to another patient", async () => {
    const study = newUid();
    await importDicom(f.db, cli, [bytesSource("a", syntheticImage({ ...matching, study, series: newUid() }).bytes)], { store });
    const other = await importDicom(f.db, cli, [bytesSource("b", syntheticImage({ patientId: "B-1", patientName: "Testperson^B", study, series: newUid() }).bytes)], { store });
    expect(other.quarantined[0]?.reason).toBe("This study is already attached to another patient in Concilium.");
  });

  it("rejects non-DICOM, truncated, unsupported and oversize files with their reason, writing nothing", async () => {
    const before = await filesInStore();
    const studiesBefore = await f.db.imagingStudy.count();
    const good = syntheticImage({ ...matching, study: newUid(), series: newUid() }).bytes;
    const result = await importDicom(
      f.db,
      cli,
      [
        bytesSource("notes.txt", new TextEncoder().encode("not an image")),
        bytesSource("cut.dcm", good.subarray(0, good.length - 10)),
        bytesSource("mpeg.dcm", syntheticImage({ ...matching, study: newUid(), series: newUid(), transferSyntaxUid: "1.2.840.10008.1.2.4.100" }).bytes),
        { name: "huge.dcm", size: 10_000, read: async () => good },
      ],
      { store, maxFileBytes: 5_000 },
    );
    expect(result.stored).toBe(0);
    expect(result.rejected).toEqual([
      { name: "notes.txt", reason: "Not a DICOM file: no 'DICM' preamble (only 12 bytes)" },
      { name: "cut.dcm", reason: expect.stringMatching(/^Truncated DICOM file/) },
      { name: "mpeg.dcm", reason: expect.stringMatching(/^Unsupported transfer syntax 1\.2\.840\.10008\.1\.2\.4\.100/) },
      { name: "huge.dcm", reason: "The file is larger than the upload limit of 5 KiB (CONCILIUM_MAX_UPLOAD_BYTES)." },
    ]);
    expect(await filesInStore()).toEqual(before);
    expect(await f.db.imagingStudy.count()).toBe(studiesBefore);
  });

  it("removes the files it wrote when indexing fails", async () => {
    // A series UID that already belongs to another study makes the index transaction fail.
    const series = newUid();
    const study = newUid();
    await importDicom(f.db, cli, [bytesSource("first", syntheticImage({ ...matching, study: newUid(), series }).bytes)], { store });
    const before = await filesInStore();
    const result = await importDicom(f.db, cli, [bytesSource("clash", syntheticImage({ ...matching, study, series }).bytes)], { store });
    expect(result.rejected).toEqual([{ name: "clash", reason: "A series in these files already belongs to another study." }]);
    expect(await filesInStore()).toEqual(before);
    expect(existsSync(path.join(store.root, study))).toBe(false);
    expect(await f.db.imagingStudy.findUnique({ where: { studyInstanceUid: study } })).toBeNull();
  });

  it("imports a real implicit-VR CT with its SEG objects (dcmqi liver)", async () => {
    const patient = await f.db.patient.create({ data: { mrn: "99000", familyName: "Janct000", givenName: "X", birthDate: new Date("1956-02-17T00:00:00Z"), sex: "MALE", researchPseudonym: "CON-LIVER" } });
    await f.db.case.create({ data: { patientId: patient.id, boardId: f.boardA.id, questionType: "OTHER", clinicalQuestion: "Liver?", referringUserId: f.users.specialist.id } });
    const names = ["01.dcm", "02.dcm", "03.dcm", "seg-liver.dcm", "seg-partial-overlaps.dcm"];
    const sources = () => names.map((n) => bytesSource(n, sharedSample("radiology", "dcmqi-ct-liver", n)));
    // The files carry no birth date: matched on demographics they are held; the demo seed attaches on the Patient ID.
    const held = await importDicom(f.db, cli, sources(), { store });
    expect(held.quarantined.map((q) => q.reason)).toEqual(Array(5).fill("The images carry no birth date to compare with the patient record."));
    const result = await importDicom(f.db, cli, sources(), { store, matchOn: "patient-id-only" });
    expect(result).toMatchObject({ stored: 5, rejected: [], quarantined: [] });
    const study = await f.db.imagingStudy.findFirstOrThrow({ where: { patientId: patient.id }, include: { series: true } });
    expect(study.modality).toBe("CT");
    expect(study.numberOfInstances).toBe(5);
    expect(study.series.map((s) => s.modality).sort()).toEqual(["CT", "SEG", "SEG"]);
    const seg = await f.db.dicomInstance.findFirstOrThrow({ where: { series: { modality: "SEG" }, numberOfFrames: 7 } });
    expect(seg.transferSyntaxUid).toBe("1.2.840.10008.1.2.1");
  });
});
