import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";

const ORIGIN = "http://localhost:3000";

export const access: AccessCases = {
  "expertOpinion.forCase": { allowed: CLINICAL_ON_A, call: (c, f) => c.expertOpinion.forCase({ caseId: f.caseA.id }) },
  // Let in, the sharer is told that e-mail is not configured in the tests (nothing is shared without it).
  "expertOpinion.share": {
    allowed: ["chair", "specialist"],
    call: (c, f) => c.expertOpinion.share({ caseId: f.caseA.id, expertName: "Dr Out", expertEmail: "out@elsewhere.example", question: "Surgery?", studyInstanceUids: [], slideIds: [], includeDecision: true, origin: ORIGIN }),
  },
  "expertOpinion.layers": { allowed: CLINICAL_ON_A, call: (c, f) => c.expertOpinion.layers({ patientId: f.patientA.id }) },
  // Let in, a share id that does not exist on this case is answered as such.
  "expertOpinion.revoke": { allowed: ["chair", "specialist"], call: (c, f) => c.expertOpinion.revoke({ caseId: f.caseA.id, shareId: "no-such-share" }) },
};
