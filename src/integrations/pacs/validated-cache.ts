/**
 * PACS metadata kept with its validators (ETag, Last-Modified): the next request for the same resource asks the PACS
 * "changed since?" and, on 304, answers from memory instead of moving the whole DICOM JSON again. Without a validator
 * nothing is kept (the PACS is asked every time), so an answer is never staler than the PACS says.
 */
import { pacsGet } from "./pacs-client";
import type { PacsConfig } from "./pacs-config";

interface Kept {
  etag: string | null;
  lastModified: string | null;
  contentType: string | null;
  body: Uint8Array;
}

const MAX_ENTRY_BYTES = 8 * 1024 * 1024;
const MAX_ENTRIES = 200;
const kept = new Map<string, Kept>();

/** A GET of a metadata resource, revalidated against the PACS; the answer is always one the PACS confirmed just now. */
export async function pacsGetValidated(pacs: PacsConfig, path: string, init: { accept: string; search?: URLSearchParams }): Promise<Response> {
  const key = `${pacs.baseUrl}\0${pacs.authorization ?? ""}\0${path}\0${init.accept}\0${init.search ?? ""}`;
  const known = kept.get(key);
  const conditional: Record<string, string> = {};
  if (known?.etag) conditional["If-None-Match"] = known.etag;
  if (known?.lastModified) conditional["If-Modified-Since"] = known.lastModified;
  const upstream = await pacsGet(pacs, path, { ...init, headers: conditional });
  if (upstream.status === 304 && known) {
    return new Response(known.body as BodyInit, { status: 200, headers: known.contentType ? { "Content-Type": known.contentType } : {} });
  }
  const etag = upstream.headers.get("etag");
  const lastModified = upstream.headers.get("last-modified");
  if (upstream.status !== 200 || (!etag && !lastModified)) {
    kept.delete(key);
    return upstream;
  }
  const body = new Uint8Array(await upstream.arrayBuffer());
  const contentType = upstream.headers.get("content-type");
  if (body.length <= MAX_ENTRY_BYTES) {
    if (kept.size >= MAX_ENTRIES) kept.delete(kept.keys().next().value!);
    kept.set(key, { etag, lastModified, contentType, body });
  }
  return new Response(body as BodyInit, { status: 200, headers: contentType ? { "Content-Type": contentType } : {} });
}
