/**
 * Slows down password guessing: the first few failures cost nothing, then each further failure doubles the
 * wait before the next attempt is even checked. A quiet quarter of an hour forgives the past failures.
 */
export const FREE_FAILURES = 3;
export const FIRST_WAIT_SECONDS = 5;
export const MAX_WAIT_SECONDS = 300;
export const FORGIVE_AFTER_MS = 15 * 60 * 1000;

export interface SignInHistory {
  failedSignInCount: number;
  lastFailedSignIn: Date | null;
}

/** Seconds the user must still wait before the next attempt is checked; 0 when they may try now. */
export function secondsUntilNextAttempt(history: SignInHistory, now: Date): number {
  const failures = effectiveFailures(history, now);
  if (failures < FREE_FAILURES || !history.lastFailedSignIn) return 0;
  const wait = Math.min(MAX_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2 ** (failures - FREE_FAILURES));
  const elapsed = (now.getTime() - history.lastFailedSignIn.getTime()) / 1000;
  return Math.max(0, Math.ceil(wait - elapsed));
}

/** The failure count to store after one more failed attempt. */
export function failuresAfterAnotherFailure(history: SignInHistory, now: Date): number {
  return effectiveFailures(history, now) + 1;
}

function effectiveFailures(history: SignInHistory, now: Date): number {
  if (!history.lastFailedSignIn) return 0;
  const quiet = now.getTime() - history.lastFailedSignIn.getTime();
  return quiet >= FORGIVE_AFTER_MS ? 0 : history.failedSignInCount;
}
