import { headers } from "next/headers";
import { auth } from "@/server/auth/config";
import { getPrisma } from "@/server/db";
import { loadSessionUser } from "@/server/services/auth/load-session-user";
import { requestSourceOf } from "./request-source";
import { createInnerContext } from "./trpc";

/**
 * The request's context: the session's user, reloaded from the database, carrying where the request came from so
 * that every audit event of the request records it (services pass the user on as the audit's actor).
 */
export async function createContext() {
  const [session, db, requestHeaders] = await Promise.all([auth(), getPrisma(), headers()]);
  const loaded = session?.user?.id ? await loadSessionUser(db, session.user.id) : null;
  const source = requestSourceOf(requestHeaders);
  return createInnerContext({ db, user: loaded && { ...loaded, source }, source });
}
