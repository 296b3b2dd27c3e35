import { describe, expect, it } from "vitest";
import { setUpFixture } from "../../testing/fixture";
import { datasetVersion } from "./read-dataset";

const fixture = setUpFixture();

describe("datasetVersion", () => {
  it("changes when a decision or outcome of the boards changes, and not for another board's", async () => {
    const f = fixture();
    const version = () => datasetVersion(f.db, [f.boardA.id]);
    const v0 = await version();
    expect(await version()).toBe(v0);

    const decision = await f.db.decision.create({ data: { caseId: f.caseA.id, status: "SIGNED", intent: "CURATIVE", recommendation: "Surgery", recordedById: f.users.coordinator.id, signedById: f.users.chair.id, signedAt: new Date(), version: 7 } });
    const v1 = await version();
    expect(v1).not.toBe(v0);

    const outcome = await f.db.outcome.create({ data: { id: "dv-1", lineageId: "dv-1", patientId: f.patientA.id, caseId: f.caseA.id, decisionId: decision.id, recordedById: f.users.coordinator.id, kind: "ALIVE", occurredOn: new Date("2025-01-01") } });
    const v2 = await version();
    expect(v2).not.toBe(v1);

    await f.db.outcome.update({ where: { id: outcome.id }, data: { retractedAt: new Date(Date.now() + 1000) } });
    const v3 = await version();
    expect(v3).not.toBe(v2);

    await f.db.decision.update({ where: { id: decision.id }, data: { recommendation: "Radiotherapy", updatedAt: new Date(Date.now() + 2000) } });
    const v4 = await version();
    expect(v4).not.toBe(v3);

    await f.db.outcome.create({ data: { id: "dv-b", lineageId: "dv-b", patientId: f.patientB.id, caseId: f.caseB.id, recordedById: f.users.coordinator.id, kind: "ALIVE", occurredOn: new Date("2025-01-01") } });
    expect(await version()).toBe(v4);
    expect(await datasetVersion(f.db, [])).toBe("");
  });
});
