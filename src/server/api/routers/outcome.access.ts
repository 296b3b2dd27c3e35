import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  "outcome.list": { allowed: [...CLINICAL_ON_A, "outsiderChair"], call: (c) => c.outcome.list() },
  "outcome.record": {
    allowed: CLINICAL_ON_A,
    call: (c, f) => c.outcome.record({ caseId: f.caseA.id, kind: "TREATMENT", occurredOn: new Date("2026-01-05T00:00:00Z"), note: "" }),
  },
};
