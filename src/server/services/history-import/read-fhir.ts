import { recordProblems } from "@/domain/history-import/history-record";
import { readMcodeBundle } from "@/integrations/fhir/mcode-import";
import type { SourceRow } from "./plan-import";

/**
 * A FHIR upload: one mCODE Bundle (type collection, one case) or a Bundle of such Bundles (each entry one case; its
 * "line" is the entry's number). A Bundle that is not mCODE gets the list of what is missing.
 */
export async function readFhirHistory(source: string | AsyncIterable<Uint8Array | string>, today: Date): Promise<{ fileErrors: string[]; rows: SourceRow[] }> {
  let text = "";
  if (typeof source === "string") text = source;
  else {
    const decoder = new TextDecoder();
    for await (const chunk of source) text += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    text += decoder.decode();
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { fileErrors: ["The file is not JSON: a FHIR R4 Bundle in JSON is expected."], rows: [] };
  }
  const entries = (json as { entry?: { resource?: { resourceType?: string } }[] }).entry;
  const nested = Array.isArray(entries) && entries.length > 0 && entries.every((e) => e?.resource?.resourceType === "Bundle");
  const bundles = nested ? entries.map((e) => e.resource) : [json];
  const rows = bundles.map((bundle, index): SourceRow => {
    const reading = readMcodeBundle(bundle);
    if (!reading.ok) return { line: index + 1, result: { ok: false, errors: reading.missing.map((m) => `Missing for mCODE: ${m}`) } };
    const problems = recordProblems(reading.record, today);
    return { line: index + 1, result: problems.length ? { ok: false, errors: problems } : { ok: true, record: reading.record } };
  });
  return { fileErrors: [], rows };
}
