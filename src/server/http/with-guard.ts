/**
 * The HTTP edge: every route.ts under src/app/api (but next-auth's and tRPC's) is `withGuard(policy, handler)`, as
 * dub's withWorkspace. In this order, for every request:
 *   1. a state-changing request from another site is refused (403, see same-origin.ts);
 *   2. a path parameter with a control character, or one the route's own check refuses, is refused (400) before
 *      anything reads it;
 *   3. the session's user is authenticated and authorized by ./route-policies.ts and the one guard of
 *      server/api/access.ts (401 signed out, 403 wrong role, 404 "Not found." for an unknown id AND for one the
 *      user's boards may not see, so that the two cannot be told apart); refusals of a signed-in user are audited;
 *   4. the handler runs with the user, the access and the parameters;
 *   5. whatever it throws becomes a JSON problem (./problem.ts), and the answer gets the policy's caching and the
 *      API's security headers.
 */
import { TRPCError } from "@trpc/server";
import type { PrismaClient } from "@/generated/prisma/client";
import { authorize, OutsideBoardsError, resolveScope, type Access } from "@/server/api/access";
import { createContext } from "@/server/api/context";
import { hasControlCharacter } from "@/server/api/id-schema";
import { recallGrant, rememberGrant } from "@/server/api/recent-grants";
import { requestSourceOf } from "@/server/api/request-source";
import { authenticatePeer, tokenOf } from "@/server/services/dicomweb-peers/peer-credential";
import { recordDenial } from "@/server/services/audit/record-audit";
import type { SessionUser } from "@/server/services/auth/load-session-user";
import { pseudonymiseDicomJson } from "@/domain/expert-opinion/pseudonymise-dicom-json";
import { grantExpert, type ExpertGrant } from "@/server/services/expert-opinion/expert-grant";
import { grantGuest } from "@/server/services/meeting-guests/guest-grant";
import { errorResponse, NOT_FOUND_MESSAGE, problem } from "./problem";
import { grantedCacheControl, ROUTE_POLICIES, type RoutePolicy, type RoutePolicyName } from "./route-policies";
import { crossSiteRefusal } from "./same-origin";
import { apiSecurityHeaders, INLINE_DOCUMENT_CONTENT_SECURITY_POLICY, withHeaders } from "./security-headers";

export type RouteParams = Record<string, string | string[]>;

/** What a guarded handler gets: the database, the authorized user, what the guard established, the request. */
export interface Guarded<P extends RouteParams> {
  db: PrismaClient;
  user: SessionUser;
  access: Access;
  request: Request;
  params: P;
}

type Granted = Pick<Guarded<RouteParams>, "db" | "user" | "access"> & { expert?: ExpertGrant };

export type Handler<P extends RouteParams> = (ctx: Guarded<P>) => Promise<Response> | Response;

/** A handler with a check of its own parameters, run before the guard (e.g. DICOM UIDs: 400 before any lookup). */
export interface CheckedHandler<P extends RouteParams> {
  checkParams: (params: P) => string | null;
  handle: Handler<P>;
}

/** A Next route handler guarded by the named policy. */
export function withGuard<P extends RouteParams = Record<never, never>>(name: RoutePolicyName, handler: Handler<P> | CheckedHandler<P>) {
  const policy: RoutePolicy = ROUTE_POLICIES[name];
  const route: CheckedHandler<P> = typeof handler === "function" ? { checkParams: () => null, handle: handler } : handler;
  return async (request: Request, context?: { params?: Promise<P> }): Promise<Response> => {
    let response: Response;
    try {
      response = await guarded(name, policy, request, ((await context?.params) ?? {}) as P, route);
    } catch (error) {
      response = errorResponse(error, `${request.method} ${name}`);
    }
    const security = apiSecurityHeaders(request);
    if (policy.inlineDocument && response.ok) security["Content-Security-Policy"] = INLINE_DOCUMENT_CONTENT_SECURITY_POLICY;
    return withHeaders(response, { "Cache-Control": cacheControl(response, policy), ...security });
  };
}

async function guarded<P extends RouteParams>(name: RoutePolicyName, policy: RoutePolicy, request: Request, params: P, route: CheckedHandler<P>) {
  const refusal = crossSiteRefusal(request);
  if (refusal) return problem(403, refusal);
  const values = Object.values(params).flat();
  if (values.some(hasControlCharacter)) return problem(400, "The address contains a control character.");
  const malformed = route.checkParams(params);
  if (malformed) return problem(400, malformed);
  const granted = await grant(name, policy, request, scopeIds(request, params));
  if (granted instanceof Response) return granted;
  const response = await route.handle({ db: granted.db, user: granted.user, access: granted.access, request, params });
  return granted.expert && !granted.expert.identifiable ? pseudonymised(response, granted.expert.pseudonym) : response;
}

/** The ids the policy's scope may read: the path's parameters, and the query's for routes that take the id there. */
function scopeIds(request: Request, params: RouteParams): Record<string, string> {
  const ids: Record<string, string> = Object.fromEntries(new URL(request.url).searchParams);
  for (const [key, value] of Object.entries(params)) if (typeof value === "string") ids[key] = value;
  return ids;
}

