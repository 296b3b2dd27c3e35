/**
 * Checks a Bundle against the mCODE structure Concilium relies on (./mcode-rules.json, derived from the published
 * hl7.fhir.us.mcode 4.0.0 StructureDefinitions): each profiled resource has its required elements, its fixed and
 * pattern codes, a code from the enumerated value sets of `code` and `method`; references resolve inside the bundle;
 * the CarePlan has what FHIR R4 requires (mCODE STU4 has no CarePlan profile). Not a full FHIR validator: it has
 * no terminology server and no FHIRPath engine.
 */
import rules from "./mcode-rules.json";

export interface ValidationIssue {
  /** e.g. "Observation/tnm-t-abc" */
  resource: string;
  message: string;
}

type Json = Record<string, unknown>;
type Rule = (typeof rules.profiles)[keyof typeof rules.profiles];
interface Coding {
  system?: string;
  code?: string;
}

const PROFILE_BY_URL = new Map<string, Rule>(Object.values(rules.profiles).map((r) => [r.url, r as Rule]));
const NAME_BY_URL = new Map(Object.values(rules.profiles).map((r) => [r.url, r.url.split("/").pop()!]));
const AJCC_8TH = "897275008";

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const present = (v: unknown) => v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0);

/** Values at a dotted path; arrays are walked element by element. "value[x]" matches valueQuantity, valueString, ... */
function valuesAt(node: unknown, path: string[]): unknown[] {
  if (path.length === 0) return [node];
  const nodes = Array.isArray(node) ? node : [node];
  const [head, ...rest] = path;
  const out: unknown[] = [];
  for (const n of nodes) {
    if (!isObject(n)) continue;
    const keys = head!.endsWith("[x]") ? Object.keys(n).filter((k) => k.startsWith(head!.slice(0, -3)) && k.length > head!.length - 3) : [head!];
    for (const k of keys) {
      const v = n[k];
      if (!present(v)) continue;
      if (Array.isArray(v)) for (const item of v) out.push(...valuesAt(item, rest));
      else out.push(...valuesAt(v, rest));
    }
  }
  return out;
}

/** Required elements: a child path is required in every occurrence of its parent. */
function missingPaths(resource: Json, required: string[]): string[] {
  const missing: string[] = [];
  for (const path of required) {
    const parts = path.split(".");
    const parents = valuesAt(resource, parts.slice(0, -1));
    if (parts.length > 1 && parents.length === 0) continue; // reported for the parent itself
    const leaf = parts[parts.length - 1]!;
    if (parents.some((p) => valuesAt(p, [leaf]).length === 0)) missing.push(path);
  }
  return missing;
}

function codings(concept: unknown): Coding[] {
  const list = Array.isArray(concept) ? concept : [concept];
  return list.flatMap((c) => (isObject(c) && Array.isArray(c.coding) ? (c.coding as Coding[]) : []));
}

function hasCoding(concept: unknown, wanted: Coding[]): boolean {
  return codings(concept).some((c) => wanted.some((w) => w.system === c.system && w.code === c.code));
}

function collectReferences(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => collectReferences(n, out));
  else if (isObject(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k === "reference" && typeof v === "string") out.push(v);
      else collectReferences(v, out);
    }
  }
  return out;
}

