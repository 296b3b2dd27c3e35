import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  // Any board member searches (their own boards' patients); administrators hold no patient data.
  "patient.search": { allowed: [...CLINICAL_ON_A, "outsiderChair"], call: (c) => c.patient.search({ text: "A-1", birthDate: null }) },
  // The fixture's specialist referred case A, so they may edit its contacts as the chair and coordinator may.
  "patient.updateGp": {
    allowed: CLINICAL_ON_A,
    call: async (c, f) => {
      const { gpRevision } = await f.db.patient.findUniqueOrThrow({ where: { id: f.patientA.id }, select: { gpRevision: true } });
      return c.patient.updateGp({ caseId: f.caseA.id, revision: gpRevision, gp: { name: "Dr Matrix", practice: null, address: null, email: null } });
    },
  },
};
