"use client";

import { useActionState, useState } from "react";
import { giveOpinion, type OpinionState } from "./actions";

/** The structured answer: agree with the board's plan, or an alternative with reasons; free text either way. */
export function OpinionForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<OpinionState, FormData>(giveOpinion, { error: null });
  const [agreement, setAgreement] = useState<"agree" | "alternative" | null>(null);
  return (
    <form action={action} aria-label="Your opinion" className="space-y-3">
      <input type="hidden" name="token" value={token} />
      <fieldset className="space-y-1">
        <legend className="label">The board's plan</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="agreement" value="agree" required onChange={() => setAgreement("agree")} /> I agree with the plan
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="agreement" value="alternative" onChange={() => setAgreement("alternative")} /> I would recommend something else
        </label>
      </fieldset>
      {agreement === "alternative" && (
        <div>
          <label className="label" htmlFor="alternative">What you would recommend instead</label>
          <textarea id="alternative" name="alternative" required maxLength={4000} rows={2} className="field" />
        </div>
      )}
      <div>
        <label className="label" htmlFor="reasons">Reasons</label>
        <textarea id="reasons" name="reasons" maxLength={8000} rows={3} className="field" />
      </div>
      <div>
        <label className="label" htmlFor="comment">Further comments</label>
        <textarea id="comment" name="comment" maxLength={8000} rows={3} className="field" />
      </div>
      {state.error && <p role="alert" className="rounded bg-rose-50 px-2 py-1 text-sm text-rose-800 dark:bg-rose-950 dark:text-rose-200">{state.error}</p>}
      <button type="submit" className="btn-primary" disabled={pending}>{pending ? "Sending…" : "Send my opinion"}</button>
    </form>
  );
}