export function validateMcodeBundle(bundle: unknown): { valid: boolean; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const issue = (resource: string, message: string) => issues.push({ resource, message });
  if (!isObject(bundle) || bundle.resourceType !== "Bundle") return { valid: false, issues: [{ resource: "Bundle", message: "Not a FHIR Bundle (resourceType must be \"Bundle\")." }] };
  if (bundle.type !== "collection") issue("Bundle", `Bundle.type must be "collection", not ${JSON.stringify(bundle.type)}.`);
  const entries = Array.isArray(bundle.entry) ? (bundle.entry as unknown[]) : [];
  if (entries.length === 0) issue("Bundle", "Bundle.entry is empty.");

  const byUrl = new Map<string, Json>();
  for (const [i, e] of entries.entries()) {
    if (!isObject(e) || !isObject(e.resource) || typeof e.fullUrl !== "string") {
      issue(`Bundle.entry[${i}]`, "Each entry needs a fullUrl and a resource.");
      continue;
    }
    if (byUrl.has(e.fullUrl)) issue(`Bundle.entry[${i}]`, `Duplicate fullUrl ${e.fullUrl}.`);
    byUrl.set(e.fullUrl, e.resource);
  }
  const resources = [...byUrl.values()];
  const label = (r: Json) => `${String(r.resourceType)}/${String(r.id ?? "?")}`;
  const typeOf = (ref: unknown) => (isObject(ref) && typeof ref.reference === "string" ? byUrl.get(ref.reference)?.resourceType : undefined);
  const withProfile = (url: string) => resources.filter((r) => isObject(r.meta) && Array.isArray(r.meta.profile) && r.meta.profile.includes(url));

  for (const [key, count] of [["CancerPatient", 1], ["PrimaryCancerCondition", 1]] as const) {
    const found = withProfile(rules.profiles[key].url).length;
    if (found !== count) issue("Bundle", `The bundle must hold exactly ${count} ${key} (${rules.profiles[key].url}); it holds ${found}.`);
  }

  for (const resource of resources) {
    const name = label(resource);
    if (typeof resource.id !== "string" || !resource.id) issue(name, "Every resource needs an id.");
    for (const ref of collectReferences(resource)) {
      if (!byUrl.has(ref)) issue(name, `The reference ${ref} does not resolve to an entry of the bundle.`);
    }
    const profiles = isObject(resource.meta) && Array.isArray(resource.meta.profile) ? (resource.meta.profile as string[]) : [];
    for (const url of profiles) {
      const rule = PROFILE_BY_URL.get(url);
      if (!rule) continue;
      const where = `${name} (${NAME_BY_URL.get(url)})`;
      if (resource.resourceType !== rule.resourceType) {
        issue(where, `A ${NAME_BY_URL.get(url)} must be a ${rule.resourceType}, not a ${String(resource.resourceType)}.`);
        continue;
      }
      for (const path of missingPaths(resource, rule.required)) issue(where, `${rule.resourceType}.${path} is required (min 1).`);
      for (const [path, pattern] of Object.entries(rule.patterns)) {
        const wanted = codings(pattern);
        if (!valuesAt(resource, path.split(".")).some((v) => hasCoding(v, wanted))) {
          issue(where, `${rule.resourceType}.${path} must carry ${wanted.map((w) => `${w.system}|${w.code}`).join(" or ")}.`);
        }
      }
      for (const [path, vs] of Object.entries(rule.valueSets) as [string, { valueSet: string; codes: Coding[] }][]) {
        const value = resource[path];
        if (present(value) && !hasCoding(value, vs.codes)) issue(where, `${rule.resourceType}.${path} has no code from ${vs.valueSet}.`);
      }
      if ("method" in rule.valueSets && present(resource.method) && !hasCoding(resource.method, [{ system: "http://snomed.info/sct", code: AJCC_8TH }])) {
        issue(where, "Staging method must be AJCC 8th edition (SNOMED 897275008).");
      }
      if (rule.resourceType !== "Patient" && !["Patient"].includes(String(typeOf(resource.subject)))) {
        issue(where, `${rule.resourceType}.subject must reference the bundle's Patient.`);
      }
      if (rule === rules.profiles.PrimaryCancerCondition) {
        const ok = hasCoding(resource.category, [
          { system: "http://terminology.hl7.org/CodeSystem/condition-category", code: "problem-list-item" },
          { system: "http://hl7.org/fhir/us/core/CodeSystem/condition-category", code: "health-concern" },
        ]);
        if (!ok) issue(where, "Condition.category must include problem-list-item or health-concern (US Core slice, required binding).");
      }
      if (rule === rules.profiles.TNMStageGroup) {
        const focus = Array.isArray(resource.focus) ? resource.focus : [];
        if (!focus.some((f) => typeOf(f) === "Condition")) issue(where, "Observation.focus must reference the cancer Condition.");
      }
    }
    if (resource.resourceType === "CarePlan") {
      const where = `${name} (CarePlan, FHIR R4)`;
      if (!["draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"].includes(String(resource.status))) issue(where, "CarePlan.status is required and must be a request-status code.");
      if (!["proposal", "plan", "order", "option"].includes(String(resource.intent))) issue(where, "CarePlan.intent is required and must be proposal, plan, order or option.");
      if (typeOf(resource.subject) !== "Patient") issue(where, "CarePlan.subject must reference the bundle's Patient.");
      const addresses = Array.isArray(resource.addresses) ? resource.addresses : [];
      if (!addresses.some((a) => typeOf(a) === "Condition")) issue(where, "CarePlan.addresses must reference the PrimaryCancerCondition.");
      if (!present(resource.description)) issue(where, "CarePlan.description must hold the board's recommendation.");
      const activities = Array.isArray(resource.activity) ? resource.activity : [];
      activities.forEach((a, i) => {
        if (isObject(a) && isObject(a.detail) && !present(a.detail.status)) issue(where, `CarePlan.activity[${i}].detail.status is required.`);
      });
    }
  }
  if (!resources.some((r) => r.resourceType === "CarePlan")) issue("Bundle", "The bundle must hold the CarePlan of the board's recommendation.");
  issues.push(...statusIssues(resources, label));
  for (const condition of withProfile(rules.profiles.PrimaryCancerCondition.url)) {
    const histology = (Array.isArray(condition.extension) ? condition.extension : []).find((e) => isObject(e) && e.url === HISTOLOGY_EXTENSION);
    if (!isObject(histology) || !hasCoding(histology.valueCodeableConcept, codings(histology.valueCodeableConcept).filter((c) => c.system === ICD_O_3))) {
      issue(label(condition), "The PrimaryCancerCondition must carry the histology (mcode-histology-morphology-behavior with an ICD-O-3 code).");
    }
  }
  return { valid: issues.length === 0, issues };
}

