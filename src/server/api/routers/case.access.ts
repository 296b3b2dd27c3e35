import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  "case.get": { allowed: CLINICAL_ON_A, call: (c, f) => c.case.get({ caseId: f.caseA.id }) },
  "case.contacts": { allowed: CLINICAL_ON_A, call: (c, f) => c.case.contacts({ caseId: f.caseA.id }) },
  // The fixture's specialist referred case A, so they may edit its referring physician as the chair and coordinator may.
  "case.updateReferringPhysician": {
    allowed: CLINICAL_ON_A,
    call: async (c, f) => {
      const { referringPhysicianRevision: revision } = await f.db.case.findUniqueOrThrow({ where: { id: f.caseA.id }, select: { referringPhysicianRevision: true } });
      return c.case.updateReferringPhysician({ caseId: f.caseA.id, revision, referringPhysician: { name: "Dr Matrix", specialty: null, address: null, email: null } });
    },
  },
};
