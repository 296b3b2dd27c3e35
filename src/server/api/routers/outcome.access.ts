import { randomUUID } from "node:crypto";
import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";
import type { Fixture } from "../../testing/fixture";

/** A fresh outcome on board A's case, written straight to the database, for the rows that correct or withdraw one. */
async function outcomeOnA(f: Fixture) {
  const id = randomUUID();
  await f.db.outcome.create({
    data: { id, lineageId: id, patientId: f.patientA.id, caseId: f.caseA.id, kind: "ALIVE", occurredOn: new Date("2026-01-05T00:00:00Z"), recordedById: f.users.coordinator.id },
  });
  return id;
}

export const access: AccessCases = {
  "outcome.list": { allowed: [...CLINICAL_ON_A, "outsiderChair"], call: (c) => c.outcome.list() },
  "outcome.history": { allowed: CLINICAL_ON_A, call: (c, f) => c.outcome.history({ caseId: f.caseA.id }) },
  "outcome.record": {
    allowed: CLINICAL_ON_A,
    call: (c, f) => c.outcome.record({ caseId: f.caseA.id, kind: "ALIVE", occurredOn: "2026-01-05" }),
  },
  "outcome.correct": {
    allowed: CLINICAL_ON_A,
    call: async (c, f) => c.outcome.correct({ outcomeId: await outcomeOnA(f), occurredOn: "2026-01-06", reason: "Wrong day of the visit" }),
  },
  "outcome.withdraw": {
    allowed: CLINICAL_ON_A,
    call: async (c, f) => c.outcome.withdraw({ outcomeId: await outcomeOnA(f), reason: "Entered on the wrong patient" }),
  },
};
