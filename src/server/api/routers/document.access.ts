import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  "document.caseDocuments": { allowed: CLINICAL_ON_A, call: (c, f) => c.document.caseDocuments({ caseId: f.caseA.id }) },
  // Refused before anything else; for those let in, the fixture's draft decision and unset SMTP give a clear refusal.
  "document.sendLetter": { allowed: ["chair", "coordinator"], call: (c, f) => c.document.sendLetter({ decisionId: f.draftA.id, recipient: "gp", to: "gp@example.org" }) },
};