const HISTOLOGY_EXTENSION = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-histology-morphology-behavior";
const ICD_O_3 = "http://terminology.hl7.org/CodeSystem/icd-o-3";
/** FHIR R4 ObservationStatus (required binding). */
const OBSERVATION_STATUSES = ["registered", "preliminary", "final", "amended", "corrected", "cancelled", "entered-in-error", "unknown"];
/** What a CarePlan's status allows its own Observations to say: a draft plan rests on preliminary findings, a plan in force on final ones. */
const OBSERVATIONS_FOR_PLAN: Record<string, string[]> = {
  draft: ["preliminary", "registered"],
  active: ["final", "amended", "corrected"],
  revoked: ["final", "amended", "corrected", "entered-in-error"],
};

/** Status value sets, and a plan's status that agrees with the status of the Observations it rests on. */
function statusIssues(resources: Json[], label: (r: Json) => string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const observations = resources.filter((r) => r.resourceType === "Observation");
  for (const o of observations) {
    if (!OBSERVATION_STATUSES.includes(String(o.status))) issues.push({ resource: label(o), message: `Observation.status ${JSON.stringify(o.status)} is not an R4 ObservationStatus.` });
  }
  for (const plan of resources.filter((r) => r.resourceType === "CarePlan")) {
    const allowed = OBSERVATIONS_FOR_PLAN[String(plan.status)];
    if (!allowed) continue;
    for (const o of observations) {
      if (!allowed.includes(String(o.status))) issues.push({ resource: label(o), message: `A ${String(plan.status)} CarePlan cannot rest on an Observation with status ${String(o.status)}.` });
    }
  }
  return issues;
}

/**
 * Across the exports of one patient's decisions (every version): at most one CarePlan in force (status active) per
 * case, i.e. per condition it addresses. Returns the conditions with more than one.
 */
export function conditionsWithSeveralActivePlans(bundles: unknown[]): string[] {
  const active = new Map<string, number>();
  for (const bundle of bundles) {
    if (!isObject(bundle) || !Array.isArray(bundle.entry)) continue;
    const resources = (bundle.entry as unknown[]).flatMap((e) => (isObject(e) && isObject(e.resource) ? [e.resource] : []));
    const conditionId = (url: unknown) => {
      const entry = (bundle.entry as Json[]).find((e) => e.fullUrl === url);
      return isObject(entry?.resource) ? String(entry.resource.id) : String(url);
    };
    for (const plan of resources.filter((r) => r.resourceType === "CarePlan" && r.status === "active")) {
      for (const a of Array.isArray(plan.addresses) ? plan.addresses : []) {
        if (!isObject(a)) continue;
        const key = conditionId(a.reference);
        active.set(key, (active.get(key) ?? 0) + 1);
      }
    }
  }
  return [...active].filter(([, n]) => n > 1).map(([id]) => id);
}
