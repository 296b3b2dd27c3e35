import type { RequestSource } from "@/server/services/db-types";

const MAX_USER_AGENT = 400;

/**
 * Where a request came from, for the audit log. Next's route handlers do not expose the socket's address, so the
 * address is the first hop of X-Forwarded-For (or X-Real-IP) that the reverse proxy in front of Concilium sets;
 * without a proxy a client can write these headers itself, so the address is a claim, never an identity.
 */
export function requestSourceOf(headers: Pick<Headers, "get">): RequestSource {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip")?.trim() || null;
  const userAgent = headers.get("user-agent")?.trim() || null;
  return {
    ip: forwarded ? forwarded.slice(0, 64) : null,
    userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT) : null,
  };
}
