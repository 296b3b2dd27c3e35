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

    await expect(coordinator.imaging.quarantine.attach({ quarantineId: id, patientId: f.patientA.id, reason: "" })).rejects.toThrow();
    // A chair of another board may see the list but not put images into board A's patient.
    expect(await codeOf((await f.callerFor("outsiderChair")).imaging.quarantine.attach({ quarantineId: id, patientId: f.patientA.id, reason: "Looks like her" }))).toBe("NOT_FOUND");

    const attached = await coordinator.imaging.quarantine.attach({ quarantineId: id, patientId: f.patientA.id, reason: "Name mistyped at the outside hospital" });
    expect(attached).toMatchObject({ status: "ATTACHED", stored: 2, duplicates: 0 });
    const studies = await coordinator.imaging.studies({ patientId: f.patientA.id });
    expect(studies.some((s) => s.studyInstanceUid === study)).toBe(true);
    expect((await coordinator.imaging.quarantine.list()).some((q) => q.id === id)).toBe(false);
    expect(await codeOf(coordinator.imaging.quarantine.discard({ quarantineId: id, reason: "Twice" }))).toBe("CONFLICT");
  });

  it("discards an unknown patient's study with a reason", async () => {
    const { result } = await upload({ patientId: "UNKNOWN-9", patientName: "Doe^Jane" });
    const id = result.quarantined[0]!.id;
    const chair = await f.callerFor("chair");
    expect(await chair.imaging.quarantine.discard({ quarantineId: id, reason: "Not our patient" })).toMatchObject({ status: "DISCARDED" });
    const event = await f.db.auditEvent.findFirstOrThrow({ where: { action: "imaging.quarantine.discard", entityId: id } });
    expect(event).toMatchObject({ actorId: f.users.chair.id, reason: "Not our patient", patientId: null });
  });

  it("offers the patients of the user's own boards to attach to", async () => {
    expect((await (await f.callerFor("chair")).imaging.quarantine.patients()).map((p) => p.mrn)).toEqual(["A-1"]);
    expect((await (await f.callerFor("outsiderChair")).imaging.quarantine.patients()).map((p) => p.mrn)).toEqual(["B-1"]);
  });

  it("lets nobody discard, attach or preview an entry they do not see in the list: it answers like a missing one", async () => {
    // Board A's radiologist sees neither board B's patient's study nor an unmatched one (those are for chairs and coordinators).
    const ofB = (await upload({ patientId: "B-1", patientName: "Somebody^Else" })).result.quarantined[0]!.id;
    const unmatched = (await upload({ patientId: "NOBODY-7", patientName: "Doe^John" })).result.quarantined[0]!.id;
    const specialist = await f.callerFor("specialist");
    const listed = (await specialist.imaging.quarantine.list()).map((q) => q.id);
    expect(listed).not.toContain(ofB);
    expect(listed).not.toContain(unmatched);
    const auditBefore = await f.db.auditEvent.count({ where: { action: { in: ["imaging.quarantine.discard", "imaging.quarantine.attach", "imaging.quarantine.preview"] } } });

    for (const quarantineId of [ofB, unmatched]) {
      const discard = specialist.imaging.quarantine.discard({ quarantineId, reason: "Not mine, tidying up" });
      await expect(discard).rejects.toThrow("No such quarantined study.");
      expect(await codeOf(specialist.imaging.quarantine.attach({ quarantineId, patientId: f.patientA.id, reason: "Looks like her" }))).toBe("NOT_FOUND");
      expect(await codeOf(specialist.imaging.quarantine.preview({ quarantineId }))).toBe("NOT_FOUND");
    }
    // A chair of board A does not see board B's patient's entry either.
    expect(await codeOf((await f.callerFor("chair")).imaging.quarantine.discard({ quarantineId: ofB, reason: "Not ours" }))).toBe("NOT_FOUND");

    expect(await f.db.quarantinedStudy.findMany({ where: { id: { in: [ofB, unmatched] } }, select: { status: true } })).toEqual([{ status: "OPEN" }, { status: "OPEN" }]);
    expect(await f.db.auditEvent.count({ where: { action: { in: ["imaging.quarantine.discard", "imaging.quarantine.attach", "imaging.quarantine.preview"] } } })).toBe(auditBefore);

    // Those who see them may act: board B's chair discards board B's entry, and board A's coordinator the unmatched one.
    expect(await (await f.callerFor("outsiderChair")).imaging.quarantine.discard({ quarantineId: ofB, reason: "Sent twice by the outside hospital" })).toMatchObject({ status: "DISCARDED" });
    expect(await (await f.callerFor("coordinator")).imaging.quarantine.discard({ quarantineId: unmatched, reason: "Not our patient" })).toMatchObject({ status: "DISCARDED" });
  });

  it("previews a quarantined study as a thumbnail for those who see it, and audits the look", async () => {
    const id = (await upload({ patientId: "A-1", patientName: "Smith^John" })).result.quarantined[0]!.id;
    const preview = await (await f.callerFor("specialist")).imaging.quarantine.preview({ quarantineId: id });
    expect(preview.note).toBeNull();
    expect(preview.image).toMatch(/^data:image\/jpeg;base64,\/9j\//);
    const event = await f.db.auditEvent.findFirstOrThrow({ where: { action: "imaging.quarantine.preview", entityId: id } });
    expect(event).toMatchObject({ actorId: f.users.specialist.id, patientId: f.patientA.id });
    // Board B's chair does not see board A's patient's entry, so gets no picture of it.
    expect(await codeOf((await f.callerFor("outsiderChair")).imaging.quarantine.preview({ quarantineId: id }))).toBe("NOT_FOUND");
  });

  it("answers NOT_FOUND for an unknown entry", async () => {
    expect(await codeOf((await f.callerFor("chair")).imaging.quarantine.discard({ quarantineId: "nope", reason: "Gone" }))).toBe("NOT_FOUND");
  });
});
