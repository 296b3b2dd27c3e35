import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { leavesAnActiveAdmin } from "@/domain/admin/user-account";
import type { RoleName } from "@/domain/roles";
import { ServiceError } from "../../errors";

type Tx = Prisma.TransactionClient;

/** The message of every edit made against an older revision of a user. */
export const STALE_REVISION_MESSAGE = "Someone else changed this user since you opened the page. Reload to see their change, then try again.";

/**
 * Locks the active administrators' rows for the rest of the transaction and refuses a change that would leave none:
 * two administrators demoting each other at the same moment cannot both succeed.
 */
export async function guardLastActiveAdmin(tx: Tx, userId: string, after: { role: RoleName; active: boolean }) {
  const admins = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "User" WHERE "role" = 'ADMIN' AND "active" ORDER BY "id" FOR UPDATE`;
  if (!leavesAnActiveAdmin(admins.map((a) => a.id), userId, after)) {
    throw new ServiceError("CONFLICT", "This is the last active administrator. Make another user an administrator first.");
  }
}

/** Applies a change only if the user is still at the revision the administrator saw; raises the revision. */
export async function updateAtRevision(tx: Tx, userId: string, revision: number, data: Prisma.UserUpdateManyMutationInput) {
  const { count } = await tx.user.updateMany({ where: { id: userId, revision }, data: { ...data, revision: { increment: 1 } } });
  if (count === 0) {
    const exists = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
    throw exists ? new ServiceError("CONFLICT", STALE_REVISION_MESSAGE) : new ServiceError("NOT_FOUND", "No such user.");
  }
}

/** Board ids an administrator picked: each must exist, and an administrator belongs to no board. */
export async function checkMemberships(db: Pick<PrismaClient, "board"> | Tx, role: RoleName, boardIds: readonly string[]) {
  const unique = [...new Set(boardIds)];
  if (role === "ADMIN" && unique.length > 0) {
    throw new ServiceError("BAD_REQUEST", "An administrator belongs to no board: remove the board memberships or choose a clinical role.", [{ field: "boardIds", message: "An administrator belongs to no board." }]);
  }
  const found = await db.board.count({ where: { id: { in: unique } } });
  if (found !== unique.length) throw new ServiceError("BAD_REQUEST", "One of the chosen boards does not exist.", [{ field: "boardIds", message: "Unknown board." }]);
  return unique;
}
