import type { PrismaClient } from "@/generated/prisma/client";
import type { SessionUser } from "@/server/services/auth/load-session-user";
import type { Access } from "./access";

/**
 * What a guarded HTTP route's handler works with: the database, the authorized user and what the guard established.
 * The guard itself is the HTTP edge, src/server/http/with-guard.ts.
 */
export interface RouteContext {
  db: PrismaClient;
  user: SessionUser;
  access: Access;
}
