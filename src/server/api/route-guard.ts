import { TRPCError } from "@trpc/server";
import type { PrismaClient } from "@/generated/prisma/client";
import type { SessionUser } from "@/server/services/auth/load-session-user";
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@/server/services/errors";
import { authorize, type Access, type AccessPolicy } from "./access";
import { createContext } from "./context";

const STATUS: Partial<Record<TRPCError["code"], number>> = { UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_REQUEST: 400 };

export interface RouteContext {
  db: PrismaClient;
  user: SessionUser;
  access: Access;
}

/**
 * For plain HTTP routes (DICOMweb, slide tiles): the same guard as every tRPC procedure. Refusals become a JSON
 * problem with the matching status; `ids` are the route's identifiers, checked as the policy's scope says.
 */
export async function guardRoute(policy: AccessPolicy, ids: Record<string, string>): Promise<RouteContext | Response> {
  try {
    const { db, user } = await createContext();
    const granted = await authorize(db, user, policy, ids);
    return { db, ...granted };
  } catch (error) {
    if (error instanceof TRPCError && STATUS[error.code]) {
      return Response.json({ error: error.message }, { status: STATUS[error.code] });
    }
    if (isDatabaseUnavailable(error)) {
      return Response.json({ error: DATABASE_UNAVAILABLE_MESSAGE }, { status: 503, headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) } });
    }
    throw error;
  }
}
