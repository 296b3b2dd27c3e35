/**
 * DICOM JSON metadata for an expert who was shared a case pseudonymised: the patient's name and ID become the
 * research pseudonym, and the attributes that identify the patient or the visit are left out (a subset of DICOM
 * PS3.15 Annex E's Basic Profile: the ones a radiology viewer receives in instance metadata). Pixel data is not
 * touched here; whole DICOM files are not served to such an expert at all.
 */

type DicomJsonObject = Record<string, unknown>;

/** Replaced by the pseudonym. */
const PATIENT_NAME = "00100010";
const PATIENT_ID = "00100020";

/** Left out. */
export const REMOVED_TAGS = [
  "00100030", // Patient's Birth Date
  "00100032", // Patient's Birth Time
  "00101000", // Other Patient IDs
  "00101001", // Other Patient Names
  "00101002", // Other Patient IDs Sequence
  "00101005", // Patient's Birth Name
  "00101040", // Patient's Address
  "00101060", // Patient's Mother's Birth Name
  "00102154", // Patient's Telephone Numbers
  "00080050", // Accession Number
  "00080090", // Referring Physician's Name
  "00081048", // Physician(s) of Record
  "00081050", // Performing Physician's Name
  "00081060", // Name of Physician(s) Reading Study
  "00081070", // Operators' Name
  "00321032", // Requesting Physician
  "00380010", // Admission ID
  "00400275", // Request Attributes Sequence
] as const;

export function pseudonymiseDicomJson(objects: unknown, pseudonym: string): unknown {
  if (!Array.isArray(objects)) return objects;
  return objects.map((object) => {
    if (!object || typeof object !== "object") return object;
    const copy: DicomJsonObject = { ...(object as DicomJsonObject) };
    for (const tag of REMOVED_TAGS) delete copy[tag];
    if (PATIENT_NAME in copy) copy[PATIENT_NAME] = { vr: "PN", Value: [{ Alphabetic: pseudonym }] };
    if (PATIENT_ID in copy) copy[PATIENT_ID] = { vr: "LO", Value: [pseudonym] };
    return copy;
  });
}
