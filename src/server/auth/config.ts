import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getPrisma } from "@/server/db";
import { recordSessionEvent } from "@/server/services/auth/record-session-event";
import { findProvisionedUser, verifyCredentials } from "@/server/services/auth/verify-credentials";

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

export const { handlers, auth, signIn, signOut } = NextAuth({
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  trustHost: true,
  pages: { signIn: "/login", error: "/login" },
  // Auth.js logs failures with their details; keep only the error's name out of the console.
  logger: {
    error: (error) => console.error(`[auth] ${error.name}`),
    warn: () => undefined,
  },
  providers: [
    Credentials({
      credentials: { email: { label: "E-mail" }, password: { label: "Password", type: "password" } },
      async authorize(raw) {
        const parsed = credentialsInput.safeParse(raw);
        if (!parsed.success) throw new InvalidCredentials();
        const result = await verifyCredentials(await getPrisma(), parsed.data.email, parsed.data.password);
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
      const userId = "token" in message ? message.token?.sub : undefined;
      if (userId) await recordSessionEvent(await getPrisma(), userId, "auth.signout", { provider: "session" });
    },
  },
  callbacks: {
    async signIn({ account, profile }) {
      if (account?.provider !== "oidc") return true;
      return profile?.email ? (await findProvisionedUser(await getPrisma(), profile.email)) !== null : false;
    },
    async jwt({ token, user, account, profile }) {
      if (account?.provider === "oidc" && profile?.email) {
        const known = await findProvisionedUser(await getPrisma(), profile.email);
        if (known) token.sub = known.id;
      } else if (user?.id) {
        token.sub = user.id;
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
});
