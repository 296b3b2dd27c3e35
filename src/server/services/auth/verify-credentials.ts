import bcrypt from "bcryptjs";
import type { PrismaClient } from "@/generated/prisma/client";
import { signInLimitsFromEnv } from "@/domain/auth/sign-in-limits";
import type { Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";
import { recordSignInFailure, recordSignInSuccess, signInWait } from "./sign-in-limiter";

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

export interface Credentials {
  email: string;
  password: string;
  /** The client's address: failures are limited per address and source, and per source. */
  source: string;
}

// Compared against when the e-mail is unknown, so that an unknown e-mail costs the same time as a wrong password.
const DUMMY_HASH = bcrypt.hashSync("no user has this password", 10);

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/**
 * The password check. Every path that is not a refusal by the limits runs exactly one bcrypt comparison, and the
 * limits are keyed by the address as typed, so neither the answer nor its time tells whether an account exists.
 */
export async function verifyCredentials(db: PrismaClient, credentials: Credentials, limits = signInLimitsFromEnv(process.env)): Promise<SignInResult> {
  const attempt = { email: normaliseEmail(credentials.email), source: credentials.source };
  const { email } = attempt;

  const wait = await signInWait(db, attempt, limits);
  if (wait > 0) {
    await recordAudit(db, { id: null, email }, { action: "auth.signin.throttled", entityType: "User", detail: { source: attempt.source } });
    return { ok: false, reason: "throttled", retryAfterSeconds: wait };
  }

  const user = await db.user.findUnique({ where: { email } });
  const usable = user?.active && user.passwordHash ? user : null;
  const matches = await bcrypt.compare(credentials.password, usable?.passwordHash ?? DUMMY_HASH);
  if (!usable || !matches) {
    await recordSignInFailure(db, attempt, limits);
    await recordAudit(db, { id: null, email }, { action: "auth.signin.failed", entityType: "User", entityId: user?.id, detail: { source: attempt.source } });
    return { ok: false, reason: "invalid" };
  }

  await recordSignInSuccess(db, attempt, limits);
  await recordAudit(db, usable, { action: "auth.signin", entityType: "User", entityId: usable.id });
  return { ok: true, user: { id: usable.id, email: usable.email, name: usable.name } };
}

/** An OIDC sign-in only admits users that an admin has provisioned (matched by e-mail). */
export async function findProvisionedUser(db: Db, rawEmail: string) {
  const user = await db.user.findUnique({ where: { email: normaliseEmail(rawEmail) } });
  return user?.active ? user : null;
}

export const hashPassword = (password: string) => bcrypt.hash(password, 10);
