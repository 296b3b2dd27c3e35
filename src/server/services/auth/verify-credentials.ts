import bcrypt from "bcryptjs";
import { failuresAfterAnotherFailure, secondsUntilNextAttempt } from "@/domain/auth/sign-in-throttle";
import type { Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

// Compared against when the e-mail is unknown, so that an unknown e-mail costs the same time as a wrong password.
const DUMMY_HASH = bcrypt.hashSync("no user has this password", 10);

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function verifyCredentials(db: Db, rawEmail: string, password: string, now = new Date()): Promise<SignInResult> {
  const email = normaliseEmail(rawEmail);
  const user = await db.user.findUnique({ where: { email } });
  if (!user || !user.active || !user.passwordHash) {
    await bcrypt.compare(password, DUMMY_HASH);
    await recordAudit(db, { id: null, email }, { action: "auth.signin.failed", entityType: "User", entityId: user?.id });
    return { ok: false, reason: "invalid" };
  }

  const wait = secondsUntilNextAttempt(user, now);
  if (wait > 0) {
    await recordAudit(db, { id: null, email }, { action: "auth.signin.throttled", entityType: "User", entityId: user.id });
    return { ok: false, reason: "throttled", retryAfterSeconds: wait };
  }

  if (!(await bcrypt.compare(password, user.passwordHash))) {
    await db.user.update({
      where: { id: user.id },
      data: { failedSignInCount: failuresAfterAnotherFailure(user, now), lastFailedSignIn: now },
    });
    await recordAudit(db, { id: null, email }, { action: "auth.signin.failed", entityType: "User", entityId: user.id });
    return { ok: false, reason: "invalid" };
  }

  if (user.failedSignInCount > 0) {
    await db.user.update({ where: { id: user.id }, data: { failedSignInCount: 0, lastFailedSignIn: null } });
  }
  await recordAudit(db, user, { action: "auth.signin", entityType: "User", entityId: user.id });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}

/** An OIDC sign-in only admits users that an admin has provisioned (matched by e-mail). */
export async function findProvisionedUser(db: Db, rawEmail: string) {
  const user = await db.user.findUnique({ where: { email: normaliseEmail(rawEmail) } });
  return user?.active ? user : null;
}

export const hashPassword = (password: string) => bcrypt.hash(password, 10);
