import type { RequestSource } from "@/server/services/db-types";

const MAX_USER_AGENT = 400;

/**
 * Where a request came from, for the audit log. Next's route handlers do not expose the socket's address; Next's
 * server passes it on in X-Forwarded-For (seen as "::ffff:127.0.0.1" locally), and a reverse proxy in front of
 * Concilium puts the client's address first. Without such a proxy a client can write the header itself, so the
 * address is a claim, never an identity.
 */
export function requestSourceOf(headers: Pick<Headers, "get">): RequestSource {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip")?.trim() || null;
  const userAgent = headers.get("user-agent")?.trim() || null;
  return {
    ip: forwarded ? forwarded.slice(0, 64) : null,
    userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT) : null,
  };
}
