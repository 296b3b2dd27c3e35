import { describe, expect, it } from "vitest";
import { ageBand, datasetRow, DATASET_COLUMNS, daysBetween, PSEUDONYMISED_COLUMNS, QUASI_IDENTIFIERS, type DecisionFacts, type OutcomeFact } from "./dataset";

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const facts: DecisionFacts = {
  decisionId: "dec1",
  decisionVersion: 1,
  board: "thoracic",
  patient: { pseudonym: "P-1", mrn: "MRN-1", familyName: "Doe", givenName: "Jane", birthDate: d("1958-06-15"), sex: "FEMALE" },
  topographyCode: "C34.1",
  morphologyCode: "8140/3",
  tnmPrefix: "c",
  tCategory: "T2a",
  nCategory: "N2",
  mCategory: "M0",
  stageGroup: "IIIA",
  histology: "Adenocarcinoma",
  grade: null,
  biomarkers: [{ marker: "EGFR", value: "exon 19 deletion" }],
  ecog: 1,
  intent: "CURATIVE",
  modalities: ["CHEMORADIATION"],
  trialIdentifier: null,
  guidelineConcordant: true,
  guidelineDeviationReason: null,
  quorate: true,
  discussedOn: d("2024-03-01"),
  referredOn: d("2024-02-20"),
};
const outcome = (kind: OutcomeFact["kind"], iso: string, more: Partial<OutcomeFact> = {}): OutcomeFact => ({
  kind,
  occurredOn: d(iso),
  treatment: null,
  followedRecommendation: null,
  deviationReason: null,
  diseaseStatus: null,
  causeOfDeath: null,
  ...more,
});

describe("the outcome dataset row", () => {
  it("counts overall survival to death and progression-free survival to the first progression", () => {
    const row = datasetRow(facts, [
      outcome("TREATMENT", "2024-03-15", { treatment: "RADIOTHERAPY", followedRecommendation: true }),
      outcome("DISEASE_STATUS", "2024-06-01", { diseaseStatus: "RESPONDING" }),
      outcome("PROGRESSION", "2024-09-01"),
      outcome("DEATH", "2025-01-10", { causeOfDeath: "CANCER" }),
    ]);
    expect(row).toMatchObject({
      os_days: daysBetween(d("2024-03-01"), d("2025-01-10")),
      os_event: true,
      pfs_days: 184,
      pfs_event: true,
      days_to_treatment: 14,
      treatment_given: "RADIOTHERAPY",
      treatment_followed_recommendation: true,
      vital_status: "DEAD",
      cause_of_death: "CANCER",
      latest_disease_status: "RESPONDING",
      days_referral_to_discussion: 10,
      age_at_decision: 65,
      age_band: "65-69",
      site: "C34",
      decision_quarter: "2024-Q1",
      biomarkers: "EGFR: exon 19 deletion",
      data_issue: null,
    });
  });

  it("censors a living patient at the last follow-up of any kind", () => {
    const row = datasetRow(facts, [outcome("ALIVE", "2024-12-01"), outcome("DISEASE_STATUS", "2024-09-01", { diseaseStatus: "STABLE" })]);
    expect(row).toMatchObject({ os_days: 275, os_event: false, pfs_days: 275, pfs_event: false, last_follow_up_days: 275, vital_status: "ALIVE" });
  });

  it("counts a progressing disease status as progression", () => {
    const row = datasetRow(facts, [outcome("DISEASE_STATUS", "2024-04-01", { diseaseStatus: "PROGRESSING" }), outcome("ALIVE", "2024-05-01")]);
    expect(row).toMatchObject({ pfs_days: 31, pfs_event: true, os_event: false });
  });

  it("reports a death before the decision instead of dropping it, and does not count it as an event", () => {
    const row = datasetRow(facts, [outcome("DEATH", "2024-01-01")]);
    expect(row.os_event).toBe(false);
    expect(row.data_issue).toContain("death recorded before the decision");
  });

  it("reports outcomes after a loss to follow-up", () => {
    const row = datasetRow(facts, [outcome("LOST_TO_FOLLOW_UP", "2024-05-01"), outcome("ALIVE", "2024-07-01")]);
    expect(row.data_issue).toContain("after the patient was lost to follow-up");
  });

  it("marks a course that departed from the recommendation, with why", () => {
    const row = datasetRow(facts, [
      outcome("TREATMENT", "2024-03-20", { treatment: "SYSTEMIC_THERAPY", followedRecommendation: true }),
      outcome("TREATMENT", "2024-05-20", { treatment: "OTHER", followedRecommendation: false, deviationReason: "FITNESS" }),
    ]);
    expect(row).toMatchObject({ treatment_given: "SYSTEMIC_THERAPY;OTHER", treatment_followed_recommendation: false, treatment_deviation_reasons: "FITNESS" });
  });
});

describe("the dataset definition", () => {
  it("gives every column a meaning and unique name, and keeps no direct identifier in the pseudonymised export", () => {
    expect(new Set(DATASET_COLUMNS.map((c) => c.name)).size).toBe(DATASET_COLUMNS.length);
    for (const c of DATASET_COLUMNS) expect(c.meaning.length).toBeGreaterThan(10);
    const kept = PSEUDONYMISED_COLUMNS.map((c) => c.name);
    for (const identifying of ["mrn", "family_name", "given_name", "birth_date", "decision_date", "age_at_decision", "decision_id"]) expect(kept).not.toContain(identifying);
    expect(QUASI_IDENTIFIERS).toEqual(["board", "site", "stage_group", "age_band", "sex"]);
  });

  it("bands ages in five years, the oldest together", () => {
    expect([ageBand(40), ageBand(44), ageBand(45), ageBand(89), ageBand(93)]).toEqual(["40-44", "40-44", "45-49", "85-89", "90+"]);
  });
});
