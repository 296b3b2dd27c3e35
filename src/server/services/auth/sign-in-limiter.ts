import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import type { PrismaClient } from "@/generated/prisma/client";
import { lockoutSeconds, signInLimitsFromEnv, STRIKE_MEMORY_SECONDS, type SignInLimits } from "@/domain/auth/sign-in-limits";

/**
 * The counters behind the sign-in limits (see domain/auth/sign-in-limits.ts), kept by rate-limiter-flexible in the
 * SignInLimit table, so that every app instance sees the same counts. Keys hold the address as typed (normalised)
 * whether or not an account has it, so refusals say nothing about which accounts exist.
 */
interface Limiters {
  limits: SignInLimits;
  perAccount: RateLimiterPrisma;
  strikes: RateLimiterPrisma;
  perSource: RateLimiterPrisma;
}

const byClient = new WeakMap<PrismaClient, Map<string, Limiters>>();

function limitersFor(db: PrismaClient, limits: SignInLimits): Limiters {
  const forClient = byClient.get(db) ?? new Map<string, Limiters>();
  byClient.set(db, forClient);
  const id = JSON.stringify(limits);
  const existing = forClient.get(id);
  if (existing) return existing;
  const store = (keyPrefix: string, points: number, duration: number) =>
    new RateLimiterPrisma({ storeClient: db, tableName: "signInLimit", keyPrefix, points, duration });
  const created: Limiters = {
    limits,
    perAccount: store("account-source", limits.perAccount.failures, limits.perAccount.windowSeconds),
    strikes: store("account-source-lockouts", Number.MAX_SAFE_INTEGER, STRIKE_MEMORY_SECONDS),
    perSource: store("source", limits.perSource.failures, limits.perSource.windowSeconds),
  };
  forClient.set(id, created);
  return created;
}

const accountKey = (email: string, source: string) => `${email}|${source}`;
const waitSeconds = (res: RateLimiterRes | null, points: number) =>
  res && res.consumedPoints >= points ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;

export interface SignInAttempt {
  /** Normalised e-mail address, whether or not an account has it. */
  email: string;
  /** The client's address, as far as it is known. */
  source: string;
}

/** Seconds this source must wait before trying this address again; 0 when it may try now. */
export async function signInWait(db: PrismaClient, attempt: SignInAttempt, limits = signInLimitsFromEnv(process.env)): Promise<number> {
  const l = limitersFor(db, limits);
  const [account, source] = await Promise.all([l.perAccount.get(accountKey(attempt.email, attempt.source)), l.perSource.get(attempt.source)]);
  return Math.max(waitSeconds(account, limits.perAccount.failures), waitSeconds(source, limits.perSource.failures));
}

async function consume(limiter: RateLimiterPrisma, key: string): Promise<number> {
  try {
    return (await limiter.consume(key)).consumedPoints;
  } catch (error) {
    // Over the limit already (another attempt got there first): the counter is past its points.
    if (error instanceof RateLimiterRes) return error.consumedPoints;
    throw error;
  }
}

/** Counts a failure; reaching a limit starts a lockout of the address from this source, or of the whole source. */
export async function recordSignInFailure(db: PrismaClient, attempt: SignInAttempt, limits = signInLimitsFromEnv(process.env)) {
  const l = limitersFor(db, limits);
  const key = accountKey(attempt.email, attempt.source);
  const [accountFailures, sourceFailures] = await Promise.all([consume(l.perAccount, key), consume(l.perSource, attempt.source)]);
  if (accountFailures === limits.perAccount.failures) {
    const strike = await consume(l.strikes, key);
    await l.perAccount.block(key, lockoutSeconds(strike));
  }
  if (sourceFailures === limits.perSource.failures) await l.perSource.block(attempt.source, limits.perSource.blockSeconds);
}

/** A success forgives this address's failures from this source (not the source's failures across addresses). */
export async function recordSignInSuccess(db: PrismaClient, attempt: SignInAttempt, limits = signInLimitsFromEnv(process.env)) {
  const l = limitersFor(db, limits);
  const key = accountKey(attempt.email, attempt.source);
  await Promise.all([l.perAccount.delete(key), l.strikes.delete(key)]);
}
