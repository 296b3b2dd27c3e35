import { describe, expect, it } from "vitest";
import { mainStage, mostSimilar, parseBiomarkers, similarity, type SimilarityFields } from "./similarity";

const lung = (over: Partial<SimilarityFields> = {}): SimilarityFields => ({
  site: "C34",
  stage_group: "IIIA",
  histology: "Adenocarcinoma",
  biomarkers: "EGFR: Exon 19 deletion; ALK: Negative; PD-L1: Not tested",
  ecog: 1,
  age_at_decision: 66,
  ...over,
});

describe("similarity of past cases", () => {
  it("scores 1 for a case alike on every field, and names each field", () => {
    expect(similarity(lung(), lung())).toEqual({ score: 1, reasons: ["stage IIIA", "adenocarcinoma", "EGFR Exon 19 deletion", "ALK Negative", "ECOG 1", "age within 5 years"] });
  });

  it("never compares different sites", () => {
    expect(similarity(lung(), lung({ site: "C50" }))).toBeNull();
    expect(similarity(lung({ site: null }), lung({ site: null }))).toBeNull();
  });

  it("gives half weight to the same main stage, ECOG one apart and age within 10 years", () => {
    const s = similarity(lung(), lung({ stage_group: "IIIB", histology: "Squamous cell carcinoma", biomarkers: null, ecog: 2, age_at_decision: 75 }))!;
    expect(s.reasons).toEqual(["stage III (IIIB)", "ECOG 2 (±1)", "age within 10 years"]);
    expect(s.score).toBeCloseTo((1.5 + 0.5 + 0.5) / 9, 3);
  });

  it("counts at most two matching biomarkers, and ignores results that were not tested", () => {
    const target = lung({ biomarkers: "EGFR: Wild type; ALK: Negative; KRAS: G12C; PD-L1: Pending" });
    const s = similarity(target, lung({ biomarkers: "EGFR: Wild type; ALK: Negative; KRAS: G12C; PD-L1: Pending", stage_group: null, histology: null, ecog: null, age_at_decision: null }))!;
    expect(s.reasons).toEqual(["EGFR Wild type", "ALK Negative"]);
    expect(s.score).toBeCloseTo(2 / 9, 3);
    expect(parseBiomarkers("PD-L1: Pending; EGFR: L858R")).toEqual(new Map([["EGFR", "L858R"]]));
  });

  it("reads the main stage of AJCC groups", () => {
    expect(["IA1", "IB", "IIA", "IIIC", "IVB", "0"].map(mainStage)).toEqual(["I", "I", "II", "III", "IV", "0"]);
  });

  it("ranks the most similar first, leaves out other sites and nothing-in-common, and breaks ties by recency", () => {
    const rows = [
      { id: "far", ...lung({ stage_group: "IA1", histology: "Small cell carcinoma", biomarkers: null, ecog: 4, age_at_decision: 30 }), decision_date: "2025-01-01" },
      { id: "breast", ...lung({ site: "C50" }), decision_date: "2025-01-01" },
      { id: "close-old", ...lung({ ecog: 0 }), decision_date: "2023-01-01" },
      { id: "close-new", ...lung({ ecog: 2 }), decision_date: "2025-06-01" },
      { id: "same", ...lung(), decision_date: "2020-01-01" },
    ];
    expect(mostSimilar(lung(), rows, 3).map((r) => r.id)).toEqual(["same", "close-new", "close-old"]);
    expect(mostSimilar(lung(), rows, 10).map((r) => r.id)).not.toContain("far");
  });
});
