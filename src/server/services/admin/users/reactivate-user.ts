import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "../../db-types";
import { recordAudit } from "../../audit/record-audit";
import { ServiceError } from "../../errors";
import { updateAtRevision } from "./user-admin-shared";

/** Lets a deactivated user sign in again (with their old password, or a new set-password link). */
export async function reactivateUser(db: PrismaClient, actor: Actor, { userId, revision }: { userId: string; revision: number }) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, active: true } });
    if (!user) throw new ServiceError("NOT_FOUND", "No such user.");
    if (user.active) throw new ServiceError("CONFLICT", "This user is already active.");
    await updateAtRevision(tx, user.id, revision, { active: true });
    await recordAudit(tx, actor, { action: "user.reactivate", entityType: "User", entityId: user.id });
    return { revision: revision + 1 };
  });
}
