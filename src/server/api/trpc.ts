import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import type { RoleName } from "@/domain/roles";
import { ROLE_LABELS } from "@/domain/roles";
import { Prisma } from "@/generated/prisma/client";
import type { SessionUser } from "@/server/services/auth/load-session-user";
import { ServiceError } from "@/server/services/errors";

export interface Context {
  db: PrismaClient;
  user: SessionUser | null;
}

/** The context without a request: what tests build directly, and what the HTTP context wraps. */
export const createInnerContext = (opts: Context): Context => opts;

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause.issues.map((i) => ({ path: i.path.join("."), message: i.message })) : null;
    return { ...shape, data: { ...shape.data, zodError } };
  },
});

export const router = t.router;

// Services refuse with ServiceError and Prisma with "record not found"; the user gets the matching code and message.
const procedure = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof ServiceError) throw new TRPCError({ code: cause.code, message: cause.message, cause });
    if (cause instanceof Prisma.PrismaClientKnownRequestError && cause.code === "P2025") {
      throw new TRPCError({ code: "NOT_FOUND", message: "Not found.", cause });
    }
  }
  return result;
});
export const createCallerFactory = t.createCallerFactory;

/** How a procedure finds the board whose membership it needs: from an ID in its input. */
export type BoardScope =
  | { via: "none" }
  | { via: "board" | "meeting" | "case" | "decision"; field: string };

export interface AccessPolicy {
  roles: readonly RoleName[];
  scope: BoardScope;
}

/** What the guard established: the board (and patient) the request is about. */
export interface Access {
  boardId: string | null;
  patientId: string | null;
}

const ENTITY_NAMES = { board: "board", meeting: "meeting", case: "case", decision: "decision" } as const;

async function resolveScope(db: PrismaClient, scope: BoardScope, rawInput: unknown): Promise<Access> {
  if (scope.via === "none") return { boardId: null, patientId: null };
  const id = rawInput && typeof rawInput === "object" ? (rawInput as Record<string, unknown>)[scope.field] : undefined;
  if (typeof id !== "string" || id.length === 0) {
    throw new TRPCError({ code: "BAD_REQUEST", message: `A ${ENTITY_NAMES[scope.via]} must be given (${scope.field}).` });
  }
  let found: Access | null = null;
  if (scope.via === "board") {
    const board = await db.board.findUnique({ where: { id }, select: { id: true } });
    found = board && { boardId: board.id, patientId: null };
  } else if (scope.via === "meeting") {
    const meeting = await db.meeting.findUnique({ where: { id }, select: { boardId: true } });
    found = meeting && { boardId: meeting.boardId, patientId: null };
  } else if (scope.via === "case") {
    const kase = await db.case.findUnique({ where: { id }, select: { boardId: true, patientId: true } });
    found = kase && { boardId: kase.boardId, patientId: kase.patientId };
  } else {
    const decision = await db.decision.findUnique({ where: { id }, select: { case: { select: { boardId: true, patientId: true } } } });
    found = decision && { boardId: decision.case.boardId, patientId: decision.case.patientId };
  }
  if (!found) throw new TRPCError({ code: "NOT_FOUND", message: `No such ${ENTITY_NAMES[scope.via]}.` });
  return found;
}

/**
 * The one guard: signed in, one of the policy's roles, and a member of the board the input points at.
 * Every procedure but the public ones is built from it.
 */
export function guardedProcedure(policy: AccessPolicy) {
  return procedure.use(async ({ ctx, next, getRawInput }) => {
    const user = ctx.user;
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
    if (!policy.roles.includes(user.role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `The ${ROLE_LABELS[user.role].toLowerCase()} role may not do this.` });
    }
    const access = await resolveScope(ctx.db, policy.scope, await getRawInput());
    if (access.boardId !== null && !user.boardIds.includes(access.boardId)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of this board." });
    }
    return next({ ctx: { ...ctx, user, access } });
  });
}
