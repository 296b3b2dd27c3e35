import type { Metadata } from "next";
import Link from "next/link";
import { TOKEN_STATE_MESSAGES } from "@/domain/admin/user-account";
import { getPrisma } from "@/server/db";
import { checkSetPasswordToken } from "@/server/services/admin/users/set-password-with-token";
import { SetPasswordForm } from "./set-password-form";

export const metadata: Metadata = { title: "Set your password", robots: { index: false } };

/** Public: opened from a set-password link an administrator sent. The token in the address is the only credential. */
export default async function SetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const raw = (await searchParams).token;
  const token = typeof raw === "string" && raw.length <= 200 ? raw : "";
  const check = token ? await checkSetPasswordToken(await getPrisma(), token) : { state: "unknown" as const, message: TOKEN_STATE_MESSAGES.unknown };
  return (
    <main className="mx-auto mt-24 max-w-sm px-4">
      <div className="card space-y-4">
        <div>
          <h1 className="text-xl font-semibold">Set your password</h1>
          {check.state === "valid" && <p className="text-sm break-all text-slate-600 dark:text-slate-400">For {check.email}. The link works once.</p>}
        </div>
        {check.state === "valid" ? (
          <SetPasswordForm token={token} email={check.email} />
        ) : (
          <>
            <p role="alert" className="rounded bg-rose-50 px-2 py-1 text-sm text-rose-800 dark:bg-rose-950 dark:text-rose-200">{check.message}</p>
            <Link className="link text-sm" href="/login">Go to sign-in</Link>
          </>
        )}
      </div>
    </main>
  );
}
