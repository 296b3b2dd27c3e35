import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { Prisma } from "@/generated/prisma/client";
import { recordDenial } from "@/server/services/audit/record-audit";
import type { SessionUser } from "@/server/services/auth/load-session-user";
import type { RequestSource } from "@/server/services/db-types";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable, ServiceError } from "@/server/services/errors";
import { AccessDenied, attemptedAccess, authorize, type AccessPolicy } from "./access";

export interface Context {
  db: PrismaClient;
  /** The signed-in user; over HTTP they carry the request's source, which the audit log records. */
  user: (SessionUser & { source?: RequestSource }) | null;
  /** Where the request came from, also without a user (for recordDenial of an anonymous HTTP request). */
  source?: RequestSource;
}

/** The context without a request: what tests build directly, and what the HTTP context wraps. */
export const createInnerContext = (opts: Context): Context => opts;

/** What a client sees of any unexpected server failure. */
export const INTERNAL_MESSAGE = "Something went wrong on the server. Please try again.";

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause.issues.map((i) => ({ path: i.path.join("."), message: i.message })) : null;
    // What a refusal names (e.g. "withoutQuorumReason"), so the screen can ask for exactly that.
    const fields = error.cause instanceof ServiceError ? (error.cause.fields ?? null) : null;
    // An unexpected failure (a database error above all) may carry patient data or SQL in its text: the client gets
    // a generic message and no stack; the route logs the error's name only.
    if (error.code === "INTERNAL_SERVER_ERROR") {
      const { stack: _stack, ...data } = shape.data;
      return { ...shape, message: INTERNAL_MESSAGE, data: { ...data, zodError, fields: null } };
    }
    return { ...shape, data: { ...shape.data, zodError, fields } };
  },
});

export const router = t.router;

// Services refuse with ServiceError and Prisma with "record not found"; the user gets the matching code and message.
// A lost database connection becomes SERVICE_UNAVAILABLE.
const procedure = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof ServiceError) throw new TRPCError({ code: cause.code, message: cause.message, cause });
    if (cause instanceof Prisma.PrismaClientKnownRequestError && cause.code === "P2025") {
      throw new TRPCError({ code: "NOT_FOUND", message: "Not found.", cause });
    }
    if (isDatabaseUnavailable(cause)) throw databaseUnavailable(cause);
  }
  return result;
});

/** A database restart or failover: "try again" (503, Retry-After from the HTTP handler), not an internal error. */
export function databaseUnavailable(cause: unknown): TRPCError {
  return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: DATABASE_UNAVAILABLE_MESSAGE, cause });
}
export const createCallerFactory = t.createCallerFactory;

/**
 * Every procedure is built from this: the one guard of ./access.ts, run before the procedure sees its input.
 * Every refusal of a signed-in user is audited as "<procedure>.denied" with the reason they were given: by the guard
 * (role, membership, no such record) or later by the procedure (e.g. someone else's annotation). Calls without a
 * session are not: they name nobody, and logging them would let anyone fill an append-only log.
 */
export function guardedProcedure(policy: AccessPolicy) {
  return procedure.use(async ({ ctx, next, getRawInput, path }) => {
    const input = await getRawInput();
    let granted: Awaited<ReturnType<typeof authorize>>;
    try {
      granted = await authorize(ctx.db, ctx.user, policy, input);
    } catch (error) {
      if (error instanceof AccessDenied && ctx.user) {
        await recordDenial(ctx.db, ctx.user, { action: path, ...error.attempted, reason: error.reason });
      }
      throw error;
    }
    const result = await next({ ctx: { ...ctx, user: granted.user, access: granted.access } });
    if (!result.ok && result.error.code === "FORBIDDEN") {
      await recordDenial(ctx.db, granted.user, { action: path, ...attemptedAccess(policy, input, granted.access.patientId), reason: result.error.message });
    }
    return result;
  });
}
