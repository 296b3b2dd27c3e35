import { randomBytes } from "node:crypto";
import { sessionPolicyFromEnv, type SessionPolicy } from "@/domain/auth/session-lifetime";
import type { Db } from "../db-types";

export interface SessionOrigin {
  userAgent?: string | null;
  ipAddress?: string | null;
}

/** Records a new signed-in session; its id travels in the session cookie's JWT, its absolute end is fixed now. */
export async function startAuthSession(db: Db, userId: string, origin: SessionOrigin = {}, now = new Date(), policy: SessionPolicy = sessionPolicyFromEnv(process.env)) {
  const session = await db.authSession.create({
    data: {
      id: randomBytes(24).toString("base64url"),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + policy.maxAgeMs),
      userAgent: origin.userAgent?.slice(0, 300) ?? null,
      ipAddress: origin.ipAddress?.slice(0, 64) ?? null,
    },
    select: { id: true, expiresAt: true },
  });
  return session;
}
