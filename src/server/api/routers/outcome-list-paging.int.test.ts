import { beforeAll, describe, expect, it } from "vitest";
import { OUTCOME_PAGE_SIZE } from "@/server/services/outcomes/list-outcomes";
import { type Fixture, setUpFixture } from "../../testing/fixture";

const fixture = setUpFixture();
let f: Fixture;
beforeAll(() => {
  f = fixture();
});

describe("the outcomes list of a board with a long history", () => {
  it("shows one page at a time, newest decision first, finds a patient by name or MRN, and audits only what was shown", async () => {
    // 60 decided past cases on board A, one per day, besides the fixture's own draft (recorded now, so newest).
    for (let i = 0; i < 60; i++) {
      const patient = await f.db.patient.create({
        data: { mrn: `H-${String(i).padStart(3, "0")}`, familyName: i === 42 ? "Ramaswamy" : "History", givenName: `Case${i}`, birthDate: new Date("1950-01-01T00:00:00Z"), sex: "MALE", researchPseudonym: `CON-H-${i}` },
      });
      const kase = await f.db.case.create({ data: { patientId: patient.id, boardId: f.boardA.id, questionType: "PRIMARY_TREATMENT", clinicalQuestion: "Past case", referringUserId: f.users.specialist.id, status: "CLOSED" } });
      const decided = new Date(Date.UTC(2024, 0, 1 + i));
      await f.db.decision.create({ data: { caseId: kase.id, intent: "CURATIVE", recommendation: "Surgery", recordedById: f.users.coordinator.id, status: "SIGNED", signedAt: decided, createdAt: decided } });
    }
    const chair = await f.callerFor("chair");

    const first = await chair.outcome.list();
    expect(first).toMatchObject({ total: 61, page: 1, pages: 2 });
    expect(first.rows).toHaveLength(OUTCOME_PAGE_SIZE);
    expect(first.rows[0]!.caseId).toBe(f.caseA.id);
    expect(first.rows[1]!.patient.mrn).toBe("H-059");
    const second = await chair.outcome.list({ page: 2 });
    expect(second.rows.map((r) => r.patient.mrn)).toEqual(["H-010", "H-009", "H-008", "H-007", "H-006", "H-005", "H-004", "H-003", "H-002", "H-001", "H-000"]);
    // A page past the end shows the last one.
    expect((await chair.outcome.list({ page: 9 })).page).toBe(2);

    expect((await chair.outcome.list({ patient: "ramas" })).rows.map((r) => r.patient.familyName)).toEqual(["Ramaswamy"]);
    expect((await chair.outcome.list({ patient: "h-007" })).rows.map((r) => r.patient.mrn)).toEqual(["H-007"]);
    expect((await chair.outcome.list({ patient: "Nobody" })).total).toBe(0);

    const before = await f.db.auditEvent.count({ where: { action: "outcomes.read" } });
    await chair.outcome.list({ page: 2 });
    expect(await f.db.auditEvent.count({ where: { action: "outcomes.read" } })).toBe(before + 11);
  });

  it("refuses a page below 1 and an over-long search", async () => {
    const chair = await f.callerFor("chair");
    await expect(chair.outcome.list({ page: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(chair.outcome.list({ patient: "x".repeat(101) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
