import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "../../db-types";
import { recordAudit } from "../../audit/record-audit";
import { revokeAllAuthSessions } from "../../auth/revoke-auth-session";
import { ServiceError } from "../../errors";
import { guardLastActiveAdmin, updateAtRevision } from "./user-admin-shared";

/**
 * Deactivates a user: they can no longer sign in, every open session of theirs is revoked at once, and unused
 * set-password links stop working. An administrator cannot deactivate themselves, nor the last active administrator.
 */
export async function deactivateUser(db: PrismaClient, actor: Actor, { userId, revision }: { userId: string; revision: number }) {
  if (userId === actor.id) throw new ServiceError("BAD_REQUEST", "You cannot deactivate yourself. Ask another administrator.");
  const now = new Date();
  const result = await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, role: true, active: true } });
    if (!user) throw new ServiceError("NOT_FOUND", "No such user.");
    if (!user.active) throw new ServiceError("CONFLICT", "This user is already inactive.");
    if (user.role === "ADMIN") await guardLastActiveAdmin(tx, user.id, { role: user.role, active: false });
    await updateAtRevision(tx, user.id, revision, { active: false });
    await tx.passwordSetToken.updateMany({ where: { userId: user.id, usedAt: null }, data: { expiresAt: now } });
    const openSessions = await tx.authSession.count({ where: { userId: user.id, revokedAt: null } });
    await recordAudit(tx, actor, { action: "user.deactivate", entityType: "User", entityId: user.id, detail: { sessionsRevoked: openSessions } });
    return { revision: revision + 1 };
  });
  // After the commit, so that no request in between caches a session as open; until then the inactive flag refuses them.
  const sessionsRevoked = await revokeAllAuthSessions(db, userId, now);
  return { ...result, sessionsRevoked };
}
