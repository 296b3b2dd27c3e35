import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  "imaging.studies": { allowed: CLINICAL_ON_A, call: (c, f) => c.imaging.studies({ patientId: f.patientA.id }) },
  // Every clinical user may ask; the list holds only entries of their boards' patients (unmatched ones: chairs and coordinators).
  "imaging.quarantine.list": { allowed: [...CLINICAL_ON_A, "outsiderChair"], call: (c) => c.imaging.quarantine.list() },
  // Filtered to the caller's own boards, so a chair of board B gets board B's patients.
  "imaging.quarantine.patients": { allowed: [...CLINICAL_ON_A, "outsiderChair"], call: (c) => c.imaging.quarantine.patients() },
  // A clinical user may ask; the entry must be one they see in the list, else NOT_FOUND (see imaging.int.test.ts).
  "imaging.quarantine.preview": { allowed: [...CLINICAL_ON_A, "outsiderChair"], call: (c) => c.imaging.quarantine.preview({ quarantineId: "no-such-entry" }) },
  // Attaching needs membership of a board of the patient: the outsider is refused before anything is looked up.
  "imaging.quarantine.attach": {
    allowed: CLINICAL_ON_A,
    call: (c, f) => c.imaging.quarantine.attach({ quarantineId: "no-such-entry", patientId: f.patientA.id, reason: "Same patient, confirmed with the ward" }),
  },
  // Discarding names no patient: any clinical user may ask, and only an entry they see in the list is discarded;
  // any other answers NOT_FOUND like a missing one (a specialist of another board: imaging.int.test.ts).
  "imaging.quarantine.discard": {
    allowed: [...CLINICAL_ON_A, "outsiderChair"],
    call: (c) => c.imaging.quarantine.discard({ quarantineId: "no-such-entry", reason: "Sent to the wrong hospital" }),
  },
};
