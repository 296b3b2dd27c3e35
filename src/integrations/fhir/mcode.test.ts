import { describe, expect, it } from "vitest";
import { AJCC, buildDecisionBundle, type DecisionExportInput, type FhirResource, LOINC, SNOMED } from "./mcode-export";
import rules from "./mcode-rules.json";
import { decisionExportInput } from "./test-support/decision-export-input";
import { validateMcodeBundle } from "./validate-mcode";

const input = (over: Partial<DecisionExportInput["decision"]> = {}): DecisionExportInput => decisionExportInput(over);

const byProfile = (bundle: ReturnType<typeof buildDecisionBundle>, url: string) => bundle.entry.map((e) => e.resource).filter((r) => r.meta?.profile?.includes(url));
const one = (bundle: ReturnType<typeof buildDecisionBundle>, url: string): FhirResource => {
  const found = byProfile(bundle, url);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe("mCODE export of a decision", () => {
  const bundle = buildDecisionBundle(input());

  it("is a collection Bundle that satisfies the mCODE rules", () => {
    expect(bundle).toMatchObject({ resourceType: "Bundle", type: "collection" });
    expect(validateMcodeBundle(bundle)).toEqual({ valid: true, issues: [] });
    expect(JSON.parse(JSON.stringify(bundle))).toEqual(bundle);
  });

  it("has the CancerPatient with the MRN and the PrimaryCancerCondition with ICD-O-3 topography and morphology", () => {
    const patient = one(bundle, rules.profiles.CancerPatient.url);
    expect(patient).toMatchObject({ resourceType: "Patient", gender: "female", birthDate: "1958-07-02", name: [{ family: "Okafor", given: ["Grace"] }], identifier: [{ value: "1CT1" }] });
    const condition = one(bundle, rules.profiles.PrimaryCancerCondition.url);
    expect(condition).toMatchObject({
      clinicalStatus: { coding: [{ code: "active" }] },
      category: [{ coding: [{ code: "problem-list-item" }] }],
      bodySite: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/icd-o-3", code: "C34.3" }] }],
      extension: [{ valueCodeableConcept: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/icd-o-3", code: "8140/3" }] } }],
      onsetDateTime: "2026-01-10",
    });
  });

  it("stages with T, N, M and the stage group, method AJCC 8th edition, clinical codes in SNOMED and LOINC", () => {
    const t = one(bundle, rules.profiles.TNMPrimaryTumorCategory.url);
    expect(t.code).toEqual({ coding: [{ system: SNOMED, code: "399504009", display: "cT category" }, { system: LOINC, code: "21905-5", display: expect.any(String) }] });
    expect(t.valueCodeableConcept).toEqual({ coding: [{ system: AJCC, code: "cT2a" }], text: "cT2a" });
    expect(t.method).toEqual({ coding: [{ system: SNOMED, code: "897275008", display: expect.stringContaining("8th edition") }] });
    expect(one(bundle, rules.profiles.TNMRegionalNodesCategory.url).valueCodeableConcept).toMatchObject({ text: "cN2" });
    expect(one(bundle, rules.profiles.TNMDistantMetastasesCategory.url).valueCodeableConcept).toMatchObject({ text: "cM0" });
    const stage = one(bundle, rules.profiles.TNMStageGroup.url);
    expect(stage).toMatchObject({ code: { coding: [{ code: "399537006" }, { code: "21908-9" }] }, valueCodeableConcept: { text: "Stage IIIA" } });
    expect(stage.hasMember).toHaveLength(3);
  });

  it("uses the pathological codes for a pT staging", () => {
    const p = buildDecisionBundle(input({ tnmPrefix: "p" }));
    expect(one(p, rules.profiles.TNMPrimaryTumorCategory.url).code).toMatchObject({ coding: [{ code: "384625004" }, { code: "21899-0" }] });
    expect(one(p, rules.profiles.TNMStageGroup.url).code).toMatchObject({ coding: [{ code: "399588009" }, { code: "21902-2" }] });
    expect(validateMcodeBundle(p).valid).toBe(true);
  });

  it("adds ECOG and one tumour marker test per biomarker", () => {
    expect(one(bundle, rules.profiles.ECOGPerformanceStatus.url)).toMatchObject({ valueInteger: 1, code: { coding: [{ system: LOINC, code: "89247-1" }] } });
    const markers = byProfile(bundle, rules.profiles.TumorMarkerTest.url);
    expect(markers.map((m) => [m.code, m.valueString])).toEqual([[{ text: "EGFR" }, "exon 19 deletion"], [{ text: "PD-L1" }, "TPS 60%"]]);
    const without = buildDecisionBundle(input({ ecog: null, biomarkers: [] }));
    expect(byProfile(without, rules.profiles.ECOGPerformanceStatus.url)).toHaveLength(0);
    expect(validateMcodeBundle(without).valid).toBe(true);
  });

  it("has a CarePlan: active when signed, draft otherwise, addressing the condition with one activity per modality", () => {
    const carePlan = bundle.entry.find((e) => e.resource.resourceType === "CarePlan")!.resource;
    const condition = bundle.entry.find((e) => e.resource.resourceType === "Condition")!;
    expect(carePlan).toMatchObject({
      status: "active",
      intent: "plan",
      description: "Definitive chemoradiation followed by osimertinib.",
      addresses: [{ reference: condition.fullUrl }],
      extension: [{ url: rules.procedureIntent.url, valueCodeableConcept: { coding: [{ code: "373808002" }] } }],
    });
    expect((carePlan.activity as { detail: { code: { text: string } } }[]).map((a) => a.detail.code.text)).toEqual(["Chemoradiation", "Systemic therapy"]);
    const draft = buildDecisionBundle(input({ status: "DRAFT", signedAt: null, signedBy: null }));
    expect(draft.entry.find((e) => e.resource.resourceType === "CarePlan")!.resource.status).toBe("draft");
  });

  it("exports an unstaged decision without TNM Observations, still valid", () => {
    const unstaged = buildDecisionBundle(input({ tnmPrefix: null, tCategory: null, nCategory: null, mCategory: null, stageGroup: null }));
    expect(byProfile(unstaged, rules.profiles.TNMStageGroup.url)).toHaveLength(0);
    expect(validateMcodeBundle(unstaged)).toEqual({ valid: true, issues: [] });
  });
});

describe("the mCODE validator", () => {
  const fresh = () => JSON.parse(JSON.stringify(buildDecisionBundle(input()))) as ReturnType<typeof buildDecisionBundle>;
  const find = (b: ReturnType<typeof buildDecisionBundle>, url: string) => b.entry.find((e) => e.resource.meta?.profile?.includes(url))!.resource as Record<string, unknown>;

  it("rejects a TNM Observation without a method, naming the resource and the element", () => {
    const b = fresh();
    delete find(b, rules.profiles.TNMPrimaryTumorCategory.url).method;
    const result = validateMcodeBundle(b);
    expect(result.valid).toBe(false);
    expect(result.issues).toContainEqual({ resource: "Observation/tnm-t-d1 (mcode-tnm-primary-tumor-category)", message: "Observation.method is required (min 1)." });
  });

  it("rejects staging by another method than AJCC 8th edition", () => {
    const b = fresh();
    find(b, rules.profiles.TNMStageGroup.url).method = { coding: [{ system: SNOMED, code: "443830009" }] };
    expect(validateMcodeBundle(b).issues.map((i) => i.message)).toContain("Staging method must be AJCC 8th edition (SNOMED 897275008).");
  });

  it("rejects a patient without identifier, an ECOG with the wrong code and a condition without category", () => {
    const b = fresh();
    delete find(b, rules.profiles.CancerPatient.url).identifier;
    find(b, rules.profiles.ECOGPerformanceStatus.url).code = { coding: [{ system: LOINC, code: "00000-0" }] };
    delete find(b, rules.profiles.PrimaryCancerCondition.url).category;
    const messages = validateMcodeBundle(b).issues.map((i) => i.message);
    expect(messages).toContain("Patient.identifier is required (min 1).");
    expect(messages).toContain("Observation.code must carry http://loinc.org|89247-1.");
    expect(messages).toContain("Condition.category is required (min 1).");
  });

  it("rejects a TNM category whose code is from no mCODE value set, and dangling references", () => {
    const b = fresh();
    find(b, rules.profiles.TNMRegionalNodesCategory.url).code = { coding: [{ system: LOINC, code: "21906-3" }] };
    find(b, rules.profiles.TumorMarkerTest.url).subject = { reference: "urn:uuid:00000000-0000-5000-8000-000000000000" };
    const messages = validateMcodeBundle(b).issues.map((i) => i.message);
    expect(messages).toContain("Observation.code has no code from http://hl7.org/fhir/us/mcode/ValueSet/mcode-tnm-regional-nodes-staging-type-vs.");
    expect(messages).toContain("The reference urn:uuid:00000000-0000-5000-8000-000000000000 does not resolve to an entry of the bundle.");
  });

  it("rejects a CarePlan without intent and something that is not a collection Bundle", () => {
    const b = fresh();
    delete b.entry.find((e) => e.resource.resourceType === "CarePlan")!.resource.intent;
    expect(validateMcodeBundle(b).issues.map((i) => i.message)).toContain("CarePlan.intent is required and must be proposal, plan, order or option.");
    expect(validateMcodeBundle({ resourceType: "Patient" }).issues[0]!.message).toContain("Not a FHIR Bundle");
    expect(validateMcodeBundle({ ...fresh(), type: "document" }).issues.map((i) => i.message)).toContain('Bundle.type must be "collection", not "document".');
  });
});
