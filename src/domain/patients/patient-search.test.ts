import { describe, expect, it } from "vitest";
import { comparePatientMatches, foldForSearch, matchesPatientQuery, searchTerms } from "./patient-search";

const piotr = { mrn: "MRN-100109", familyName: "Kowalski", givenName: "Piotr", birthDate: new Date("1954-03-08T00:00:00Z") };
const agnieszka = { mrn: "MRN-100110", familyName: "Wróbel-Øster", givenName: "Agnieszka", birthDate: new Date("1970-11-02T00:00:00Z") };
const q = (text: string, birthDate: string | null = null) => ({ text, birthDate });

describe("patient search", () => {
  it("folds case and diacritics, including letters Unicode does not decompose", () => {
    expect(foldForSearch("Wróbel-Øster")).toBe("wrobel-oster");
    expect(foldForSearch("Łukasz Weißmann")).toBe("lukasz weissmann");
    expect(searchTerms(" Kowalski,  Piotr ")).toEqual(["kowalski", "piotr"]);
  });

  it("finds by MRN, partial MRN, partial name in any order, without diacritics", () => {
    expect(matchesPatientQuery(piotr, q("mrn-100109"))).toBe(true);
    expect(matchesPatientQuery(piotr, q("100109"))).toBe(true);
    expect(matchesPatientQuery(piotr, q("kowal"))).toBe(true);
    expect(matchesPatientQuery(piotr, q("Piotr KOWALSKI"))).toBe(true);
    expect(matchesPatientQuery(agnieszka, q("wrobel"))).toBe(true);
    expect(matchesPatientQuery(agnieszka, q("oster"))).toBe(true);
  });

  it("needs every term to match", () => {
    expect(matchesPatientQuery(piotr, q("kowalski anna"))).toBe(false);
    expect(matchesPatientQuery(agnieszka, q("kowal"))).toBe(false);
  });

  it("matches the birth date exactly, alone or with a name", () => {
    expect(matchesPatientQuery(piotr, q("", "1954-03-08"))).toBe(true);
    expect(matchesPatientQuery(piotr, q("kowalski", "1954-03-09"))).toBe(false);
    expect(matchesPatientQuery(agnieszka, q("", "1954-03-08"))).toBe(false);
  });

  it("puts an exact MRN first, then family names that start with the term", () => {
    const list = [agnieszka, piotr].sort(comparePatientMatches(q("mrn-100109")));
    expect(list[0]).toBe(piotr);
    const byName = [piotr, { ...agnieszka, familyName: "Kowalska" }].sort(comparePatientMatches(q("kowalsk")));
    expect(byName.map((p) => p.familyName)).toEqual(["Kowalska", "Kowalski"]);
  });
});
