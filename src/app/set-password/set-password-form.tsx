"use client";

import Link from "next/link";
import { useActionState } from "react";
import { PASSWORD_MIN_LENGTH } from "@/domain/admin/user-account";
import { setPasswordFromLink, type SetPasswordState } from "./actions";

export function SetPasswordForm({ token, email }: { token: string; email: string }) {
  const [state, action, pending] = useActionState<SetPasswordState, FormData>(setPasswordFromLink, { done: false, error: null });
  if (state.done) {
    return (
      <div className="space-y-3">
        <p role="status" className="rounded bg-emerald-50 px-2 py-1 text-sm break-words text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
          Your password is set. Sign in with <span className="break-all">{state.email}</span> and your new password.
        </p>
        <Link className="btn-primary w-full justify-center" href="/login">Go to sign-in</Link>
      </div>
    );
  }
  return (
    <form action={action} className="space-y-3" aria-label="Set password">
      <input type="hidden" name="token" value={token} />
      {/* For password managers: which account this password belongs to. */}
      <input type="hidden" name="username" autoComplete="username" value={email} />
      <div>
        <label className="label" htmlFor="password">New password</label>
        <input id="password" name="password" type="password" autoComplete="new-password" required className="field" aria-describedby="password-hint" />
        <p id="password-hint" className="mt-0.5 text-xs text-slate-500">At least {PASSWORD_MIN_LENGTH} characters; a few words make a good one.</p>
      </div>
      <div>
        <label className="label" htmlFor="confirmation">Repeat the password</label>
        <input id="confirmation" name="confirmation" type="password" autoComplete="new-password" required className="field" />
      </div>
      {state.error && (
        <p role="alert" className="rounded bg-rose-50 px-2 py-1 text-sm text-rose-800 dark:bg-rose-950 dark:text-rose-200">{state.error}</p>
      )}
      <button type="submit" className="btn-primary w-full justify-center" disabled={pending}>{pending ? "Saving…" : "Set password"}</button>
    </form>
  );
}
