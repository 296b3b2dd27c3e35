/**
 * Strong ETags for answers that never change at their address (a converted slide's tiles), and the If-None-Match
 * test of RFC 9110 §13.1.2 (weak comparison: a W/ prefix does not matter).
 */
import { createHash } from "node:crypto";

// The same bytes are served from the in-memory image cache again and again: hash each buffer once.
const known = new WeakMap<Buffer, string>();

/** A quoted strong entity tag for these bytes (their SHA-256, shortened). */
export function etagOf(bytes: Buffer): string {
  let tag = known.get(bytes);
  if (!tag) {
    tag = `"${createHash("sha256").update(bytes).digest("base64url").slice(0, 27)}"`;
    known.set(bytes, tag);
  }
  return tag;
}

/** Whether a request's If-None-Match names this entity tag (or "*"): the client holds these very bytes. */
export function matchesEtag(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === opaque(etag));
}
