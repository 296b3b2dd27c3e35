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

/** The expert's value of the cookie in a Cookie header, or null. */
export function expertCookieValue(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === EXPERT_COOKIE) {
      const value = rest.join("=").trim();
      return isTokenShaped(value) ? value : null;
    }
  }
  return null;
}
