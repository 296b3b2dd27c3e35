/**
 * PACS metadata kept with a way to validate it, so that the next request for the same resource asks the PACS a cheap
 * "changed?" and, when not, answers from memory instead of making the PACS build and send the whole DICOM JSON again:
 *   - with validators (ETag, Last-Modified): a conditional GET, and the kept copy on 304;
 *   - without (Orthanc's DICOMweb plugin sends none), for a series' metadata only: the series' instance count by
 *     QIDO-RS (NumberOfSeriesRelatedInstances, read from the PACS's index), asked before the metadata itself, against
 *     the number of instances in the copy. DICOM instances never change under their SOP Instance UID; a series changes
 *     by instances added or removed, which the count shows at once. The copy is trusted on the count for a minute at
 *     most, then fetched again whole, for the rare PACS that rewrites an instance in place.
 * Anything else is fetched every time, so an answer is never staler than the PACS says (beyond that minute).
 */
import { pacsGet } from "./pacs-client";
import type { PacsConfig } from "./pacs-config";

interface Kept {
  etag: string | null;
  lastModified: string | null;
  /**
   * The number of instances in the copy (series metadata without validators), counted when first compared: counting
   * parses the whole DICOM JSON, which would delay the reader who asked for it.
   */
  instanceCount?: string | null;
  at: number;
  contentType: string | null;
  body: Uint8Array;
}

const MAX_ENTRY_BYTES = 8 * 1024 * 1024;
const MAX_ENTRIES = 200;
export const COUNT_TRUSTED_MS = 60_000;
const SERIES_METADATA = /^studies\/([0-9.]+)\/series\/([0-9.]+)\/metadata$/;
const kept = new Map<string, Kept>();
/** Reads on their way, so that twenty followers opening one series at once make one read (null: not one to share). */
const reading = new Map<string, Promise<Read | null>>();

/** The series' instance count as the PACS's index has it, or null when it cannot say. */
async function seriesInstanceCount(pacs: PacsConfig, study: string, series: string): Promise<string | null> {
  const search = new URLSearchParams({ SeriesInstanceUID: series, includefield: "00201209" });
  const response = await pacsGet(pacs, `studies/${study}/series`, { accept: "application/dicom+json", search });
  if (response.status !== 200) {
    await response.body?.cancel();
    return null;
  }
  const found = (await response.json()) as Record<string, { Value?: unknown[] }>[];
  const value = found.length === 1 ? found[0]!["00201209"]?.Value?.[0] : undefined;
  return value === undefined || value === null ? null : String(value);
}

type Read = { body: Uint8Array; contentType: string | null };

/** The number of instances in a series' metadata (a DICOM JSON array), or null when it is not one. */
function instancesIn(body: Uint8Array): string | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8"));
    return Array.isArray(parsed) ? String(parsed.length) : null;
  } catch {
    return null;
  }
}
const answer = ({ body, contentType }: Read) => new Response(body as BodyInit, { status: 200, headers: contentType ? { "Content-Type": contentType } : {} });

/**
 * A GET of a metadata resource, validated against the PACS; the answer is always one the PACS confirmed just now (or
 * to a read of the same resource that was on its way when this request came).
 */
export async function pacsGetValidated(pacs: PacsConfig, path: string, init: { accept: string; search?: URLSearchParams }, now = Date.now()): Promise<Response> {
  const key = `${pacs.baseUrl}\0${pacs.authorization ?? ""}\0${path}\0${init.accept}\0${init.search ?? ""}`;
  const onItsWay = reading.get(key);
  if (onItsWay) {
    const read = await onItsWay;
    if (read) return answer(read);
  }
  let share!: (read: Read | null) => void;
  reading.set(key, new Promise((resolve) => (share = resolve)));
  try {
    const read = await readValidated(pacs, path, init, key, now);
    share(read instanceof Response ? null : read);
    return read instanceof Response ? read : answer(read);
  } catch (error) {
    share(null);
    throw error;
  } finally {
    reading.delete(key);
  }
}

/**
 * The resource read or confirmed whole, or the PACS's answer as it comes when it is not one to keep (an error, or no
 * way to validate it).
 */
async function readValidated(pacs: PacsConfig, path: string, init: { accept: string; search?: URLSearchParams }, key: string, now: number): Promise<Read | Response> {
  const known = kept.get(key);
  const series = [...init.search ?? []].length ? null : SERIES_METADATA.exec(path);
  let count: string | null = null;
  // With a copy kept, the count first; with none, the metadata at once, whose own instances are its count.
  if (series && known && !known.etag && !known.lastModified) {
    if (known.instanceCount === undefined) known.instanceCount = instancesIn(known.body);
    // A copy that is not a list of instances cannot be confirmed by a count: it is read again, without asking one.
    if (known.instanceCount !== null) {
      count = await seriesInstanceCount(pacs, series[1]!, series[2]!).catch(() => null);
      if (count !== null && count === known.instanceCount && now - known.at < COUNT_TRUSTED_MS && now >= known.at) return known;
    }
  }
  const conditional: Record<string, string> = {};
  if (known?.etag) conditional["If-None-Match"] = known.etag;
  if (known?.lastModified) conditional["If-Modified-Since"] = known.lastModified;
  const upstream = await pacsGet(pacs, path, { ...init, headers: conditional });
  if (upstream.status === 304 && known) return known;
  const etag = upstream.headers.get("etag");
  const lastModified = upstream.headers.get("last-modified");
  if (upstream.status !== 200 || (!etag && !lastModified && !series)) {
    kept.delete(key);
    return upstream;
  }
  const body = new Uint8Array(await upstream.arrayBuffer());
  const contentType = upstream.headers.get("content-type");
  // An instance added after this read makes the PACS's count larger than this copy's, and the next request reads again.
  if (body.length <= MAX_ENTRY_BYTES) {
    kept.delete(key);
    if (kept.size >= MAX_ENTRIES) kept.delete(kept.keys().next().value!);
    kept.set(key, { etag, lastModified, instanceCount: etag || lastModified ? null : undefined, at: now, contentType, body });
  }
  return { body, contentType };
}

/** Forgets every kept copy (tests). */
export function forgetPacsMetadata(): void {
  kept.clear();
}
