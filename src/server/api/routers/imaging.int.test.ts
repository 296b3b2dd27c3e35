import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newUid, syntheticImage } from "@/integrations/dicomweb/test-support/synthetic-image";
import type { Database } from "../../database/open-database";
import { bytesSource, importDicom } from "../../services/imaging/import-dicom";
import { createFixture, type Fixture } from "../../testing/fixture";
import { createTestDatabase } from "../../testing/test-database";

let database: Database;
let f: Fixture;
const cli = { id: null, email: "import-cli" };

beforeAll(async () => {
  database = await createTestDatabase();
  f = await createFixture(database.prisma);
});
afterAll(async () => database.close());

async function upload(spec: { patientId: string; patientName: string }, count = 1) {
  const study = newUid();
  const series = newUid();
  const files = Array.from({ length: count }, (_, i) => syntheticImage({ ...spec, study, series, instanceNumber: i + 1 }));
  const result = await importDicom(f.db, cli, files.map((x, i) => bytesSource(`${i}.dcm`, x.bytes)));
  return { study, series, result };
}

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describe("imaging.studies", () => {
  it("lists the patient's studies with series and instance counts, and audits the read", async () => {
    const { study, series } = await upload({ patientId: "A-1", patientName: "Testperson^A" }, 3);
    const studies = await (await f.callerFor("specialist")).imaging.studies({ patientId: f.patientA.id });
    expect(studies).toEqual([
      expect.objectContaining({
        studyInstanceUid: study,
        modality: "CT",
        source: "BUILT_IN",
        numberOfSeries: 1,
        numberOfInstances: 3,
        series: [{ seriesInstanceUid: series, modality: "CT", seriesNumber: 1, description: "Axial 1 mm", numberOfInstances: 3 }],
      }),
    ]);
    expect(await f.db.auditEvent.count({ where: { action: "imaging.read", patientId: f.patientA.id, actorId: f.users.specialist.id } })).toBe(1);
  });
});

describe("imaging.quarantine", () => {
  it("lists a mismatched study and lets a member of the patient's board attach it with a reason", async () => {
    const { study, result } = await upload({ patientId: "A-1", patientName: "Somebody^Else" }, 2);
    const id = result.quarantined[0]!.id;
    const coordinator = await f.callerFor("coordinator");
    const list = await coordinator.imaging.quarantine.list();
    expect(list.find((q) => q.id === id)).toMatchObject({ studyInstanceUid: study, dicomPatientName: "Somebody, Else", candidate: { id: f.patientA.id }, numberOfInstances: 2 });

    await expect(coordinator.imaging.quarantine.resolve({ quarantineId: id, action: "attach", patientId: f.patientA.id, reason: "" })).rejects.toThrow();
    // A chair of another board may see the list but not put images into board A's patient.
    expect(await codeOf((await f.callerFor("outsiderChair")).imaging.quarantine.resolve({ quarantineId: id, action: "attach", patientId: f.patientA.id, reason: "Looks like her" }))).toBe("NOT_FOUND");

    const attached = await coordinator.imaging.quarantine.resolve({ quarantineId: id, action: "attach", patientId: f.patientA.id, reason: "Name mistyped at the outside hospital" });
    expect(attached).toMatchObject({ status: "ATTACHED", stored: 2, duplicates: 0 });
    const studies = await coordinator.imaging.studies({ patientId: f.patientA.id });
    expect(studies.some((s) => s.studyInstanceUid === study)).toBe(true);
    expect((await coordinator.imaging.quarantine.list()).some((q) => q.id === id)).toBe(false);
    expect(await codeOf(coordinator.imaging.quarantine.resolve({ quarantineId: id, action: "discard", reason: "Twice" }))).toBe("CONFLICT");
  });

  it("discards an unknown patient's study with a reason", async () => {
    const { result } = await upload({ patientId: "UNKNOWN-9", patientName: "Doe^Jane" });
    const id = result.quarantined[0]!.id;
    const chair = await f.callerFor("chair");
    expect(await chair.imaging.quarantine.resolve({ quarantineId: id, action: "discard", reason: "Not our patient" })).toMatchObject({ status: "DISCARDED" });
    const event = await f.db.auditEvent.findFirstOrThrow({ where: { action: "imaging.quarantine.discard", entityId: id } });
    expect(event).toMatchObject({ actorId: f.users.chair.id, reason: "Not our patient", patientId: null });
  });

  it("offers the patients of the user's own boards to attach to", async () => {
    expect((await (await f.callerFor("chair")).imaging.quarantine.patients()).map((p) => p.mrn)).toEqual(["A-1"]);
    expect((await (await f.callerFor("outsiderChair")).imaging.quarantine.patients()).map((p) => p.mrn)).toEqual(["B-1"]);
  });

  it("answers NOT_FOUND for an unknown entry", async () => {
    expect(await codeOf((await f.callerFor("chair")).imaging.quarantine.resolve({ quarantineId: "nope", action: "discard", reason: "Gone" }))).toBe("NOT_FOUND");
  });
});
