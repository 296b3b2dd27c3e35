import { beforeAll, describe, expect, it } from "vitest";
import { type Fixture, setUpFixture } from "../../testing/fixture";

const fixture = setUpFixture();
let f: Fixture;
beforeAll(() => {
  f = fixture();
});

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("outcomes", () => {
  it("records an outcome against the latest decision and lists it in the dataset", async () => {
    const specialist = await f.callerFor("specialist");
    const { id } = await specialist.outcome.record({ caseId: f.caseA.id, kind: "TREATMENT", occurredOn: day("2026-02-01"), note: "Lobectomy" });
    expect(await f.db.outcome.findUniqueOrThrow({ where: { id } })).toMatchObject({ decisionId: f.draftA.id, patientId: f.patientA.id });

    const rows = await specialist.outcome.list();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      caseId: f.caseA.id,
      decision: { id: f.draftA.id, status: "DRAFT", recommendation: "Lobectomy" },
      outcomes: [{ kind: "TREATMENT", note: "Lobectomy" }],
    });
    expect(await f.db.auditEvent.count({ where: { action: "outcome.create", entityId: id } })).toBe(1);
  });

  it("keeps other boards' cases out of the list", async () => {
    await f.db.decision.create({ data: { caseId: f.caseB.id, intent: "PALLIATIVE", recommendation: "Endocrine therapy", recordedById: f.users.outsiderChair.id } });
    expect((await (await f.callerFor("chair")).outcome.list()).map((r) => r.caseId)).toEqual([f.caseA.id]);
    expect((await (await f.callerFor("outsiderChair")).outcome.list()).map((r) => r.caseId)).toEqual([f.caseB.id]);
  });

  it("refuses an outcome dated in the future, one before any decision and one after the recorded death", async () => {
    const chair = await f.callerFor("chair");
    await expect(chair.outcome.record({ caseId: f.caseA.id, kind: "DISEASE_STATUS", occurredOn: new Date(Date.now() + 5 * 86_400_000), note: "" })).rejects.toThrow(
      "An outcome cannot be dated in the future.",
    );
    await chair.outcome.record({ caseId: f.caseA.id, kind: "DEATH", occurredOn: day("2026-03-01"), note: "" });
    await expect(chair.outcome.record({ caseId: f.caseA.id, kind: "PROGRESSION", occurredOn: day("2026-04-01"), note: "" })).rejects.toThrow(
      "The patient's death is already recorded at an earlier date.",
    );

    const undecided = await f.db.case.create({
      data: { patientId: f.patientA.id, boardId: f.boardA.id, questionType: "OTHER", clinicalQuestion: "?", referringUserId: f.users.specialist.id },
    });
    await expect(chair.outcome.record({ caseId: undecided.id, kind: "DISEASE_STATUS", occurredOn: day("2026-01-01"), note: "" })).rejects.toThrow(
      "Record the board's decision before its outcomes.",
    );
  });
});
