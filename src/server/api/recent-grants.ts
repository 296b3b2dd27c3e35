/**
 * A short memory of access the guard granted, for routes a viewer calls hundreds of times a minute (slide tiles).
 * A field of view is 10-30 tiles; re-running the guard (session, user, memberships, slide's boards) for each one made
 * the tile endpoint ~40x slower than a static file server. A grant is tied to the exact session cookie and resource
 * and kept for GRANT_SECONDS, so a removed membership or deactivated user loses tile access within that time; every
 * other route (and the slide's info, which is audited) still runs the full guard on each request.
 */
import { createHash } from "node:crypto";

export const GRANT_SECONDS = 60;
const MAX_GRANTS = 5_000;
const grants = new Map<string, number>();

function grantKey(request: Request, resource: string): string | null {
  const cookie = request.headers.get("cookie");
  if (!cookie) return null;
  return createHash("sha256").update(cookie).update("\0").update(resource).digest("base64url");
}

/** Whether the same session was granted this resource less than GRANT_SECONDS ago. */
export function hasRecentGrant(request: Request, resource: string, now = Date.now()): boolean {
  const key = grantKey(request, resource);
  if (!key) return false;
  const until = grants.get(key);
  if (until === undefined) return false;
  if (until > now) return true;
  grants.delete(key);
  return false;
}

export function rememberGrant(request: Request, resource: string, now = Date.now()): void {
  const key = grantKey(request, resource);
  if (!key) return;
  if (grants.size >= MAX_GRANTS) grants.delete(grants.keys().next().value!);
  grants.set(key, now + GRANT_SECONDS * 1000);
}
