import { TRPCError } from "@trpc/server";
import type { PrismaClient } from "@/generated/prisma/client";
import { verdict } from "@/domain/permissions";
import { ROLE_LABELS, type RoleName } from "@/domain/roles";
import type { SessionUser } from "@/server/services/auth/load-session-user";
import { NOT_FOUND_MESSAGE } from "@/server/services/errors";
import { idSchema } from "./id-schema";

/** How a request finds the board(s) whose membership it needs: from an ID in its input. */
export type BoardScope =
  | { via: "none" }
  | { via: "board" | "meeting" | "case" | "decision" | "patient" | "slide" | "outcome"; field: string }
  /** A DICOM study, by its StudyInstanceUID. */
  | { via: "study"; field: string };

export interface AccessPolicy {
  roles: readonly RoleName[];
  scope: BoardScope;
}

/** What the guard established: the boards (and patient) the request is about. A patient belongs to every board that has a case of theirs. */
export interface Access {
  boardIds: string[] | null;
  patientId: string | null;
}


const NAMES = { board: "board", meeting: "meeting", case: "case", decision: "decision", patient: "patient", slide: "slide", outcome: "outcome", study: "study" } as const;
/** The record a scope points at, named as the audit log names entities. */
const ENTITY_TYPES = { board: "Board", meeting: "Meeting", case: "Case", decision: "Decision", patient: "Patient", slide: "Slide", outcome: "Outcome", study: "ImagingStudy" } as const;

/** What a request asked for, as far as the guard knows it: for the audit of a refusal. */
export interface AttemptedAccess {
  entityType: string;
  entityId: string | null;
  patientId: string | null;
}

/** The entity a policy's scope points at in this input (before anything is looked up). */
export function attemptedAccess(policy: AccessPolicy, input: unknown, patientId: string | null = null): AttemptedAccess {
  if (policy.scope.via === "none") return { entityType: "Procedure", entityId: null, patientId };
  const id = input && typeof input === "object" ? (input as Record<string, unknown>)[policy.scope.field] : undefined;
  return { entityType: ENTITY_TYPES[policy.scope.via], entityId: typeof id === "string" && id.length <= 200 ? id : null, patientId };
}

/**
 * The guard's refusal (wrong role, not a member, no such record), with what was asked for, so it can be audited.
 * `reason` is what the audit log records; `message` is what the caller is told.
 */
export class AccessDenied extends TRPCError {
  constructor(
    code: "FORBIDDEN" | "NOT_FOUND",
    message: string,
    readonly attempted: AttemptedAccess,
    readonly reason: string = message,
  ) {
    super({ code, message });
  }
}

/**
 * The guard's refusal of a user whose role may do this but whose boards do not hold the id asked for (finding 12):
 * NOT_FOUND with the very message of an id that does not exist, on both edges, so that an outsider cannot learn
 * that the id exists. The audit log records the real reason.
 */
export class OutsideBoardsError extends AccessDenied {
  constructor(attempted: AttemptedAccess) {
    super("NOT_FOUND", NOT_FOUND_MESSAGE, attempted, "You are not a member of this board.");
  }
}

export { NOT_FOUND_MESSAGE };


async function boardsOfPatient(db: PrismaClient, patientId: string): Promise<Access> {
  const cases = await db.case.findMany({ where: { patientId }, select: { boardId: true }, distinct: ["boardId"] });
  return { boardIds: cases.map((c) => c.boardId), patientId };
}

