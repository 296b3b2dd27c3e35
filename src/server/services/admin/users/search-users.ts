import { mailConfig } from "@/integrations/mail/smtp";
import type { Db } from "../../db-types";

/**
 * The administrator's user list: matching name or e-mail (case-insensitive), with boards and the last sign-in (the
 * newest session started), plus the boards to choose from and whether e-mail can be sent.
 */
export async function searchUsers(db: Db, { search }: { search?: string }) {
  const text = search?.trim();
  const [users, boards] = await Promise.all([
    db.user.findMany({
      where: text ? { OR: [{ name: { contains: text, mode: "insensitive" } }, { email: { contains: text, mode: "insensitive" } }] } : undefined,
      orderBy: [{ active: "desc" }, { name: "asc" }],
      include: {
        memberships: { include: { board: { select: { id: true, name: true } } } },
        authSessions: { orderBy: { createdAt: "desc" }, take: 1, select: { createdAt: true } },
      },
    }),
    db.board.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
  ]);
  return {
    users: users.map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      specialty: u.specialty,
      active: u.active,
      revision: u.revision,
      hasPassword: u.passwordHash !== null,
      boards: u.memberships.map((m) => m.board).sort((a, b) => a.name.localeCompare(b.name)),
      lastSignInAt: u.authSessions[0]?.createdAt ?? null,
    })),
    boards,
    emailConfigured: mailConfig() !== null,
  };
}