async function grant(name: RoutePolicyName, policy: RoutePolicy, request: Request, ids: Record<string, string>): Promise<Granted | Response> {
  const resource = policy.scope.via === "none" ? name : `${name}:${ids[policy.scope.field] ?? ""}`;
  if (policy.rememberGrant) {
    const recalled = recallGrant<Granted>(request, resource);
    if (recalled) return recalled;
  }
  const context = await createContext();
  const { db } = context;
  let user = context.user;
  // No account session: an outside expert's share session may open exactly what was shared (issue 15).
  if (!user && policy.expert && policy.scope.via !== "none") {
    const id = ids[policy.scope.field] ?? "";
    const expert = await grantExpert(db, request.headers.get("cookie"), policy.expert, id, name, requestSourceOf(request.headers));
    if (expert === "refused") return problem(404, NOT_FOUND_MESSAGE);
    if (expert) return { db, user: expert.user, access: expert.access, expert };
  }
  // No account session: a meeting guest's session may open exactly their meeting (issue 15, part 2).
  if (!user && policy.guest && policy.scope.via !== "none") {
    const guest = await grantGuest(db, request.headers.get("cookie"), policy.guest, ids[policy.scope.field] ?? "", name, requestSourceOf(request.headers));
    // The meeting once closed: the plain reason; an image then, or another meeting or patient: "Not found.".
    if (guest && "refused" in guest) return guest.refused === "closed" && policy.guest === "meeting" ? problem(403, guest.message) : problem(404, NOT_FOUND_MESSAGE);
    if (guest) return { db, user: guest.user, access: guest.access };
  }
  // No session: a peer PACS may present its credential on the routes that admit peers (see peer-credential.ts).
  if (!user && policy.peers && request.headers.has("authorization")) {
    const peer = await peerOf(db, request, name, policy, ids);
    if (peer instanceof Response) return peer;
    user = peer;
  }
  try {
    const granted: Granted = { db, ...(await authorize(db, user, policy, ids)) };
    if (policy.rememberGrant) rememberGrant(request, resource, Date.now(), granted);
    return granted;
  } catch (error) {
    const outsider = error instanceof OutsideBoardsError;
    if (!(error instanceof TRPCError) || !(outsider || error.code === "FORBIDDEN") || !user) throw error;
    await auditDenial(db, user, name, policy, ids, outsider ? error.reason : error.message);
    // The role may do this but the user's boards may not see this id: the same answer as for an id that does not exist.
    return outsider ? problem(404, NOT_FOUND_MESSAGE) : problem(403, error.message);
  }
}

/** The peer an Authorization header names, or a 401 (audited) for a credential that is unknown or revoked. */
async function peerOf(db: PrismaClient, request: Request, name: RoutePolicyName, policy: RoutePolicy, ids: Record<string, string>): Promise<SessionUser | Response> {
  const token = tokenOf(request.headers.get("authorization"));
  const peer = token ? await authenticatePeer(db, token) : null;
  const source = requestSourceOf(request.headers);
  if (peer) return { ...peer, source } as SessionUser;
  const entityId = policy.scope.via === "none" ? null : (ids[policy.scope.field] ?? null);
  await recordDenial(db, null, { action: name, entityType: policy.entityType, entityId, reason: "Unknown or revoked DICOMweb peer credential.", source });
  // Bearer, not Basic: a browser never offers its own password dialog for it.
  return problem(401, "This credential is not valid (unknown or revoked).", { "WWW-Authenticate": 'Bearer realm="Concilium DICOMweb"' });
}

/** The one place HTTP denials are written to the audit log, as `<policy>.denied` with the id asked for and, when it exists, its patient. */
export async function auditDenial(db: PrismaClient, user: SessionUser, name: RoutePolicyName, policy: RoutePolicy, ids: Record<string, string>, reason: string) {
  const entityId = policy.scope.via === "none" ? null : (ids[policy.scope.field] ?? null);
  const patientId = policy.scope.via === "none" ? null : await resolveScope(db, policy, ids).then((a) => a.patientId, () => null);
  await recordDenial(db, user, { action: name, entityType: policy.entityType, entityId, patientId, reason });
}

/**
 * Patient data is never kept by shared caches: refusals and "no-store" policies are not kept at all; images of a
 * "private-short" or "private-immutable" policy for PATIENT_DATA_MAX_AGE seconds at most, whatever the handler
 * proposed (a 304 renews what the browser keeps, so it carries the same).
 */
function cacheControl(response: Response, policy: RoutePolicy): string {
  const proposed = response.headers.get("cache-control") ?? "";
  if (proposed.includes("no-store")) return proposed;
  if (response.status >= 300 && response.status !== 304) return "private, no-store";
  return grantedCacheControl(policy.cache);
}

/**
 * What a pseudonymised share's expert receives of a DICOMweb answer: metadata with the pseudonym in place of name and
 * ID; whole DICOM files (their header names the patient) not at all.
 */
async function pseudonymised(response: Response, pseudonym: string): Promise<Response> {
  const type = response.headers.get("content-type") ?? "";
  if (!response.ok) return response;
  if (type.includes("json")) {
    const body = pseudonymiseDicomJson(await response.json(), pseudonym);
    const headers = new Headers(response.headers);
    headers.delete("content-length");
    return new Response(JSON.stringify(body), { status: response.status, headers });
  }
  if (type.includes("application/dicom")) return problem(403, "Whole DICOM files are not shared with a pseudonymised second opinion.");
  return response;
}
