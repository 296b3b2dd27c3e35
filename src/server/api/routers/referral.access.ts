import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  // Patient A already has an open referral to board A: the guard lets the call in and the service refuses a duplicate.
  "referral.create": {
    allowed: CLINICAL_ON_A,
    call: (c, f) =>
      c.referral.create({
        boardId: f.boardA.id,
        patient: { kind: "existing", patientId: f.patientA.id },
        condition: null,
        questionType: "STAGING",
        clinicalQuestion: "Stage?",
        urgency: "ROUTINE",
        attachments: [],
        ecog: null,
        referringPhysicianName: null,
        referringPhysicianAddress: null,
      }),
  },
  "referral.findPatients": { allowed: [...CLINICAL_ON_A, "outsiderChair"], call: (c) => c.referral.findPatients({ query: "A-1" }) },
  // Outside searches: every clinician, whatever their boards; the answers reveal no details (see referral.int.test.ts).
  "referral.lookup": { allowed: [...CLINICAL_ON_A, "outsiderChair"], call: (c) => c.referral.lookup({ mrn: "A-1", birthDate: new Date("1960-01-01T00:00:00Z") }) },
  "referral.similarPatients": {
    allowed: [...CLINICAL_ON_A, "outsiderChair"],
    call: (c) => c.referral.similarPatients({ familyName: "Testperson", givenName: "A-1", birthDate: new Date("1960-01-01T00:00:00Z") }),
  },
  "referral.mine": { allowed: [...CLINICAL_ON_A, "outsiderChair"], call: (c) => c.referral.mine() },
};