/** The boards (and patient) an input points at; NOT_FOUND for an id that does not exist, BAD_REQUEST for a malformed one. */
export async function resolveScope(db: PrismaClient, policy: AccessPolicy, input: unknown): Promise<Access> {
  const scope = policy.scope;
  if (scope.via === "none") return { boardIds: null, patientId: null };
  const id = input && typeof input === "object" ? (input as Record<string, unknown>)[scope.field] : undefined;
  if (typeof id !== "string" || id.length === 0) {
    throw new TRPCError({ code: "BAD_REQUEST", message: `A ${NAMES[scope.via]} must be given (${scope.field}).` });
  }
  // Checked before any lookup: a malformed id never reaches the database.
  if (!idSchema.safeParse(id).success) throw new TRPCError({ code: "BAD_REQUEST", message: `This is not a valid ${NAMES[scope.via]} id (${scope.field}).` });
  // One answer for an id that does not exist and one the caller may not see (OutsideBoardsError): "Not found.".
  const notFound = () => new AccessDenied("NOT_FOUND", NOT_FOUND_MESSAGE, attemptedAccess(policy, input), `No such ${NAMES[scope.via]}.`);
  switch (scope.via) {
    case "board": {
      const board = await db.board.findUnique({ where: { id }, select: { id: true } });
      if (!board) throw notFound();
      return { boardIds: [board.id], patientId: null };
    }
    case "meeting": {
      const meeting = await db.meeting.findUnique({ where: { id }, select: { boardId: true } });
      if (!meeting) throw notFound();
      return { boardIds: [meeting.boardId], patientId: null };
    }
    case "case": {
      const kase = await db.case.findUnique({ where: { id }, select: { boardId: true, patientId: true } });
      if (!kase) throw notFound();
      return { boardIds: [kase.boardId], patientId: kase.patientId };
    }
    case "decision": {
      const decision = await db.decision.findUnique({ where: { id }, select: { case: { select: { boardId: true, patientId: true } } } });
      if (!decision) throw notFound();
      return { boardIds: [decision.case.boardId], patientId: decision.case.patientId };
    }
    case "patient": {
      if (!(await db.patient.findUnique({ where: { id }, select: { id: true } }))) throw notFound();
      return boardsOfPatient(db, id);
    }
    case "outcome": {
      const outcome = await db.outcome.findUnique({ where: { id }, select: { patientId: true, case: { select: { boardId: true } } } });
      if (!outcome) throw notFound();
      return { boardIds: [outcome.case.boardId], patientId: outcome.patientId };
    }
    case "slide": {
      const slide = await db.slide.findUnique({ where: { id }, select: { patientId: true } });
      if (!slide) throw notFound();
      return boardsOfPatient(db, slide.patientId);
    }
    case "study": {
      const study = await db.imagingStudy.findUnique({ where: { studyInstanceUid: id }, select: { patientId: true } });
      if (!study) throw notFound();
      return boardsOfPatient(db, study.patientId);
    }
  }
}

/**
 * Whether a role passes a policy's role check: for screens that offer an action only to those the procedure will
 * let through (board membership is the page's own guard: it could not load the board's data otherwise).
 */
export function roleAllowed(policy: AccessPolicy, role: RoleName): boolean {
  return policy.roles.includes(role);
}

/**
 * The one access rule, for tRPC procedures and for the few plain HTTP routes (DICOMweb, tiles) alike: signed in,
 * one of the policy's roles, and a member of a board the request's input points at (domain/permissions.ts's
 * `verdict`, the same rule the screens' `can` uses).
 */
export async function authorize(db: PrismaClient, user: SessionUser | null, policy: AccessPolicy, input: unknown): Promise<{ user: SessionUser; access: Access }> {
  if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
  // The role first: a refusal that does not depend on the id says so (FORBIDDEN), before any lookup.
  if (verdict(user, policy.roles, null) === "wrong-role") {
    throw new AccessDenied("FORBIDDEN", `The ${ROLE_LABELS[user.role].toLowerCase()} role may not do this.`, attemptedAccess(policy, input));
  }
  const access = await resolveScope(db, policy, input);
  if (verdict(user, policy.roles, access.boardIds) === "not-a-member") throw new OutsideBoardsError(attemptedAccess(policy, input, access.patientId));
  return { user, access };
}
