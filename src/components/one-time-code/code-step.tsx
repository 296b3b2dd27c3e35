"use client";

import { useActionState } from "react";

/** What the two server actions answer. */
export type CodeState = { sent: boolean; error: string | null; notice: string | null };
type CodeAction = (previous: CodeState, form: FormData) => Promise<CodeState>;

const alertClass = "rounded bg-rose-50 px-2 py-1 text-sm text-rose-800 dark:bg-rose-950 dark:text-rose-200";

/**
 * Step 1: send a one-time code to the address the link was sent to. Step 2: type it in. The link's own server actions
 * (a second-opinion link's, a meeting guest's) do the work.
 */
export function CodeStep({ token, requestCode, confirmCode }: { token: string; requestCode: CodeAction; confirmCode: CodeAction }) {
  const [sent, send, sending] = useActionState<CodeState, FormData>(requestCode, { sent: false, error: null, notice: null });
  const [confirmed, confirm, confirming] = useActionState<CodeState, FormData>(confirmCode, { sent: false, error: null, notice: null });
  return (
    <div className="space-y-4">
      <form action={send} aria-label="Send a code" className="space-y-2">
        <input type="hidden" name="token" value={token} />
        <button type="submit" className="btn" disabled={sending}>{sent.sent ? "Send a new code" : "Send me a code"}</button>
        {sent.notice && <p role="status" className="text-sm">{sent.notice}</p>}
        {sent.error && <p role="alert" className={alertClass}>{sent.error}</p>}
      </form>
      {(sent.sent || confirmed.sent) && (
        <form action={confirm} aria-label="Confirm the code" className="space-y-2">
          <input type="hidden" name="token" value={token} />
          <div>
            <label className="label" htmlFor="code">One-time code</label>
            <input id="code" name="code" inputMode="numeric" autoComplete="one-time-code" required maxLength={20} className="field" />
          </div>
          {confirmed.error && <p role="alert" className={alertClass}>{confirmed.error}</p>}
          <button type="submit" className="btn-primary" disabled={confirming}>{confirming ? "Checking…" : "Confirm"}</button>
        </form>
      )}
    </div>
  );
}
