import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  "imaging.studies": { allowed: CLINICAL_ON_A, call: (c, f) => c.imaging.studies({ patientId: f.patientA.id }) },
  // Every clinical user may ask; the list holds only entries of their boards' patients (unmatched ones: chairs and coordinators).
  "imaging.quarantine.list": { allowed: [...CLINICAL_ON_A, "outsiderChair"], call: (c) => c.imaging.quarantine.list() },
  // Filtered to the caller's own boards, so a chair of board B gets board B's patients.
  "imaging.quarantine.patients": { allowed: [...CLINICAL_ON_A, "outsiderChair"], call: (c) => c.imaging.quarantine.patients() },
  // Attaching needs membership of a board of the patient: the outsider is refused before anything is looked up.
  "imaging.quarantine.resolve": {
    allowed: CLINICAL_ON_A,
    call: (c, f) => c.imaging.quarantine.resolve({ quarantineId: "no-such-entry", action: "attach", patientId: f.patientA.id, reason: "Same patient, confirmed with the ward" }),
  },
};
