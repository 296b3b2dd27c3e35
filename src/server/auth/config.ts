import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { z } from "zod";
import { sessionPolicyFromEnv } from "@/domain/auth/session-lifetime";
import { getPrisma } from "@/server/db";
import { checkAuthSession } from "@/server/services/auth/check-auth-session";
import { recordSessionEvent } from "@/server/services/auth/record-session-event";
import { revokeAuthSession } from "@/server/services/auth/revoke-auth-session";
import { startAuthSession } from "@/server/services/auth/start-auth-session";
import { findProvisionedUser, verifyCredentials } from "@/server/services/auth/verify-credentials";
import { clientAddress } from "./client-address";

// The code travels in the URL: it says which message to show, never why exactly the check failed.
class InvalidCredentials extends CredentialsSignin {
  override code = "invalid";
}
class TooManyAttempts extends CredentialsSignin {
  constructor(readonly retryAfterSeconds: number) {
    super();
    this.code = `throttled:${retryAfterSeconds}`;
  }
}

const credentialsInput = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(200) });

/** An OIDC provider (Keycloak, Entra ID, ...) is switched on by AUTH_OIDC_ISSUER, _CLIENT_ID and _CLIENT_SECRET. */
function oidcProvider(env: NodeJS.ProcessEnv): NextAuthConfig["providers"] {
  const { AUTH_OIDC_ISSUER: issuer, AUTH_OIDC_CLIENT_ID: clientId, AUTH_OIDC_CLIENT_SECRET: clientSecret } = env;
  if (!issuer || !clientId || !clientSecret) return [];
  return [
    {
      id: "oidc",
      name: env.AUTH_OIDC_NAME ?? "Hospital single sign-on",
      type: "oidc",
      issuer,
      clientId,
      clientSecret,
    },
  ];
}

export const oidcEnabled = () => oidcProvider(process.env).length > 0;
export const oidcName = () => process.env.AUTH_OIDC_NAME ?? "Hospital single sign-on";

/** Where the sign-in came from, kept with the session for the audit; absent outside a request. */
async function requestOrigin() {
  try {
    const h = await headers();
    return { userAgent: h.get("user-agent"), ipAddress: clientAddress(h) };
  } catch {
    return {};
  }
}

/** The session id travels in the JWT as `sid`; it names the AuthSession row that sign-out revokes. */
const sessionIdOf = (token: Record<string, unknown> | null | undefined) => (typeof token?.sid === "string" ? token.sid : null);

export const { handlers, auth, signIn, signOut } = NextAuth({
  // Credentials sign-in needs JWT sessions; the JWT only names a server-side AuthSession, checked on every use.
  // The cookie lives no longer than the session's absolute lifetime.
  session: { strategy: "jwt", maxAge: Math.round(sessionPolicyFromEnv(process.env).maxAgeMs / 1000) },
  trustHost: true,
  pages: { signIn: "/login", error: "/login" },
  // Auth.js logs failures with their details; only the error's kind goes to the console (`type`: Auth.js's own name,
  // which survives minification, unlike the class name).
  logger: {
    error: (error) => console.error(`[auth] ${(error as { type?: string }).type ?? error.name}`),
    warn: () => undefined,
  },
  providers: [
    Credentials({
      credentials: { email: { label: "E-mail" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = credentialsInput.safeParse(raw);
        if (!parsed.success) throw new InvalidCredentials();
        const result = await verifyCredentials(await getPrisma(), { ...parsed.data, source: clientAddress(request.headers) });
        if (result.ok) return result.user;
        if (result.reason === "throttled") throw new TooManyAttempts(result.retryAfterSeconds);
        throw new InvalidCredentials();
      },
    }),
    ...oidcProvider(process.env),
  ],
  events: {
    // Password sign-ins are audited by verifyCredentials, with their failures.
    async signIn({ account, profile }) {
      if (account?.provider !== "oidc" || !profile?.email) return;
      const user = await findProvisionedUser(await getPrisma(), profile.email);
      if (user) await recordSessionEvent(await getPrisma(), user.id, "auth.signin", { provider: "oidc" });
    },
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      const sessionId = sessionIdOf(token);
      if (sessionId) await revokeAuthSession(await getPrisma(), sessionId);
      if (token?.sub) await recordSessionEvent(await getPrisma(), token.sub, "auth.signout", { provider: "session" });
    },
  },
  callbacks: {
    async signIn({ account, profile }) {
      if (account?.provider !== "oidc") return true;
      return profile?.email ? (await findProvisionedUser(await getPrisma(), profile.email)) !== null : false;
    },
    // Runs at sign-in (with `account`) and on every later use of the cookie. Returning null ends the session:
    // Auth.js then answers "no session" and clears the cookie instead of re-issuing it.
    async jwt({ token, user, account, profile }) {
      const db = await getPrisma();
      if (account) {
        const userId = account.provider === "oidc" ? profile?.email && (await findProvisionedUser(db, profile.email))?.id : user?.id;
        if (!userId) return null;
        const session = await startAuthSession(db, userId, await requestOrigin());
        return { ...token, sub: userId, sid: session.id };
      }
      const sessionId = sessionIdOf(token);
      if (!sessionId || !token.sub) return null;
      const check = await checkAuthSession(db, sessionId);
      return check.ok && check.userId === token.sub ? token : null;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
});
