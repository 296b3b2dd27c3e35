import { describe, expect, it } from "vitest";
import { endOfToday, headerProblems, HISTORY_COLUMNS, personMismatch, readHistoryRow, recordProblems } from "./history-record";

const today = endOfToday(new Date("2026-12-05T15:00:00Z"));
const cells = (over: Record<string, string> = {}) => ({
  case_external_id: "R-1",
  mrn: "M-1",
  family_name: "Müller",
  given_name: "Jörg",
  birth_date: "1951-03-14",
  sex: "male",
  topography_code: "C50.4",
  morphology_code: "8500/3",
  referral_date: "2025-01-02",
  discussion_date: "2025-01-09",
  tnm_prefix: "p",
  t_category: "pT1c",
  n_category: "N0",
  m_category: "M0",
  stage_group: "IA",
  intent: "CURATIVE",
  modalities: "SURGERY; SYSTEMIC_THERAPY",
  recommendation: "Lumpectomy, then endocrine therapy",
  ...over,
});

describe("the history CSV's columns", () => {
  it("names unknown and missing columns of a header", () => {
    expect(headerProblems(HISTORY_COLUMNS.map((c) => c.name))).toEqual([]);
    expect(headerProblems(["case_external_id", "mrn", "mrn", "colour"])).toEqual([
      "Unknown column: colour. The columns are listed in the README (Import history).",
      expect.stringMatching(/^Missing columns: family_name, given_name, birth_date, sex, topography_code, morphology_code, referral_date, discussion_date, intent, modalities, recommendation\.$/),
      "The column mrn appears twice.",
    ]);
  });

  it("maps a row to a record: codes, prefix stripped from categories, lists split, the vital status as an outcome", () => {
    const result = readHistoryRow(cells({ vital_status: "alive", vital_status_date: "2026-01-01", biomarkers: "ER: positive; HER2: 1+" }), today);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.record).toMatchObject({
      patient: { sex: "MALE", birthDate: new Date("1951-03-14T00:00:00Z") },
      condition: { topographyCode: "C50.4", topographyDisplay: "C50.4" },
      decision: { tnmPrefix: "p", tCategory: "T1c", stageGroup: "IA", modalities: ["SURGERY", "SYSTEMIC_THERAPY"], biomarkers: [{ marker: "ER", value: "positive" }, { marker: "HER2", value: "1+" }] },
      outcomes: [{ externalId: "R-1/vital", kind: "ALIVE", occurredOn: new Date("2026-01-01T00:00:00Z") }],
    });
  });

  it("says in words what is wrong with each cell", () => {
    const result = readHistoryRow(
      cells({ topography_code: "34.1", morphology_code: "8500", birth_date: "1951-02-30", discussion_date: "2027-01-01", intent: "maybe", ecog: "7", treatment_given: "SURGERY", vital_status: "DEAD", cause_of_death: "CANCER" }),
      today,
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        'birth_date "1951-02-30" is not a date as YYYY-MM-DD.',
        'topography_code "34.1" is not an ICD-O-3 topography code such as C34.1.',
        'morphology_code "8500" is not an ICD-O-3 morphology code such as 8140/3.',
        "discussion_date 2027-01-01 is in the future.",
        'ecog "7" must be a whole number from 0 to 5.',
        'intent "maybe" is not one of CURATIVE, PALLIATIVE, NONE.',
        "treatment_start_date is empty.",
        "vital_status_date is empty.",
      ],
    });
  });

  it("checks TNM and stage group with the staging domain, keeping a registry's stage group that differs from the computed one", () => {
    expect(readHistoryRow(cells({ t_category: "T5" }), today)).toEqual({ ok: false, errors: ["T5 is not a T category of AJCC 8th edition breast staging."] });
    expect(readHistoryRow(cells({ stage_group: "IX" }), today)).toEqual({ ok: false, errors: ["IX is not an AJCC 8th edition breast stage group."] });
    expect(readHistoryRow(cells({ stage_group: "IIA" }), today).ok).toBe(true);
  });
});

describe("person matching by MRN", () => {
  it("accepts the same family name written differently, and refuses another name or birth date", () => {
    const known = { mrn: "M-1", familyName: "Muller", birthDate: new Date("1951-03-14T00:00:00Z") };
    expect(personMismatch({ ...known, familyName: "MÜLLER" }, known)).toBeNull();
    expect(personMismatch({ ...known, familyName: "Smith" }, known)).toMatch(/^The MRN M-1 belongs to a patient with another family name:/);
    expect(personMismatch({ ...known, birthDate: new Date("1951-03-15T00:00:00Z") }, known)).toMatch(/another birth date/);
  });
});

describe("records read from FHIR", () => {
  it("get the same code, staging and date checks", () => {
    const result = readHistoryRow(cells(), today);
    if (!result.ok) throw new Error("fixture row invalid");
    expect(recordProblems(result.record, today)).toEqual([]);
    const bad = { ...result.record, condition: { ...result.record.condition, morphologyCode: "adeno" }, discussedOn: new Date("2030-01-01T00:00:00Z") };
    expect(recordProblems(bad, today)).toEqual(['The morphology "adeno" is not an ICD-O-3 morphology code such as 8140/3.', "The discussion date (2030-01-01) is in the future."]);
  });
});
