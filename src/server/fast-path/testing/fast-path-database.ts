import { encode } from "next-auth/jwt";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Database } from "@/server/database/open-database";
import { accessCaches } from "@/server/services/auth/access-caches";
import { startAuthSession } from "@/server/services/auth/start-auth-session";
import { createFixture, type Fixture } from "@/server/testing/fixture";
import { createTestDatabase } from "@/server/testing/test-database";
import { listenForAccessEvents } from "../access-events";
import type { FastAnswer } from "../fast-answer";
import { answerFast } from "../lean-handler";

// What the fast path's integration tests share: the app's database as the fast path finds it, with this process
// listening for access events as the custom server does; signed-in cookies; and a request as the server hands it on.

export const SESSION_COOKIE = "authjs.session-token";
/** What Cornerstone's WADO-RS loader asks a frame in. */
export const FRAME_ACCEPT = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';

export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export interface FastPathDatabase {
  database: Database;
  f: Fixture;
  close(): Promise<void>;
}

/**
 * A fresh database with the fixture's boards and users, made the app's own database for the fast path, once the
 * caches take access events (so that a revocation in a test counts at once, as in the server).
 */
export async function openFastPathDatabase(): Promise<FastPathDatabase> {
  const database = await createTestDatabase();
  const f = await createFixture(database.prisma);
  (globalThis as unknown as { conciliumDatabase?: Promise<Database> }).conciliumDatabase = Promise.resolve(database);
  const events = listenForAccessEvents(database.listenVia);
  await events.ready;
  await until(() => accessCaches.live, "access events");
  return {
    database,
    f,
    async close() {
      await events.close();
      await database.close();
    },
  };
}

/** A session as sign-in starts it, and its cookie as the browser sends it (signed with AUTH_SECRET). */
export async function signedInCookie(db: PrismaClient, userId: string): Promise<{ cookie: string; sessionId: string }> {
  const session = await startAuthSession(db, userId);
  const token = await encode({ token: { sub: userId, sid: session.id }, secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE, maxAge: 3600 });
  return { cookie: `${SESSION_COOKIE}=${token}`, sessionId: session.id };
}

/** A GET to the fast path as the custom server hands it on: null when it leaves the request to Next. */
export function askFast(url: string, headers: Record<string, string | undefined>): Promise<FastAnswer | null> {
  const all: Record<string, string | undefined> = { "user-agent": "fast-path-test", ...headers };
  return Promise.resolve(answerFast("GET", url, { header: (name) => all[name], remoteAddress: "127.0.0.1" }));
}
