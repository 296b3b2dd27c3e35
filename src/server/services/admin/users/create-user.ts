import type { PrismaClient } from "@/generated/prisma/client";
import { Prisma } from "@/generated/prisma/client";
import type { RoleName, SpecialtyName } from "@/domain/roles";
import type { Actor } from "../../db-types";
import { recordAudit } from "../../audit/record-audit";
import { ServiceError } from "../../errors";
import { normaliseEmail } from "../../auth/verify-credentials";
import { checkMemberships } from "./user-admin-shared";

export interface NewUser {
  name: string;
  email: string;
  role: RoleName;
  specialty: SpecialtyName | null;
  boardIds: string[];
}

const DUPLICATE = () => new ServiceError("CONFLICT", "A user with this e-mail address already exists.", [{ field: "email", message: "Already in use." }]);

/** Creates a user without a password: they set one through a set-password link (or sign in by SSO). */
export async function createUser(db: PrismaClient, actor: Actor, input: NewUser) {
  const email = normaliseEmail(input.email);
  try {
    return await db.$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email }, select: { id: true } })) throw DUPLICATE();
      const boardIds = await checkMemberships(tx, input.role, input.boardIds);
      const user = await tx.user.create({
        data: { name: input.name.trim(), email, role: input.role, specialty: input.specialty, memberships: { create: boardIds.map((boardId) => ({ boardId })) } },
        select: { id: true, revision: true },
      });
      await recordAudit(tx, actor, { action: "user.create", entityType: "User", entityId: user.id, detail: { email, role: input.role, specialty: input.specialty, boardIds } });
      return user;
    });
  } catch (error) {
    // Two administrators creating the same address at once: the unique index decides.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw DUPLICATE();
    throw error;
  }
}
