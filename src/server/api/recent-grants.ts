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
const grants = new Map<string, { until: number; grant: unknown }>();

const sessionKey = (cookie: string) => createHash("sha256").update(cookie).digest("base64url");

function grantKey(request: Request, resource: string): string | null {
  const cookie = request.headers.get("cookie");
  if (!cookie) return null;
  return `${sessionKey(cookie)}\0${resource}`;
}

function liveEntry(request: Request, resource: string, now: number) {
  const key = grantKey(request, resource);
  if (!key) return undefined;
  const entry = grants.get(key);
  if (entry === undefined) return undefined;
  if (entry.until > now) return entry;
  grants.delete(key);
  return undefined;
}

/** Whether the same session was granted this resource less than GRANT_SECONDS ago. */
export function hasRecentGrant(request: Request, resource: string, now = Date.now()): boolean {
  return liveEntry(request, resource, now) !== undefined;
}

/** What the guard established when it granted this resource to this session (its user and access), if still fresh. */
export function recallGrant<T>(request: Request, resource: string, now = Date.now()): T | undefined {
  return liveEntry(request, resource, now)?.grant as T | undefined;
}

export function rememberGrant(request: Request, resource: string, now = Date.now(), grant: unknown = true): void {
  const key = grantKey(request, resource);
  if (!key) return;
  if (grants.size >= MAX_GRANTS) grants.delete(grants.keys().next().value!);
  grants.set(key, { until: now + GRANT_SECONDS * 1000, grant });
}

/** Sign-out: the grants of this browser's session end with it, on this instance at once (others within GRANT_SECONDS). */
export function forgetGrants(request: Request): void {
  const cookie = request.headers.get("cookie");
  if (!cookie) return;
  const prefix = `${sessionKey(cookie)}\0`;
  for (const key of grants.keys()) if (key.startsWith(prefix)) grants.delete(key);
}
