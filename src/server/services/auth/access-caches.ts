/**
 * The in-memory copies the access check reads instead of the database: users (role, activity, boards) and what a
 * slide or study id resolves to (its patient and that patient's boards). They are kept long only while the access
 * events of ./access-events.ts are being received, which drop an entry the moment the database says it changed;
 * otherwise (before LISTEN is in place, after a lost connection) for a few seconds at most.
 * Kept on globalThis: Next bundles route handlers separately, and every bundle must see the same copies.
 */
import type { Access } from "@/server/api/access";
import type { SessionUser } from "@/server/services/auth/load-session-user";

/** How long an entry is trusted while access events are received; a backstop, not what makes revocation prompt. */
export const LIVE_CACHE_MS = 60_000;
/** Without access events: what a revocation on another instance may take to count (as before the fast path). */
export const FALLBACK_CACHE_MS = 5_000;
const LIMIT = 10_000;

interface Entry<T> {
  value: T;
  at: number;
}

interface AccessCaches {
  /** Whether LISTEN on the access channel is in place now. */
  live: boolean;
  users: Map<string, Entry<SessionUser>>;
  scopes: Map<string, Entry<Access>>;
  /** Other facts about ids that a scope change may change (e.g. which studies the external PACS holds). */
  facts: Map<string, Entry<unknown>>;
  /**
   * Counts invalidations: a value read from the database is only kept when no invalidation came while it was being
   * read, else a read that started before a revocation could put the old access back for a minute.
   */
  generation: number;
}

const KEY = Symbol.for("concilium.accessCaches");
const holder = globalThis as { [KEY]?: AccessCaches };
export const accessCaches: AccessCaches = (holder[KEY] ??= { live: false, users: new Map(), scopes: new Map(), facts: new Map(), generation: 0 });

export function cacheMs(): number {
  return accessCaches.live ? LIVE_CACHE_MS : FALLBACK_CACHE_MS;
}

export function recall<T>(map: Map<string, Entry<T>>, key: string, now = Date.now()): T | undefined {
  const entry = map.get(key);
  if (!entry) return undefined;
  if (now - entry.at < cacheMs() && now >= entry.at) return entry.value;
  map.delete(key);
  return undefined;
}

/** The invalidation count now: pass it to `remember` for a value read after this moment. */
export function currentGeneration(): number {
  return accessCaches.generation;
}

export function invalidated(): void {
  accessCaches.generation += 1;
}

export function remember<T>(map: Map<string, Entry<T>>, key: string, value: T, readSince: number, at = Date.now()): void {
  if (readSince !== accessCaches.generation) return;
  if (map.size >= LIMIT) map.clear();
  map.set(key, { value, at });
}

export function forgetUser(userId: string): void {
  invalidated();
  accessCaches.users.delete(userId);
}

export function forgetAllScopes(): void {
  invalidated();
  accessCaches.scopes.clear();
  accessCaches.facts.clear();
}

export function forgetEverything(): void {
  invalidated();
  accessCaches.users.clear();
  accessCaches.scopes.clear();
  accessCaches.facts.clear();
}
