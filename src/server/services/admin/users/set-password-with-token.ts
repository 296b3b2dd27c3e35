import type { PrismaClient } from "@/generated/prisma/client";
import { passwordProblem, TOKEN_STATE_MESSAGES, tokenState, type TokenState } from "@/domain/admin/user-account";
import type { Db } from "../../db-types";
import { recordAudit } from "../../audit/record-audit";
import { revokeAllAuthSessions } from "../../auth/revoke-auth-session";
import { hashPassword } from "../../auth/verify-credentials";
import { hashSetPasswordToken } from "./send-set-password-link";

async function findToken(db: Db, token: string) {
  const row = await db.passwordSetToken.findUnique({
    where: { tokenHash: hashSetPasswordToken(token) },
    select: { id: true, expiresAt: true, usedAt: true, user: { select: { id: true, email: true, name: true, active: true } } },
  });
  return row ? { ...row, userActive: row.user.active } : null;
}

/** What the set-password page may offer for this token: the form (with the account's e-mail) or why not. */
export async function checkSetPasswordToken(db: Db, token: string, now = new Date()): Promise<{ state: "valid"; email: string } | { state: Exclude<TokenState, "valid">; message: string }> {
  const row = await findToken(db, token);
  const state = tokenState(row, now);
  if (state === "valid") return { state, email: row!.user.email };
  return { state, message: TOKEN_STATE_MESSAGES[state] };
}

export type SetPasswordResult = { ok: true; email: string } | { ok: false; message: string };

/**
 * Sets the password of the token's user and consumes the token; the claim on the token is the first write, so two
 * submissions of one link cannot both succeed. Open sessions of the account end: whoever held them must sign in anew.
 */
export async function setPasswordWithToken(db: PrismaClient, input: { token: string; password: string; confirmation: string }, now = new Date()): Promise<SetPasswordResult> {
  const row = await findToken(db, input.token);
  const state = tokenState(row, now);
  if (state !== "valid") return { ok: false, message: TOKEN_STATE_MESSAGES[state] };
  const problem = passwordProblem(input.password, input.confirmation);
  if (problem) return { ok: false, message: problem };

  const passwordHash = await hashPassword(input.password);
  const claimed = await db.$transaction(async (tx) => {
    const { count } = await tx.passwordSetToken.updateMany({ where: { id: row!.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (count === 0) return false;
    await tx.user.update({ where: { id: row!.user.id }, data: { passwordHash } });
    await recordAudit(tx, row!.user, { action: "user.password.set", entityType: "User", entityId: row!.user.id, detail: { via: "set-password link" } });
    return true;
  });
  if (!claimed) return { ok: false, message: TOKEN_STATE_MESSAGES.used };
  await revokeAllAuthSessions(db, row!.user.id, now);
  return { ok: true, email: row!.user.email };
}
