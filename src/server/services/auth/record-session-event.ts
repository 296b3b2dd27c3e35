import type { Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";

/** Audits sign-ins that do not pass through the password check (single sign-on) and sign-outs. */
export async function recordSessionEvent(db: Db, userId: string, action: "auth.signin" | "auth.signout", detail: { provider: string }) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
  if (!user) return;
  await recordAudit(db, user, { action, entityType: "User", entityId: user.id, detail });
}
