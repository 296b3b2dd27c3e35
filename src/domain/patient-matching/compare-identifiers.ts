/**
 * Side-by-side identifiers of a quarantined study and the patient a person is about to attach it to. Each field is
 * "same", "differs" or "unknown" (one side does not say); the screen highlights every "differs" so that a study named
 * SMITH whose Patient ID is BRENNAN's MRN does not slip into BRENNAN's record. Names compare as `normalizeName` does
 * (case, accents, spaces and punctuation ignored): family name and first given name, each only when both sides have one.
 */
import { normalizeName } from "./match-patient";

export type Sex = "FEMALE" | "MALE" | "OTHER" | "UNKNOWN";
export type Agreement = "same" | "differs" | "unknown";

export interface StudyIdentifiers {
  /** As the quarantine stores it: "Family, Given Middle" (from the DICOM PN). */
  name: string;
  /** YYYY-MM-DD, or null. */
  birthDate: string | null;
  sex: Sex | null;
  patientId: string;
}

export interface PatientIdentifiers {
  familyName: string;
  givenName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: Sex;
  mrn: string;
}

export interface IdentifierComparison {
  name: Agreement;
  birthDate: Agreement;
  sex: Agreement;
  patientId: Agreement;
}

function compareNames(studyName: string, patient: PatientIdentifiers): Agreement {
  const [family = "", given = ""] = studyName.split(",").map((part) => part.trim());
  const firstGiven = (name: string) => normalizeName(name.split(/\s+/)[0] ?? "");
  const pairs: [string, string][] = [
    [normalizeName(family), normalizeName(patient.familyName)],
    [firstGiven(given), firstGiven(patient.givenName)],
  ];
  const comparable = pairs.filter(([a, b]) => a && b);
  if (comparable.length === 0) return "unknown";
  return comparable.every(([a, b]) => a === b) ? "same" : "differs";
}

const compareValues = (a: string | null, b: string | null): Agreement => (!a || !b ? "unknown" : a === b ? "same" : "differs");

export function compareIdentifiers(study: StudyIdentifiers, patient: PatientIdentifiers): IdentifierComparison {
  const known = (sex: Sex | null) => (sex && sex !== "UNKNOWN" ? sex : null);
  return {
    name: compareNames(study.name, patient),
    birthDate: compareValues(study.birthDate, patient.birthDate),
    sex: compareValues(known(study.sex), known(patient.sex)),
    patientId: compareValues(study.patientId.trim() || null, patient.mrn),
  };
}
