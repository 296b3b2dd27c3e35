/**
 * Matching a patient against what a coordinator types in the search box.
 *
 * The text is cut into terms (at spaces and commas); a patient matches when EVERY term occurs in the MRN, the family
 * name or the given name. Comparison ignores case and diacritics: "wrobel" finds "Wróbel", "GOMEZ" finds "Gómez",
 * "kowalski piotr" and "Kowalski, P" both find Piotr Kowalski. Letters that Unicode does not decompose (ø, ł, ß, æ)
 * are folded by hand, so that "Oster" also finds "Øster". An optional birth date must match exactly.
 */

const FOLDED: Record<string, string> = { ø: "o", ł: "l", đ: "d", ħ: "h", ß: "ss", æ: "ae", œ: "oe", þ: "th", ı: "i" };

/** Lower case, without diacritics: what both sides are compared as. */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[øłđħßæœþı]/g, (c) => FOLDED[c] ?? c);
}

export function searchTerms(text: string): string[] {
  return foldForSearch(text)
    .split(/[\s,;]+/)
    .filter((t) => t.length > 0);
}

export interface SearchablePatient {
  mrn: string;
  familyName: string;
  givenName: string;
  /** A calendar date (stored at midnight UTC). */
  birthDate: Date;
}

export interface PatientQuery {
  /** MRN or (part of) a name; may be empty when a birth date is given. */
  text: string;
  /** YYYY-MM-DD, or null. */
  birthDate: string | null;
}

export function matchesPatientQuery(patient: SearchablePatient, query: PatientQuery): boolean {
  if (query.birthDate && patient.birthDate.toISOString().slice(0, 10) !== query.birthDate) return false;
  const haystack = [patient.mrn, patient.familyName, patient.givenName].map(foldForSearch);
  return searchTerms(query.text).every((term) => haystack.some((field) => field.includes(term)));
}

/** Best first: an exact MRN, then family names that start with the first term, then alphabetical. */
export function comparePatientMatches(query: PatientQuery) {
  const [first = ""] = searchTerms(query.text);
  const rank = (p: SearchablePatient) => (foldForSearch(p.mrn) === first ? 0 : foldForSearch(p.familyName).startsWith(first) ? 1 : 2);
  return (a: SearchablePatient, b: SearchablePatient) =>
    rank(a) - rank(b) || a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName) || a.mrn.localeCompare(b.mrn);
}
