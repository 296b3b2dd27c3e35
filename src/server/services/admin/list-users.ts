import type { Db } from "../db-types";

export async function listUsers(db: Db) {
  const users = await db.user.findMany({
    orderBy: [{ role: "asc" }, { name: "asc" }],
    include: { memberships: { include: { board: { select: { name: true } } } } },
  });
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    specialty: u.specialty,
    active: u.active,
    boards: u.memberships.map((m) => m.board.name).sort(),
  }));
}
