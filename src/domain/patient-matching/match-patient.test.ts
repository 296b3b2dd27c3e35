import { describe, expect, it } from "vitest";
import { describeMatch, dicomFamilyName, matchDicomPatient, normalizeName } from "./match-patient";

const hospital = { mrn: "MRN-1", familyName: "Müller-Lüdenscheidt", birthDate: "1951-03-14" };

describe("matchDicomPatient", () => {
  it("matches on Patient ID, then family name and birth date", () => {
    expect(matchDicomPatient({ patientId: "MRN-1", patientName: "MULLER LUDENSCHEIDT^Hans", birthDate: "1951-03-14" }, hospital)).toEqual({ kind: "match" });
    expect(matchDicomPatient({ patientId: " MRN-1 ", patientName: "müller-lüdenscheidt", birthDate: "1951-03-14" }, hospital)).toEqual({ kind: "match" });
  });

  it("treats an empty name or birth date, on either side, as a mismatch: the Patient ID alone never attaches", () => {
    expect(matchDicomPatient({ patientId: "MRN-1", patientName: "", birthDate: null }, hospital)).toEqual({
      kind: "mismatch",
      reasons: [
        { code: "FAMILY_NAME", message: "The images carry no family name to compare with the patient record." },
        { code: "BIRTH_DATE", message: "The images carry no birth date to compare with the patient record." },
      ],
    });
    expect(matchDicomPatient({ patientId: "MRN-1", patientName: "^Hans", birthDate: "1951-03-14" }, hospital)).toMatchObject({ kind: "mismatch", reasons: [{ code: "FAMILY_NAME" }] });
    expect(matchDicomPatient({ patientId: "MRN-1", patientName: "Müller-Lüdenscheidt", birthDate: null }, hospital)).toMatchObject({ kind: "mismatch", reasons: [{ code: "BIRTH_DATE" }] });
    expect(matchDicomPatient({ patientId: "MRN-1", patientName: "Smith^Anna", birthDate: "1951-03-14" }, { ...hospital, birthDate: null })).toMatchObject({
      kind: "mismatch",
      reasons: [{ code: "FAMILY_NAME" }, { code: "BIRTH_DATE" }],
    });
  });

  it("lists every difference", () => {
    const result = matchDicomPatient({ patientId: "MRN-1", patientName: "Smith^Anna", birthDate: "1960-01-01" }, hospital);
    expect(result).toMatchObject({ kind: "mismatch", reasons: [{ code: "FAMILY_NAME" }, { code: "BIRTH_DATE" }] });
    expect(describeMatch(result as Exclude<typeof result, { kind: "match" }>)).toBe(
      "The family name in the images differs from the patient record. The birth date in the images differs from the patient record.",
    );
  });

  it("reports an unknown or missing Patient ID", () => {
    expect(matchDicomPatient({ patientId: "OTHER", patientName: "", birthDate: null }, null)).toEqual({
      kind: "unknown-patient",
      message: "No patient in Concilium has the images' Patient ID as MRN.",
    });
    expect(matchDicomPatient({ patientId: "  ", patientName: "", birthDate: null }, hospital).kind).toBe("unknown-patient");
    expect(matchDicomPatient({ patientId: "mrn-1", patientName: "", birthDate: null }, hospital).kind).toBe("unknown-patient");
  });
});

describe("names", () => {
  it("normalizes case, accents, spaces, punctuation and a few letters without decomposition", () => {
    expect(normalizeName("O'Neill")).toBe(normalizeName("ONEILL"));
    expect(normalizeName("Straße")).toBe("strasse");
    expect(normalizeName("Østergård")).toBe("ostergard");
    expect(normalizeName("van der Berg")).toBe("vanderberg");
  });

  it("reads the family name from a DICOM PN", () => {
    expect(dicomFamilyName("Doe^John^^Dr")).toBe("Doe");
    expect(dicomFamilyName("Yamada^Tarou=山田^太郎")).toBe("Yamada");
    expect(dicomFamilyName("")).toBe("");
  });
});
