import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { sessionPolicyFromEnv } from "@/domain/auth/session-lifetime";
import { auth, oidcEnabled, oidcName } from "@/server/auth/config";
import { signInWithSso } from "./actions";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

/** Why the last session ended, said once on the sign-in page. */
function endedMessage(ended: string | undefined): string | null {
  if (ended === "idle") {
    const minutes = sessionPolicyFromEnv(process.env).idleMs / 60_000;
    return `You were signed out after ${minutes} minutes without activity. Sign in again to continue.`;
  }
  if (ended === "session") return "Your session has ended. Sign in again to continue.";
  if (ended === "signed-out") return "You have signed out.";
  return null;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ ended?: string }> }) {
  if ((await auth())?.user?.id) redirect("/");
  const ended = endedMessage((await searchParams).ended);
  return (
    <main className="mx-auto mt-24 max-w-sm px-4">
      <div className="card space-y-4">
        <div>
          <h1 className="text-xl font-semibold">Concilium</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">Multidisciplinary tumour board. Sign in to continue.</p>
        </div>
        {ended && (
          <p role="status" className="rounded bg-sky-50 px-2 py-1 text-sm text-sky-900 dark:bg-sky-950 dark:text-sky-100">
            {ended}
          </p>
        )}
        <SignInForm />
        {oidcEnabled() && (
          <form action={signInWithSso}>
            <button type="submit" className="btn w-full justify-center">
              Sign in with {oidcName()}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
