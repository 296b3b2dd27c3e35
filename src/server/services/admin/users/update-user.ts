import type { PrismaClient } from "@/generated/prisma/client";
import type { RoleName, SpecialtyName } from "@/domain/roles";
import type { Actor } from "../../db-types";
import { recordAudit } from "../../audit/record-audit";
import { ServiceError } from "../../errors";
import { checkMemberships, guardLastActiveAdmin, updateAtRevision } from "./user-admin-shared";

export interface UserChange {
  userId: string;
  /** The revision the administrator saw; a newer one means someone else changed the user meanwhile. */
  revision: number;
  name: string;
  role: RoleName;
  specialty: SpecialtyName | null;
  boardIds: string[];
}

/** Changes a user's name, role, specialty and board memberships in one step; the audit keeps before and after. */
export async function updateUser(db: PrismaClient, actor: Actor, change: UserChange) {
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: change.userId }, include: { memberships: { select: { boardId: true } } } });
    if (!before) throw new ServiceError("NOT_FOUND", "No such user.");
    const boardIds = await checkMemberships(tx, change.role, change.boardIds);
    if (before.role === "ADMIN" && change.role !== "ADMIN") await guardLastActiveAdmin(tx, before.id, { role: change.role, active: before.active });
    await updateAtRevision(tx, before.id, change.revision, { name: change.name.trim(), role: change.role, specialty: change.specialty });

    const previous = before.memberships.map((m) => m.boardId);
    const added = boardIds.filter((id) => !previous.includes(id));
    const removed = previous.filter((id) => !boardIds.includes(id));
    await tx.boardMembership.deleteMany({ where: { userId: before.id, boardId: { in: removed } } });
    await tx.boardMembership.createMany({ data: added.map((boardId) => ({ userId: before.id, boardId })) });

    await recordAudit(tx, actor, {
      action: "user.update",
      entityType: "User",
      entityId: before.id,
      detail: {
        before: { name: before.name, role: before.role, specialty: before.specialty },
        after: { name: change.name.trim(), role: change.role, specialty: change.specialty },
        boardsAdded: added,
        boardsRemoved: removed,
      },
    });
    return { revision: change.revision + 1 };
  });
}
