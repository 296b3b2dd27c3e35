import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { auth, oidcEnabled, oidcName } from "@/server/auth/config";
import { signInWithSso } from "./actions";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage() {
  if ((await auth())?.user?.id) redirect("/meetings");
  return (
    <main className="mx-auto mt-24 max-w-sm px-4">
      <div className="card space-y-4">
        <div>
          <h1 className="text-xl font-semibold">Concilium</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">Multidisciplinary tumour board. Sign in to continue.</p>
        </div>
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
