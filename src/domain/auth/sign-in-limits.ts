/**
 * How sign-in failures are slowed down, without telling which accounts exist and without letting one person lock
 * a colleague out. Failures are counted whether or not the address belongs to an account, and two ways:
 * - per address AND source (IP): after `perAccount.failures` failures within `perAccount.windowSeconds`, that source
 *   may not try that address for a while, and each further lockout within a day doubles the wait (1, 2, 4 ... minutes,
 *   at most an hour). The owner of the address, signing in from their own workstation, is not affected.
 * - per source, across all addresses: after `perSource.failures` failures within `perSource.windowSeconds`, that
 *   source may not sign in at all for `perSource.blockSeconds` (one password tried against many accounts).
 * A success clears the address-and-source count, never the source's count (a valid account must not reset it).
 */
export interface SignInLimits {
  perAccount: { failures: number; windowSeconds: number };
  perSource: { failures: number; windowSeconds: number; blockSeconds: number };
}

export const FIRST_LOCKOUT_SECONDS = 60;
export const MAX_LOCKOUT_SECONDS = 3_600;
/** Lockouts of one address from one source are remembered this long, to make each further lockout longer. */
export const STRIKE_MEMORY_SECONDS = 24 * 3_600;

function positiveInteger(raw: string | undefined, fallback: number): number {
  const value = raw === undefined || raw.trim() === "" ? NaN : Number(raw);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export function signInLimitsFromEnv(env: Record<string, string | undefined>): SignInLimits {
  return {
    perAccount: { failures: positiveInteger(env.CONCILIUM_SIGNIN_FAILURES_PER_ACCOUNT, 5), windowSeconds: 15 * 60 },
    perSource: { failures: positiveInteger(env.CONCILIUM_SIGNIN_FAILURES_PER_SOURCE, 50), windowSeconds: 15 * 60, blockSeconds: 15 * 60 },
  };
}

/** The length of the n-th lockout (n from 1) of one address from one source. */
export function lockoutSeconds(strike: number): number {
  return Math.min(MAX_LOCKOUT_SECONDS, FIRST_LOCKOUT_SECONDS * 2 ** Math.max(0, strike - 1));
}
