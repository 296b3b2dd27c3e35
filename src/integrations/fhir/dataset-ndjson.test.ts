import { describe, expect, it } from "vitest";
import { datasetRow, type DecisionFacts } from "@/domain/outcomes/dataset";
import { exportColumns, projectRow } from "@/domain/outcomes/research-export";
import { datasetRowNdjson, datasetRowResources } from "./dataset-ndjson";

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const facts: DecisionFacts = {
  decisionId: "dec1",
  decisionVersion: 1,
  board: "thoracic",
  patient: { pseudonym: "CON-7Q2", mrn: "MRN-1", familyName: "Doe", givenName: "Jane", birthDate: d("1958-06-15"), sex: "FEMALE" },
  topographyCode: "C34.1",
  morphologyCode: "8140/3",
  tnmPrefix: "p",
  tCategory: "T2a",
  nCategory: "N2",
  mCategory: "M0",
  stageGroup: "IIIA",
  histology: "Adenocarcinoma",
  grade: null,
  biomarkers: [],
  ecog: 1,
  intent: "CURATIVE",
  modalities: ["SURGERY", "SYSTEMIC_THERAPY"],
  trialIdentifier: null,
  guidelineConcordant: true,
  guidelineDeviationReason: null,
  quorate: true,
  discussedOn: d("2024-03-01"),
  referredOn: d("2024-02-20"),
};
const full = datasetRow(facts, [
  { kind: "DISEASE_STATUS", occurredOn: d("2024-09-01"), diseaseStatus: "STABLE", treatment: null, followedRecommendation: null, deviationReason: null, causeOfDeath: null },
  { kind: "DEATH", occurredOn: d("2025-03-01"), causeOfDeath: "CANCER", treatment: null, followedRecommendation: null, deviationReason: null, diseaseStatus: null },
]);

describe("the dataset as FHIR Bulk Data NDJSON", () => {
  it("maps a pseudonymised row to a Patient, a PrimaryCancerCondition, stage, ECOG and disease status Observations and a CarePlan, with no identity or date", () => {
    const resources = datasetRowResources(projectRow(full, exportColumns("pseudonymised")), "pseudonymised", 1);
    expect(resources.map((r) => r.resourceType)).toEqual(["Patient", "Condition", "Observation", "Observation", "Observation", "CarePlan"]);
    const [patient, condition, stage, ecog, status, plan] = resources as Record<string, unknown>[];
    expect(patient).toMatchObject({ id: "CON-7Q2", gender: "female", deceasedBoolean: true, meta: { profile: [expect.stringContaining("mcode-cancer-patient")] } });
    expect(patient).not.toHaveProperty("name");
    expect(patient).not.toHaveProperty("birthDate");
    expect(condition).toMatchObject({ subject: { reference: "Patient/CON-7Q2" }, bodySite: [{ coding: [{ code: "C34.1" }] }], stage: [{ summary: { coding: [{ code: "IIIA" }] } }] });
    expect(stage).toMatchObject({ code: { coding: [{ code: "399588009" }] }, valueCodeableConcept: { coding: [{ code: "IIIA" }] }, focus: [{ reference: condition!.id ? `Condition/${condition!.id}` : "" }] });
    expect(ecog).toMatchObject({ code: { coding: [{ system: "http://loinc.org", code: "89247-1" }] }, valueInteger: 1 });
    expect(status).toMatchObject({ code: { coding: [{ code: "97509-4" }] }, valueCodeableConcept: { coding: [{ code: "359746009" }] } });
    expect(plan).toMatchObject({ resourceType: "CarePlan", intent: "plan", activity: [{ detail: { code: { coding: [{ code: "SURGERY" }] } } }, { detail: { code: { coding: [{ code: "SYSTEMIC_THERAPY" }] } } }] });
    expect(plan!.extension).toEqual(expect.arrayContaining([expect.objectContaining({ url: expect.stringContaining("overall-survival-days"), valueInteger: 365 }), expect.objectContaining({ url: expect.stringContaining("overall-survival-event"), valueBoolean: true })]));
    const text = JSON.stringify(resources);
    for (const secret of ["MRN-1", "Doe", "1958", "2024-03-01"]) expect(text).not.toContain(secret);
  });

  it("names the patient and dates the observations only in an identifiable export", () => {
    const [patient, , stage] = datasetRowResources(projectRow(full, exportColumns("identifiable")), "identifiable", 1) as Record<string, unknown>[];
    expect(patient).toMatchObject({ name: [{ family: "Doe", given: ["Jane"] }], birthDate: "1958-06-15", identifier: expect.arrayContaining([expect.objectContaining({ value: "MRN-1" })]) });
    expect(stage).toMatchObject({ effectiveDateTime: "2024-03-01" });
  });

  it("writes one resource per line, the Patient first", () => {
    const lines = datasetRowNdjson(projectRow(full, exportColumns("pseudonymised")), "pseudonymised", 3).split("\n");
    expect(lines.at(-1)).toBe("");
    expect(lines[0]!.startsWith('{"resourceType":"Patient"')).toBe(true);
    for (const line of lines.slice(0, -1)) expect(() => JSON.parse(line)).not.toThrow();
  });
});
