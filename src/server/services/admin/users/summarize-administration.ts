import { mailConfig } from "@/integrations/mail/smtp";
import type { Db } from "../../db-types";

/** The admin home: how many users there are by state and role, each board with its members, and the integrations. */
export async function summarizeAdministration(db: Db) {
  const [byRole, boards, neverSetPassword] = await Promise.all([
    db.user.groupBy({ by: ["role", "active"], _count: { _all: true } }),
    db.board.findMany({
      orderBy: { name: "asc" },
      select: { id: true, name: true, tumourSite: true, memberships: { select: { user: { select: { active: true } } } } },
    }),
    db.user.count({ where: { active: true, passwordHash: null } }),
  ]);
  const count = (filter: (row: (typeof byRole)[number]) => boolean) => byRole.filter(filter).reduce((sum, row) => sum + row._count._all, 0);
  return {
    activeUsers: count((r) => r.active),
    inactiveUsers: count((r) => !r.active),
    activeAdmins: count((r) => r.active && r.role === "ADMIN"),
    withoutPassword: neverSetPassword,
    boards: boards.map((b) => ({ id: b.id, name: b.name, tumourSite: b.tumourSite, activeMembers: b.memberships.filter((m) => m.user.active).length })),
    emailConfigured: mailConfig() !== null,
  };
}
