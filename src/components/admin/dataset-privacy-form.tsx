"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { errorMessage } from "@/components/error-message";
import { useTRPC } from "@/trpc/react";

/** The administrator's k of the pseudonymised exports' k-anonymity check. */
export function DatasetPrivacyForm({ initialK }: { initialK: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.settings.updateDatasetPrivacy.mutationOptions());
  const [k, setK] = useState(String(initialK));
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setStatus(null);
    try {
      await save.mutateAsync({ k: Number(k) });
      setStatus({ ok: true, text: `Saved: groups of fewer than ${k} rows are suppressed.` });
      router.refresh();
    } catch (error) {
      setStatus({ ok: false, text: errorMessage(error, "Saving failed; try again.") });
    }
  }

  return (
    <form onSubmit={submit} aria-label="Dataset privacy" className="flex items-end gap-3">
      <div>
        <label className="label" htmlFor="dataset-k">Smallest group size (k)</label>
        <input id="dataset-k" className="field w-24" type="number" min={1} max={100} step={1} value={k} onChange={(e) => setK(e.target.value)} required />
      </div>
      <button type="submit" className="btn-primary" disabled={save.isPending}>Save k</button>
      {status && <p role={status.ok ? "status" : "alert"} className={status.ok ? "text-sm text-emerald-700 dark:text-emerald-300" : "text-sm text-rose-700 dark:text-rose-300"}>{status.text}</p>}
    </form>
  );
}
