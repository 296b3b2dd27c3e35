import { describe, expect, it } from "vitest";
import { compareIdentifiers } from "./compare-identifiers";

const brennan = { familyName: "Brennan", givenName: "Kate", birthDate: "1962-04-09", sex: "FEMALE" as const, mrn: "MRN-100101" };

describe("compareIdentifiers", () => {
  it("flags a study named SMITH that carries BRENNAN's MRN", () => {
    expect(compareIdentifiers({ name: "SMITH, John", birthDate: "1950-01-01", sex: "MALE", patientId: "MRN-100101" }, brennan)).toEqual({
      name: "differs",
      birthDate: "differs",
      sex: "differs",
      patientId: "same",
    });
  });

  it("ignores case, accents and punctuation in names, and compares the first given name only", () => {
    expect(compareIdentifiers({ name: "BRENNAN, Kate Mary", birthDate: "1962-04-09", sex: "FEMALE", patientId: "MRN-100101" }, brennan).name).toBe("same");
    expect(compareIdentifiers({ name: "Müller, Jörg", birthDate: null, sex: null, patientId: "" }, { ...brennan, familyName: "MULLER", givenName: "Jorg" }).name).toBe("same");
    expect(compareIdentifiers({ name: "BRENNAN, Karen", birthDate: null, sex: null, patientId: "" }, brennan).name).toBe("differs");
  });

  it("says unknown where the images do not tell", () => {
    expect(compareIdentifiers({ name: "", birthDate: null, sex: "UNKNOWN", patientId: " " }, brennan)).toEqual({
      name: "unknown",
      birthDate: "unknown",
      sex: "unknown",
      patientId: "unknown",
    });
    // A family name alone is compared on its own.
    expect(compareIdentifiers({ name: "Brennan", birthDate: null, sex: null, patientId: "X" }, brennan)).toMatchObject({ name: "same", patientId: "differs" });
  });
});
