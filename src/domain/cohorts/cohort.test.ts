import { describe, expect, it } from "vitest";
import { type AnalysisRow, ageFromBand, designMatrix, filterRows, groupRows, leftOutSentence, mainStage, survivalData, tooFewEventsReason } from "./cohort";
import { estimateSentence, optionOf } from "./treatment-options";

const row = (over: Partial<AnalysisRow>): AnalysisRow => ({
  pseudonym: "CON-1",
  board: "thoracic",
  site: "C34",
  stage_group: "IIIA",
  histology: "Adenocarcinoma",
  biomarkers: "EGFR: exon 19 deletion; PD-L1: >=50%",
  ecog: 1,
  age_band: "65-69",
  sex: "FEMALE",
  intent: "CURATIVE",
  modalities: "SURGERY;SYSTEMIC_THERAPY",
  decision_year: 2024,
  decision_quarter: "2024-Q2",
  os_days: 400,
  os_event: true,
  pfs_days: 200,
  pfs_event: true,
  data_issue: null,
  ...over,
});

describe("cohort filters", () => {
  it("treats stage III as IIIA, IIIB and IIIC, and matches a biomarker by name or by result", () => {
    const rows = [row({ pseudonym: "a" }), row({ pseudonym: "b", stage_group: "IIIC" }), row({ pseudonym: "c", stage_group: "IV", biomarkers: null })];
    expect(filterRows(rows, { stageGroups: ["III"] }).map((r) => r.pseudonym)).toEqual(["a", "b"]);
    expect(filterRows(rows, { stageGroups: ["IIIA"] }).map((r) => r.pseudonym)).toEqual(["a"]);
    expect(filterRows(rows, { biomarker: "egfr" }).map((r) => r.pseudonym)).toEqual(["a", "b"]);
    expect(filterRows(rows, { biomarker: "EGFR: exon 19 deletion" })).toHaveLength(2);
    expect(filterRows(rows, { biomarker: "EGFR: wild type" })).toHaveLength(0);
  });

  it("filters by any of the chosen modalities and by a period of quarters", () => {
    const rows = [row({ pseudonym: "a" }), row({ pseudonym: "b", modalities: "RADIOTHERAPY", decision_quarter: "2023-Q4" })];
    expect(filterRows(rows, { modalities: ["RADIOTHERAPY", "CHEMORADIATION"] }).map((r) => r.pseudonym)).toEqual(["b"]);
    expect(filterRows(rows, { periodFrom: "2024-Q1" }).map((r) => r.pseudonym)).toEqual(["a"]);
    expect(filterRows(rows, { periodTo: "2023-Q4" }).map((r) => r.pseudonym)).toEqual(["b"]);
  });
});

describe("groups", () => {
  it("draws the four largest groups and counts the others", () => {
    const rows = ["I", "I", "II", "II", "II", "IIIA", "IIIB", "III", "III", "IV", "IV", "IV", "IV", "IV", "0"].map((s, i) => row({ pseudonym: `p${i}`, stage_group: s }));
    const { groups, leftOut } = groupRows(rows, "stage");
    expect(groups.map((g) => [g.label, g.rows.length])).toEqual([["Stage I", 2], ["Stage II", 3], ["Stage III", 4], ["Stage IV", 5]]);
    expect(leftOut).toEqual({ groups: 1, patients: 1 });
    expect(mainStage("IIIB")).toBe("III");
    expect(mainStage("unknown")).toBeNull();
  });
});

describe("survival data", () => {
  it("names each row it cannot use instead of dropping it", () => {
    const rows = [row({ pseudonym: "ok" }), row({ pseudonym: "dead-before", data_issue: "death recorded before the decision" }), row({ pseudonym: "neg", os_days: -3 }), row({ pseudonym: "none", os_days: null })];
    const { observations, issues } = survivalData(rows, "OS");
    expect(observations).toEqual([{ time: 400, event: true }]);
    expect(issues).toEqual([
      { pseudonym: "dead-before", issue: "death recorded before the decision" },
      { pseudonym: "neg", issue: "negative follow-up time" },
      { pseudonym: "none", issue: "follow-up time missing" },
    ]);
  });
});

describe("Cox design", () => {
  it("keeps complete cases and counts the others per reason, in a sentence", () => {
    const rows = [row({}), row({ ecog: null }), row({ ecog: null }), row({ stage_group: null }), row({ sex: "UNKNOWN" })];
    const design = designMatrix(rows, "OS", ["age", "ecog", "stage_dummies"]);
    expect(design.names).toEqual(["age (per year)", "ECOG (per point)", "stage II vs I", "stage III vs I", "stage IV vs I"]);
    expect(design.rows).toHaveLength(2);
    expect(design.rows[0]!.covariates).toEqual([67, 1, 0, 1, 0]);
    expect(leftOutSentence(5, design.leftOut)).toBe("3 of 5 patients left out: ECOG unknown (2), stage unknown (1)");
    expect(leftOutSentence(240, [{ reason: "ECOG unknown", count: 12 }])).toBe("12 of 240 patients left out: ECOG unknown");
  });

  it("refuses below 10 events per covariate, in plain words", () => {
    expect(tooFewEventsReason(30, 3)).toBeNull();
    expect(tooFewEventsReason(29, 3)).toContain("Only 29 events for 3 covariates: a Cox model needs at least 10 events per covariate (30 here)");
    expect(ageFromBand("90+")).toBe(92);
    expect(ageFromBand("40-44")).toBe(42);
  });
});

describe("treatment options", () => {
  it("are intent plus treating modalities, never diagnostics or a trial alone", () => {
    expect(optionOf({ intent: "CURATIVE", modalities: "SYSTEMIC_THERAPY;SURGERY;CLINICAL_TRIAL" })).toMatchObject({ key: "CURATIVE|SURGERY;SYSTEMIC_THERAPY", label: "Surgery + Systemic therapy (curative)" });
    expect(optionOf({ intent: "NONE", modalities: "FURTHER_DIAGNOSTICS" })).toBeNull();
    expect(estimateSentence({ phrase: "surgery with curative intent", patients: 142 }, { years: 2, survival: 0.64, lower: 0.55, upper: 0.72 })).toBe(
      "Of 142 comparable patients who were recommended surgery with curative intent, 64% (55-72%) were alive at 2 years (estimated for this patient's stage, age, sex and ECOG).",
    );
  });
});
