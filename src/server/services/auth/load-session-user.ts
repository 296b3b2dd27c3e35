import type { RoleName, SpecialtyName } from "@/domain/roles";
import type { Db } from "../db-types";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: RoleName;
  specialty: SpecialtyName | null;
  boardIds: string[];
}

/** Loads the user behind a session on every request, so that a deactivated user or a changed role takes effect at once. */
export async function loadSessionUser(db: Db, userId: string): Promise<SessionUser | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, role: true, specialty: true, active: true, memberships: { select: { boardId: true } } },
  });
  if (!user || !user.active) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    specialty: user.specialty,
    boardIds: user.memberships.map((m) => m.boardId),
  };
}
