/**
 * Rules of user administration that need no database: how long a set-password link lives, what makes a password
 * acceptable, and whether a change would leave the installation without an active administrator.
 */

/** A set-password link works for 24 hours after it was sent. */
export const SET_PASSWORD_LINK_HOURS = 24;
export const PASSWORD_MIN_LENGTH = 12;
/** The sign-in form accepts at most this many characters; a longer password could never be typed in. */
export const PASSWORD_MAX_LENGTH = 200;

/** Why a new password is not acceptable, or null when it is. */
export function passwordProblem(password: string, confirmation: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `The password needs at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `The password may have at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (password.trim().length === 0) return "The password may not be only spaces.";
  if (password !== confirmation) return "The two passwords are not the same.";
  return null;
}

export type TokenState = "valid" | "unknown" | "used" | "expired" | "inactive";

/** What a stored set-password token allows now; `null` when no token has this hash. */
export function tokenState(token: { expiresAt: Date; usedAt: Date | null; userActive: boolean } | null, now: Date): TokenState {
  if (!token) return "unknown";
  if (token.usedAt) return "used";
  if (token.expiresAt.getTime() <= now.getTime()) return "expired";
  if (!token.userActive) return "inactive";
  return "valid";
}

export const TOKEN_STATE_MESSAGES: Record<Exclude<TokenState, "valid">, string> = {
  unknown: "This link is not valid. Check that you copied all of it, or ask your administrator for a new one.",
  used: "This link has already been used. Sign in with your password, or ask your administrator for a new link.",
  expired: "This link has expired. Ask your administrator for a new one.",
  inactive: "This account is not active. Ask your administrator.",
};

/**
 * Whether a change to one user leaves at least one active administrator. `activeAdminIds` are the active
 * administrators before the change; `after` is that user's role and active flag after it.
 */
export function leavesAnActiveAdmin(activeAdminIds: readonly string[], userId: string, after: { role: string; active: boolean }): boolean {
  const others = activeAdminIds.filter((id) => id !== userId).length;
  return others > 0 || (after.role === "ADMIN" && after.active);
}
