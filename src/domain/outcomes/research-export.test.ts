import { describe, expect, it } from "vitest";
import { datasetRow, DATASET_COLUMNS, PSEUDONYMISED_COLUMNS, type DatasetRow, type DecisionFacts } from "./dataset";
import { csvField, csvHeader, csvRecord, EquivalenceClasses, exportColumns, projectRow } from "./research-export";

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const facts = (n: number, more: Partial<DecisionFacts> = {}): DecisionFacts => ({
  decisionId: `dec${n}`,
  decisionVersion: 1,
  board: "thoracic",
  patient: { pseudonym: `P-${n}`, mrn: `MRN-${n}`, familyName: "Doe", givenName: "Jane", birthDate: d("1958-06-15"), sex: "FEMALE" },
  topographyCode: "C34.1",
  morphologyCode: "8140/3",
  tnmPrefix: "c",
  tCategory: "T2a",
  nCategory: "N2",
  mCategory: "M0",
  stageGroup: "IIIA",
  histology: "Adenocarcinoma",
  grade: null,
  biomarkers: [],
  ecog: 1,
  intent: "CURATIVE",
  modalities: ["SURGERY"],
  trialIdentifier: null,
  guidelineConcordant: true,
  guidelineDeviationReason: null,
  quorate: true,
  discussedOn: d("2024-03-01"),
  referredOn: d("2024-02-20"),
  ...more,
});
const row = (n: number, more: Partial<DecisionFacts> = {}): DatasetRow => datasetRow(facts(n, more), []);

describe("pseudonymised columns", () => {
  it("drop every direct identifier and calendar date, and keep age as a 5-year band", () => {
    const projected = projectRow(row(1), exportColumns("pseudonymised"));
    for (const dropped of ["mrn", "family_name", "given_name", "birth_date", "decision_date", "decision_id", "age_at_decision"]) expect(projected).not.toHaveProperty(dropped);
    expect(projected).toMatchObject({ pseudonym: "P-1", age_band: "65-69", sex: "FEMALE", decision_quarter: "2024-Q1", days_referral_to_discussion: 10 });
    expect(Object.keys(projected)).toEqual(PSEUDONYMISED_COLUMNS.map((c) => c.name));
  });

  it("are all the columns in an identifiable export", () => {
    expect(Object.keys(projectRow(row(1), exportColumns("identifiable")))).toEqual(DATASET_COLUMNS.map((c) => c.name));
    expect(projectRow(row(1), exportColumns("identifiable"))).toMatchObject({ mrn: "MRN-1", birth_date: "1958-06-15", decision_date: "2024-03-01" });
  });
});

describe("k-anonymity", () => {
  it("suppresses the rows of classes smaller than k and reports each class with its size", () => {
    const classes = new EquivalenceClasses();
    const common = Array.from({ length: 5 }, (_, i) => row(i));
    const rareMale = [row(10, { patient: { ...facts(10).patient, sex: "MALE" } }), row(11, { patient: { ...facts(11).patient, sex: "MALE" } })];
    const rareStage = [row(12, { stageGroup: "IV" })];
    for (const r of [...common, ...rareMale, ...rareStage]) classes.add(r);

    const report = classes.report(5);
    expect(report).toMatchObject({ k: 5, totalRows: 8, keptRows: 5, suppressedRows: 3, quasiIdentifiers: ["board", "site", "stage_group", "age_band", "sex"] });
    expect(report.suppressedClasses).toEqual([
      { values: { board: "thoracic", site: "C34", stage_group: "IIIA", age_band: "65-69", sex: "MALE" }, count: 2 },
      { values: { board: "thoracic", site: "C34", stage_group: "IV", age_band: "65-69", sex: "FEMALE" }, count: 1 },
    ]);
    expect(common.every((r) => classes.keeps(r, 5))).toBe(true);
    expect([...rareMale, ...rareStage].some((r) => classes.keeps(r, 5))).toBe(false);
    // k = 1 keeps everything; k = 6 suppresses the class of five too.
    expect(classes.report(1).suppressedRows).toBe(0);
    expect(classes.report(6).keptRows).toBe(0);
  });

  it("treats an unknown quasi-identifier as a value of its own", () => {
    const classes = new EquivalenceClasses();
    classes.add(row(1, { stageGroup: null }));
    expect(classes.report(2).suppressedClasses[0]!.values.stage_group).toBeNull();
  });
});

describe("CSV", () => {
  it("quotes commas, quotes and line breaks, keeps CRLF for record ends only and defuses formulas", () => {
    expect(csvField(null)).toBe("");
    expect(csvField(true)).toBe("true");
    expect(csvField(12)).toBe("12");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "no"')).toBe('"say ""no"""');
    expect(csvField("line one\r\nline two")).toBe('"line one\nline two"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("-3")).toBe("'-3");
  });

  it("writes one CRLF-ended record per row under a header of the export's columns", () => {
    const columns = exportColumns("pseudonymised");
    const text = csvHeader(columns) + csvRecord(projectRow(row(1, { guidelineDeviationReason: "Frail,\r\nprefers radiotherapy" }), columns), columns);
    expect(text.split("\r\n")).toHaveLength(3);
    expect(text.startsWith("pseudonym,decision_version,decision_year")).toBe(true);
    expect(text).not.toContain("MRN-1");
    expect(text).toContain('"Frail,\nprefers radiotherapy"');
  });
});
