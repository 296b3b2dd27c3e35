// Derives src/integrations/fhir/mcode-rules.json from the published mCODE package. Provenance:
//   npm pack hl7.fhir.us.mcode@4.0.0   (shasum b1d877a4ef642106699c6431b1f6d9fb5c52ea97, mCODE STU4, FHIR 4.0.1)
//   tar xzf hl7.fhir.us.mcode-4.0.0.tgz
//   node src/integrations/fhir/derive-mcode-rules.mjs <path to the extracted package/ folder>
// It keeps, for the profiles Concilium exports: the profile URL, the resource type, the paths whose min >= 1 in the
// snapshot (top level, and children of required elements), fixed/pattern codes, and the codes of the value sets
// that bind the staging `code` and `method` elements.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dir = process.argv[2];
if (!dir) throw new Error("Give the folder of the extracted hl7.fhir.us.mcode package.");
const read = (name) => JSON.parse(readFileSync(path.join(dir, name), "utf8"));

const PROFILES = {
  CancerPatient: "cancer-patient",
  PrimaryCancerCondition: "primary-cancer-condition",
  TNMPrimaryTumorCategory: "tnm-primary-tumor-category",
  TNMRegionalNodesCategory: "tnm-regional-nodes-category",
  TNMDistantMetastasesCategory: "tnm-distant-metastases-category",
  TNMStageGroup: "tnm-stage-group",
  ECOGPerformanceStatus: "ecog-performance-status",
  TumorMarkerTest: "tumor-marker-test",
};

function codesOf(valueSetUrl) {
  const name = `ValueSet-${valueSetUrl.split("/").pop()}.json`;
  try {
    const vs = read(name);
    return (vs.compose?.include ?? []).flatMap((inc) => (inc.concept ?? []).map((c) => ({ system: inc.system, code: c.code, display: c.display })));
  } catch {
    return null;
  }
}

const out = { source: "hl7.fhir.us.mcode@4.0.0 (npm), StructureDefinition snapshots", profiles: {} };
for (const [key, file] of Object.entries(PROFILES)) {
  const sd = read(`StructureDefinition-mcode-${file}.json`);
  const type = sd.type;
  const required = new Set([type]);
  const rule = { url: sd.url, resourceType: type, required: [], patterns: {}, valueSets: {} };
  for (const e of sd.snapshot.element) {
    const id = e.id;
    const parent = id.split(".").slice(0, -1).join(".");
    const rel = id.slice(type.length + 1);
    if (!rel) continue;
    const sliceOf = id.includes(":");
    if (e.min >= 1 && required.has(parent) && !sliceOf) {
      required.add(id);
      rule.required.push(rel);
    }
    for (const k of Object.keys(e)) if (/^(fixed|pattern)/.test(k)) rule.patterns[rel.replace(/:.*$/, "")] = e[k];
    if ((rel === "code" || rel === "method") && e.binding?.valueSet) {
      const codes = codesOf(e.binding.valueSet);
      // Enumerated value sets only (the staging types and methods); filter-defined or large ones are left to terminology servers.
      if (codes && codes.length > 0 && codes.length <= 20) rule.valueSets[rel] = { strength: e.binding.strength, valueSet: e.binding.valueSet, codes };
    }
  }
  out.profiles[key] = rule;
}
// The treatment-intent extension, used on the CarePlan (its context includes DomainResource).
const intent = read("StructureDefinition-mcode-procedure-intent.json");
out.procedureIntent = { url: intent.url, codes: codesOf(intent.snapshot.element.find((e) => e.id === "Extension.value[x]").binding.valueSet) };
const target = path.join(path.dirname(fileURLToPath(import.meta.url)), "mcode-rules.json");
writeFileSync(target, JSON.stringify(out, null, 2) + "\n");
console.log(`wrote ${target}`);
