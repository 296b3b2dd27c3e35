import { mailConfig } from "@/integrations/mail/smtp";
import type { Db } from "../../db-types";
import { ServiceError } from "../../errors";

/** One user as the edit page shows them, with the boards to choose from and the open sessions count. */
export async function getUser(db: Db, userId: string) {
  const [user, boards, openSessions] = await Promise.all([
    db.user.findUnique({
      where: { id: userId },
      include: {
        memberships: { select: { boardId: true } },
        authSessions: { orderBy: { createdAt: "desc" }, take: 1, select: { createdAt: true } },
      },
    }),
    db.board.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.authSession.count({ where: { userId, revokedAt: null, expiresAt: { gt: new Date() } } }),
  ]);
  if (!user) throw new ServiceError("NOT_FOUND", "No such user.");
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      specialty: user.specialty,
      active: user.active,
      revision: user.revision,
      hasPassword: user.passwordHash !== null,
      boardIds: user.memberships.map((m) => m.boardId),
      lastSignInAt: user.authSessions[0]?.createdAt ?? null,
      openSessions,
    },
    boards,
    emailConfigured: mailConfig() !== null,
  };
}
