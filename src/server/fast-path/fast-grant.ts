/**
 * The access check of the fast path, with the same rule as the HTTP edge's guard (server/api/access.ts: signed in,
 * one of the policy's roles, a member of a board of the id's patient) but read from in-memory copies that the
 * database's access events keep current. It only ever grants: anything else (no or bad cookie, ended session,
 * wrong role, not a member, unknown id) answers null and the request goes to the full guard, which refuses, says
 * why and audits exactly as before.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { verdict } from "@/domain/permissions";
import { resolveScope, type Access } from "@/server/api/access";
import type { RoutePolicy } from "@/server/http/route-policies";
import { accessCaches, currentGeneration, recall, remember } from "@/server/services/auth/access-caches";
import { checkAuthSession, checkAuthSessionFromMemory } from "@/server/services/auth/check-auth-session";
import { sessionPolicyFromEnv, type SessionPolicy } from "@/domain/auth/session-lifetime";
import { loadSessionUser, type SessionUser } from "@/server/services/auth/load-session-user";
import type { RequestSource } from "@/server/services/db-types";
import { readSessionClaim, recallSessionClaim, sessionCookie } from "./session-cookie";

export interface FastGrant {
  user: SessionUser & { source: RequestSource };
  access: Access;
}

async function cachedUser(db: PrismaClient, userId: string): Promise<SessionUser | null> {
  const known = recall(accessCaches.users, userId);
  if (known) return known;
  const since = currentGeneration();
  const user = await loadSessionUser(db, userId);
  if (user) remember(accessCaches.users, userId, user, since);
  return user;
}

async function cachedScope(db: PrismaClient, policy: RoutePolicy, id: string): Promise<Access | null> {
  const key = `${policy.scope.via}:${id}`;
  const known = recall(accessCaches.scopes, key);
  if (known) return known;
  const since = currentGeneration();
  const access = await resolveScope(db, policy, { [(policy.scope as { field: string }).field]: id }).catch(() => null);
  if (access) remember(accessCaches.scopes, key, access, since);
  return access;
}

// Read once: the server's settings do not change while it runs, and reading process.env on every image request cost
// more than the rest of the session check.
let policyOfThisServer: SessionPolicy | undefined;
const sessionPolicy = () => (policyOfThisServer ??= sessionPolicyFromEnv(process.env));

/**
 * grantFast from memory alone, for the request that follows others of the same viewer: the same checks on the same
 * cached facts, without a promise or a database call. Undefined whenever one fact is not in memory (grantFast then
 * reads it) or the answer is not a grant (the full guard refuses). The user's request source is not built here: it
 * serves only the audit, which a request answered from memory has no event to write for.
 */
export function grantFromMemory(policy: RoutePolicy, cookieHeader: string | undefined, scopeId: string, now = new Date()): { user: SessionUser; access: Access } | undefined {
  const cookie = sessionCookie(cookieHeader);
  if (!cookie || policy.scope.via === "none") return undefined;
  const claim = recallSessionClaim(cookie, now.getTime());
  if (!claim) return undefined;
  const session = checkAuthSessionFromMemory(claim.sessionId, now, sessionPolicy());
  if (!session || session.userId !== claim.userId) return undefined;
  const user = recall(accessCaches.users, claim.userId, now.getTime());
  const access = recall(accessCaches.scopes, `${policy.scope.via}:${scopeId}`, now.getTime());
  if (!user || !access || verdict(user, policy.roles, access.boardIds) !== "allowed") return undefined;
  return { user, access };
}

/** The user and access for this request when the guard would grant it; null when the full guard must answer. */
export async function grantFast(db: PrismaClient, policy: RoutePolicy, cookieHeader: string | undefined, scopeId: string, source: RequestSource): Promise<FastGrant | null> {
  const cookie = sessionCookie(cookieHeader);
  if (!cookie || policy.scope.via === "none") return null;
  const claim = await readSessionClaim(cookie, process.env.AUTH_SECRET);
  if (!claim) return null;
  const session = await checkAuthSession(db, claim.sessionId);
  if (!session.ok || session.userId !== claim.userId) return null;
  const user = await cachedUser(db, claim.userId);
  if (!user || verdict(user, policy.roles, null) === "wrong-role") return null;
  const access = await cachedScope(db, policy, scopeId);
  if (!access || verdict(user, policy.roles, access.boardIds) !== "allowed") return null;
  return { user: { ...user, source }, access };
}
