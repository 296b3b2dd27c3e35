/**
 * Does an incoming DICOM study belong to the hospital patient with the same Patient ID (MRN)? The Patient ID must
 * match, and then the family name and the birth date too. A field missing on either side is a mismatch, not a
 * match: otherwise a file with the right Patient ID and nothing else would attach to whoever has that MRN. Names are compared without
 * regard to case, accents, spaces or punctuation ("O'Neill" = "ONEILL", "Müller" = "MULLER"). Anything less than a
 * match is held for a person to resolve: a study is never attached on a guess.
 */

export interface DicomPatient {
  /** (0010,0020) */
  patientId: string;
  /** (0010,0010) as stored, "Family^Given^Middle^Prefix^Suffix" (only the alphabetic group is compared). */
  patientName: string;
  /** (0010,0030) as YYYY-MM-DD, or null when absent. */
  birthDate: string | null;
}

export interface HospitalPatient {
  mrn: string;
  familyName: string;
  /** YYYY-MM-DD */
  birthDate: string | null;
}

export type MismatchCode = "FAMILY_NAME" | "BIRTH_DATE";

export interface MismatchReason {
  code: MismatchCode;
  /** For the person resolving it; names no patient data, so it may appear in logs and summaries. */
  message: string;
}

export type PatientMatch =
  | { kind: "match" }
  | { kind: "mismatch"; reasons: MismatchReason[] }
  | { kind: "unknown-patient"; message: string };

const TRANSLITERATIONS: Record<string, string> = { ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l", đ: "d", ð: "d", þ: "th", ı: "i" };

/** Case-, accent-, space- and punctuation-insensitive form of a name. */
export function normalizeName(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[ßæœøłđðþı]/g, (c) => TRANSLITERATIONS[c] ?? c)
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/** The family name of a DICOM PN value ("Family^Given..." ; the alphabetic group before any "="). */
export function dicomFamilyName(personName: string): string {
  const alphabetic = personName.split("=")[0] ?? "";
  return (alphabetic.split("^")[0] ?? "").trim();
}

export function matchDicomPatient(dicom: DicomPatient, hospital: HospitalPatient | null): PatientMatch {
  const patientId = dicom.patientId.trim();
  if (!patientId) return { kind: "unknown-patient", message: "The images carry no Patient ID." };
  if (!hospital || hospital.mrn !== patientId) {
    return { kind: "unknown-patient", message: "No patient in Concilium has the images' Patient ID as MRN." };
  }
  const reasons: MismatchReason[] = [];
  const family = normalizeName(dicomFamilyName(dicom.patientName));
  const hospitalFamily = normalizeName(hospital.familyName);
  if (!family || !hospitalFamily) {
    reasons.push({ code: "FAMILY_NAME", message: "The images carry no family name to compare with the patient record." });
  } else if (family !== hospitalFamily) {
    reasons.push({ code: "FAMILY_NAME", message: "The family name in the images differs from the patient record." });
  }
  if (!dicom.birthDate || !hospital.birthDate) {
    reasons.push({ code: "BIRTH_DATE", message: "The images carry no birth date to compare with the patient record." });
  } else if (dicom.birthDate !== hospital.birthDate) {
    reasons.push({ code: "BIRTH_DATE", message: "The birth date in the images differs from the patient record." });
  }
  return reasons.length ? { kind: "mismatch", reasons } : { kind: "match" };
}

/** One sentence for a quarantine entry. */
export function describeMatch(match: Exclude<PatientMatch, { kind: "match" }>): string {
  return match.kind === "unknown-patient" ? match.message : match.reasons.map((r) => r.message).join(" ");
}
