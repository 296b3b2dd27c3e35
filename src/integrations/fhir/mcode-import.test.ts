import { describe, expect, it } from "vitest";
import { buildDecisionBundle } from "./mcode-export";
import { readMcodeBundle } from "./mcode-import";
import { decisionExportInput } from "./test-support/decision-export-input";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("reading an mCODE Bundle back", () => {
  it("reads the exporter's Bundle with its outcomes into the record it came from", () => {
    const bundle = buildDecisionBundle({
      ...decisionExportInput({ guidelineConcordant: true }),
      case: { identifier: "REG-7", referredOn: new Date("2026-01-20T08:00:00Z") },
      outcomes: [
        { identifier: "o-1", kind: "TREATMENT", occurredOn: day("2026-02-10"), endedOn: null, treatment: "SURGERY", treatmentIntent: "CURATIVE", followedRecommendation: false, deviationReason: "PATIENT_CHOICE", diseaseStatus: null, evidence: [], causeOfDeath: null, note: "" },
        { identifier: "o-2", kind: "DISEASE_STATUS", occurredOn: day("2026-05-01"), endedOn: null, treatment: null, treatmentIntent: null, followedRecommendation: null, deviationReason: null, diseaseStatus: "STABLE", evidence: ["PATHOLOGY"], causeOfDeath: null, note: "CT" },
      ],
    });
    const reading = readMcodeBundle(bundle);
    expect(reading.ok).toBe(true);
    if (!reading.ok) return;
    expect(reading.record).toMatchObject({
      caseExternalId: "REG-7",
      patient: { mrn: "1CT1", familyName: "Okafor", givenName: "Grace", sex: "FEMALE" },
      condition: { topographyCode: "C34.3", morphologyCode: "8140/3", morphologyDisplay: "Adenocarcinoma, NOS" },
      referredOn: new Date("2026-01-20T08:00:00Z"),
      discussedOn: new Date("2026-02-03T13:00:00Z"),
      decision: { tnmPrefix: "c", tCategory: "T2a", nCategory: "N2", mCategory: "M0", stageGroup: "IIIA", histology: "Adenocarcinoma, acinar predominant", grade: "2", ecog: 1, intent: "CURATIVE", guidelineConcordant: true },
      outcomes: [
        { externalId: "o-1", kind: "TREATMENT", treatment: "SURGERY", followedRecommendation: false, deviationReason: "PATIENT_CHOICE" },
        { externalId: "o-2", kind: "DISEASE_STATUS", diseaseStatus: "STABLE", evidence: ["PATHOLOGY"], note: "CT" },
      ],
    });
  });

  it("lists what a Bundle without the mCODE essentials is missing", () => {
    expect(readMcodeBundle({ resourceType: "Patient" })).toEqual({ ok: false, missing: ['A FHIR Bundle (resourceType "Bundle").'] });
    const bundle = buildDecisionBundle(decisionExportInput());
    const withoutCondition = { ...bundle, entry: bundle.entry.filter((e) => e.resource.resourceType !== "Condition") };
    expect(readMcodeBundle(withoutCondition)).toEqual({ ok: false, missing: ["Condition: a PrimaryCancerCondition (mcode-primary-cancer-condition)."] });
  });
});
