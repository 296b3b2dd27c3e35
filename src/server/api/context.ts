import { auth } from "@/server/auth/config";
import { getPrisma } from "@/server/db";
import { loadSessionUser } from "@/server/services/auth/load-session-user";
import { createInnerContext } from "./trpc";

/** The request's context: the session's user, reloaded from the database. */
export async function createContext() {
  const [session, db] = await Promise.all([auth(), getPrisma()]);
  const user = session?.user?.id ? await loadSessionUser(db, session.user.id) : null;
  return createInnerContext({ db, user });
}
