import { describe, expect, it } from "vitest";
import { checkBiomarkers } from "./catalogue";
import { diffDecisions, EMPTY_DECISION, prefillFromSigned, STAGING_NOT_APPLICABLE, stagingLine, type DecisionContent } from "./content";
import { checkDecisionDraft, missingForSigning, signingMessage } from "./requirements";

const complete: DecisionContent = {
  ...EMPTY_DECISION,
  tnmPrefix: "c",
  tCategory: "T2a",
  nCategory: "N2",
  mCategory: "M0",
  stageGroup: "IIIA",
  histology: "Adenocarcinoma",
  grade: "G2",
  ecog: 1,
  biomarkers: [{ marker: "EGFR", value: "Wild type" }, { marker: "PD-L1", value: ">=50%" }],
  intent: "CURATIVE",
  modalities: ["CHEMORADIATION", "SYSTEMIC_THERAPY"],
  sequence: "Concurrent chemoradiation, then durvalumab",
  recommendation: "Concurrent chemoradiation followed by durvalumab.",
  guidelineConcordant: true,
  rationale: "Unresectable N2 disease.",
};

describe("signing requirements", () => {
  it("accept a complete standard decision", () => {
    expect(missingForSigning("lung", complete)).toEqual([]);
  });

  it("list everything missing in one message", () => {
    const missing = missingForSigning("lung", { ...EMPTY_DECISION, intent: "CURATIVE" });
    expect(signingMessage(missing)).toBe(
      "To sign this decision, add: the TNM prefix, the T category, the N category, the M category, the stage group, the histology, at least one modality, the recommendation, the rationale.",
    );
  });

  it("need no modality when no anticancer treatment is intended", () => {
    expect(missingForSigning("lung", { ...complete, intent: "NONE", modalities: [] })).toEqual([]);
  });

  it("need the trial identifier for a clinical trial and a reason for a guideline deviation", () => {
    const missing = missingForSigning("lung", { ...complete, modalities: ["CLINICAL_TRIAL"], guidelineConcordant: false });
    expect(missing.map((m) => m.field)).toEqual(["trialIdentifier", "guidelineDeviationReason"]);
  });

  it("accept staging marked not applicable only with a reason", () => {
    const na = { ...complete, tnmPrefix: null, tCategory: null, nCategory: null, mCategory: null, stageGroup: STAGING_NOT_APPLICABLE };
    expect(missingForSigning("lung", na).map((m) => m.field)).toEqual(["stageGroupOverrideReason"]);
    expect(missingForSigning("lung", { ...na, stageGroupOverrideReason: "Benign hamartoma on biopsy" })).toEqual([]);
  });
});

describe("draft checks", () => {
  it("refuse impossible staging, naming the field", () => {
    expect(checkDecisionDraft("lung", { ...complete, mCategory: "M1a" })).toEqual([
      { field: "stageGroup", message: "M1a is distant metastasis: the stage group must be IV, not IIIA." },
    ]);
    expect(checkDecisionDraft("lung", { ...complete, tCategory: "T4a" })[0]).toMatchObject({ field: "tCategory" });
  });

  it("refuse a stage group other than the computed one unless a reason is given", () => {
    expect(checkDecisionDraft("lung", { ...complete, stageGroup: "IIIB" })).toEqual([
      expect.objectContaining({ field: "stageGroup", message: expect.stringContaining("is IIIA, not IIIB") }),
    ]);
    expect(checkDecisionDraft("lung", { ...complete, stageGroup: "IIIB", stageGroupOverrideReason: "Second primary in the contralateral lobe" })).toEqual([]);
  });

  it("refuse T, N or M beside staging marked not applicable", () => {
    expect(checkDecisionDraft("lung", { ...complete, stageGroup: STAGING_NOT_APPLICABLE })[0]?.message).toContain("not applicable");
  });

  it("accept an incomplete draft", () => {
    expect(checkDecisionDraft("lung", EMPTY_DECISION)).toEqual([]);
  });

  it("refuse biomarker values outside the site's list, a malformed trial number and an ECOG of 7", () => {
    const problems = checkDecisionDraft("lung", { ...complete, biomarkers: [{ marker: "HER2", value: "3+" }, { marker: "EGFR", value: "positive" }], trialIdentifier: "trial 12", ecog: 7 });
    expect(problems.map((p) => p.field)).toEqual(["biomarkers", "biomarkers", "trialIdentifier", "ecog"]);
    expect(problems[0]?.message).toBe("HER2 is not a biomarker the lung board records.");
    expect(problems[1]?.message).toContain('"positive" is not a EGFR result');
    expect(checkDecisionDraft("lung", { ...complete, trialIdentifier: "NCT04321234" })).toEqual([]);
    expect(checkDecisionDraft("lung", { ...complete, trialIdentifier: "2023-501234-12-00" })).toEqual([]);
  });

  it("refuse an anticancer modality with no anticancer intent", () => {
    expect(checkDecisionDraft("lung", { ...complete, intent: "NONE", modalities: ["SURGERY"] })[0]?.field).toBe("modalities");
  });

  it("know each site's markers", () => {
    expect(checkBiomarkers("breast", [{ marker: "HER2", value: "2+ ISH positive" }, { marker: "ER", value: "Positive (>10%)" }])).toEqual([]);
    expect(checkBiomarkers("colorectal", [{ marker: "MSI", value: "MSI-H / dMMR" }, { marker: "MSI", value: "MSS / pMMR" }])).toEqual([
      { marker: "MSI", message: "MSI / MMR is given twice." },
    ]);
  });
});

describe("history and pre-fill", () => {
  it("diff two versions field by field in readable words", () => {
    const next = { ...complete, intent: "PALLIATIVE" as const, modalities: ["SYSTEMIC_THERAPY" as const], rationale: "Progression on imaging." };
    expect(diffDecisions(complete, next)).toEqual([
      { field: "intent", label: "Intent", before: "Curative", after: "Palliative" },
      { field: "modalities", label: "Modalities", before: "Chemoradiation, Systemic therapy", after: "Systemic therapy" },
      { field: "rationale", label: "Rationale", before: "Unresectable N2 disease.", after: "Progression on imaging." },
    ]);
  });

  it("diff a first version against nothing", () => {
    const changes = diffDecisions(null, complete);
    expect(changes.find((c) => c.field === "biomarkers")).toEqual({ field: "biomarkers", label: "Biomarkers", before: "—", after: "EGFR Wild type; PD-L1 >=50%" });
  });

  it("pre-fill staging, histology, grade, biomarkers and ECOG but not the recommendation", () => {
    const pre = prefillFromSigned(complete);
    expect(pre).toMatchObject({ tCategory: "T2a", histology: "Adenocarcinoma", grade: "G2", biomarkers: complete.biomarkers, ecog: 1 });
    expect(pre.recommendation).toBe("");
    expect(pre.modalities).toEqual([]);
  });

  it("write the staging line as clinicians do", () => {
    expect(stagingLine(complete)).toBe("cT2aN2M0, stage IIIA");
    expect(stagingLine({ ...EMPTY_DECISION, stageGroup: STAGING_NOT_APPLICABLE })).toBe("Staging not applicable");
  });
});
