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
  "referral.mine": { allowed: [...CLINICAL_ON_A, "outsiderChair"], call: (c) => c.referral.mine() },
};
