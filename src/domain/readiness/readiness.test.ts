import { describe, expect, it } from "vitest";
import { checkRules, DEFAULT_RULES, evaluateReadiness, studyMatches, type ReadinessFacts, type ReadinessRule } from "./readiness";

const now = new Date("2026-11-22T08:00:00Z");
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const empty: ReadinessFacts = { studies: [], pathology: [], pendingAiFindings: 0, ecog: { value: null, recordedAt: null }, openRequests: [] };

const ct: ReadinessRule = { key: "ct-chest", label: "CT chest within 56 days", kind: "IMAGING", modality: "CT", bodyPart: "chest", maxAgeDays: 56, responsibleSpecialty: "RADIOLOGY" };
const mr: ReadinessRule = { key: "mri", label: "MRI within 42 days", kind: "IMAGING", modality: "MR", maxAgeDays: 42, responsibleSpecialty: "RADIOLOGY" };
const path: ReadinessRule = { key: "pathology", label: "Pathology", kind: "PATHOLOGY", responsibleSpecialty: "PATHOLOGY" };
const ai: ReadinessRule = { key: "ai", label: "AI reviewed", kind: "AI_FINDINGS_REVIEWED", responsibleSpecialty: "RADIOLOGY" };
const ecog: ReadinessRule = { key: "ecog", label: "ECOG", kind: "ECOG", maxAgeDays: 30, responsibleSpecialty: "MEDICAL_ONCOLOGY" };

describe("evaluateReadiness", () => {
  it("marks a case with everything recent as ready", () => {
    const r = evaluateReadiness([ct, path, ai, ecog], {
      ...empty,
      studies: [{ modality: "CT", description: "CT Chest with contrast", studyDate: daysAgo(10) }],
      pathology: [{ date: daysAgo(20), label: "Slide H&E" }],
      ecog: { value: 1, recordedAt: daysAgo(3) },
    }, now);
    expect(r.status).toBe("READY");
    expect(r.items.map((i) => i.state)).toEqual(["CURRENT", "CURRENT", "CURRENT", "CURRENT"]);
    expect(r.items[0]!.detail).toBe("CT chest of 12 Nov 2026, 10 days old");
  });

  it("marks an old study stale and names the limit, using the newest matching study", () => {
    const r = evaluateReadiness([ct], { ...empty, studies: [
      { modality: "CT", description: "CT chest", studyDate: daysAgo(90) },
      { modality: "CT", description: "CT chest", studyDate: daysAgo(60) },
      { modality: "CT", description: "CT abdomen", studyDate: daysAgo(1) },
    ] }, now);
    expect(r.status).toBe("STALE");
    expect(r.items[0]).toMatchObject({ state: "STALE", detail: "CT chest of 23 Sep 2026 is 60 days old (limit 56)" });
  });

  it("marks absent items missing with the specialty that must act, and shows an open request", () => {
    const r = evaluateReadiness([mr, path, ai, ecog], {
      ...empty,
      pendingAiFindings: 3,
      openRequests: [{ readinessKey: "mri", ownerLabel: "Radiology", createdAt: daysAgo(1) }],
    }, now);
    expect(r.status).toBe("NOT_READY");
    expect(r.missing).toBe(4);
    expect(r.items.map((i) => [i.key, i.state, i.responsibleSpecialty])).toEqual([
      ["mri", "MISSING", "RADIOLOGY"], ["pathology", "MISSING", "PATHOLOGY"], ["ai", "MISSING", "RADIOLOGY"], ["ecog", "MISSING", "MEDICAL_ONCOLOGY"],
    ]);
    expect(r.items[0]!.request).toEqual({ ownerLabel: "Radiology", createdAt: daysAgo(1) });
    expect(r.items[1]!.request).toBeNull();
    expect(r.items[2]!.detail).toBe("3 AI findings await review");
  });

  it("treats an ECOG older than allowed as stale, and a pathology rule without age as always current", () => {
    const r = evaluateReadiness([path, ecog], { ...empty, pathology: [{ date: daysAgo(400), label: "Pathology report" }], ecog: { value: 2, recordedAt: daysAgo(31) } }, now);
    expect(r.items.map((i) => i.state)).toEqual(["CURRENT", "STALE"]);
    expect(r.stale).toBe(1);
  });

  it("is ready when the board has no rules", () => {
    expect(evaluateReadiness([], empty, now)).toEqual({ status: "READY", items: [], missing: 0, stale: 0 });
  });
});

describe("studyMatches", () => {
  it("matches the modality exactly and the body part in the description, case-insensitively", () => {
    expect(studyMatches({ modality: "PT" }, { modality: "PT", description: "PET-CT whole body" })).toBe(true);
    expect(studyMatches({ modality: "CT", bodyPart: "Chest" }, { modality: "CT", description: "THORAX/CHEST CT" })).toBe(true);
    expect(studyMatches({ modality: "CT", bodyPart: "chest" }, { modality: "CT", description: "Abdomen" })).toBe(false);
    expect(studyMatches({ modality: "MR" }, { modality: "CT", description: "MR-like" })).toBe(false);
  });
});

describe("checkRules", () => {
  it("accepts the default rules", () => {
    expect(checkRules(DEFAULT_RULES)).toEqual([]);
  });

  it("refuses duplicate keys, bad ages, empty labels and unknown modalities with messages", () => {
    const problems = checkRules([ct, { ...ct, label: " ", maxAgeDays: 0, modality: "cat scan" }]);
    expect(problems.map((p) => p.message)).toEqual([
      'Rule 2: the key "ct-chest" is used twice.',
      "Rule 2: give it a label people understand.",
      "Rule 2: the maximum age must be between 1 and 3650 days.",
      "Rule 2: the modality must be a DICOM modality code such as CT, MR or PT.",
    ]);
  });
});
