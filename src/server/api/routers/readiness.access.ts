import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  "readiness.rules": { allowed: CLINICAL_ON_A, call: (c, f) => c.readiness.rules({ boardId: f.boardA.id }) },
  // A stale version: passes the guard, changes nothing.
  "readiness.saveRules": { allowed: ["chair"], call: (c, f) => c.readiness.saveRules({ boardId: f.boardA.id, expectedVersion: 999, rules: [] }) },
  "readiness.forCase": { allowed: CLINICAL_ON_A, call: (c, f) => c.readiness.forCase({ caseId: f.caseA.id }) },
  "readiness.request": { allowed: ["chair", "coordinator"], call: (c, f) => c.readiness.request({ caseId: f.caseA.id, readinessKey: "no-such-rule" }) },
};
