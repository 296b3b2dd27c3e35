/**
 * The session named by a request's Auth.js cookie, read without Auth.js: the cookie is an encrypted JWT whose
 * decryption (key derivation and AES) costs more than serving a tile, so each cookie value is decoded once and
 * remembered until it expires. The session it names is still checked on every request (checkAuthSession).
 */
import { decode } from "next-auth/jwt";

export interface SessionClaim {
  sessionId: string;
  userId: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

const COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;
const LIMIT = 10_000;
const KEY = Symbol.for("concilium.decodedSessionCookies");
const holder = globalThis as { [KEY]?: Map<string, SessionClaim | null> };
const decoded = (holder[KEY] ??= new Map());

/** The session cookie's name and value; null without one, or when it is split into chunks (Auth.js's full path reads those). */
export function sessionCookie(cookieHeader: string | undefined): { name: string; value: string } | null {
  if (!cookieHeader) return null;
  for (const name of COOKIE_NAMES) {
    const at = cookieHeader.indexOf(`${name}=`);
    if (at === -1 || (at > 0 && !/[;\s]/.test(cookieHeader[at - 1]!))) continue;
    const start = at + name.length + 1;
    const end = cookieHeader.indexOf(";", start);
    const value = cookieHeader.slice(start, end === -1 ? undefined : end).trim();
    if (value) return { name, value };
  }
  return null;
}

/** The session and user a cookie names, or null when it is not a valid, unexpired Concilium session cookie. */
export async function readSessionClaim(cookie: { name: string; value: string }, secret: string | undefined, now = Date.now()): Promise<SessionClaim | null> {
  if (!secret) return null;
  const known = recallSessionClaim(cookie, now);
  if (known !== undefined) return known;
  const claim = await decodeClaim(cookie, secret);
  if (decoded.size >= LIMIT) decoded.clear();
  decoded.set(`${cookie.name}=${cookie.value}`, claim);
  return claim && claim.expiresAt > now ? claim : null;
}

/** As readSessionClaim for a cookie value decoded before; undefined for one not decoded yet. */
export function recallSessionClaim(cookie: { name: string; value: string }, now = Date.now()): SessionClaim | null | undefined {
  const claim = decoded.get(`${cookie.name}=${cookie.value}`);
  if (claim === undefined) return undefined;
  return claim && claim.expiresAt > now ? claim : null;
}

async function decodeClaim(cookie: { name: string; value: string }, secret: string): Promise<SessionClaim | null> {
  try {
    const token = await decode({ token: cookie.value, secret, salt: cookie.name });
    if (!token || typeof token.sid !== "string" || typeof token.sub !== "string" || typeof token.exp !== "number") return null;
    return { sessionId: token.sid, userId: token.sub, expiresAt: token.exp * 1000 };
  } catch {
    return null;
  }
}
