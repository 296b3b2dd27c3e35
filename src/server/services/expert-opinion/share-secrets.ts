/**
 * The secrets of a second-opinion link: the link's token, the one-time code and the session cookie's value. Only
 * their SHA-256 digests are stored, so a copy of the database opens no share.
 */
import { createHash, randomBytes, randomInt } from "node:crypto";
import { CODE_DIGITS } from "@/domain/expert-opinion/share-rules";

export const digest = (secret: string) => createHash("sha256").update(secret, "utf8").digest("hex");
export const newToken = () => randomBytes(32).toString("base64url");
export const newCode = () => String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, "0");

/** The cookie that carries an expert's session: only under /opinion and /api, never readable by script. */
export const EXPERT_COOKIE = "concilium-expert";

/** A token as it may appear in an address: anything else is refused before any lookup. */
export const isTokenShaped = (value: string) => /^[\w-]{43}$/.test(value);

/** The cookie that carries a meeting guest's session (issue 15, part 2). */
export const GUEST_COOKIE = "concilium-guest";

/** A session cookie's token-shaped value in a Cookie header, or null. */
export function sessionCookieValue(cookieHeader: string | null | undefined, cookieName: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === cookieName) {
      const value = rest.join("=").trim();
      return isTokenShaped(value) ? value : null;
    }
  }
  return null;
}

/** The expert's value of the cookie in a Cookie header, or null. */
export const expertCookieValue = (cookieHeader: string | null | undefined) => sessionCookieValue(cookieHeader, EXPERT_COOKIE);

/** A one-time code as stored on a link (an ExpertShare or a MeetingGuest): the digest binds it to that link. */
export interface StoredCode {
  id: string;
  codeHash: string | null;
  codeExpiresAt: Date | null;
}

export const codeDigest = (linkId: string, code: string) => digest(`${linkId}:${code}`);

/** Whether a typed (normalised) code is the link's current one and has not expired. */
export function isCurrentCode(link: StoredCode, code: string | null, now: Date): boolean {
  return code !== null && link.codeHash !== null && link.codeExpiresAt !== null && link.codeExpiresAt > now && link.codeHash === codeDigest(link.id, code);
}
