"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/react";

export interface LetterheadValues {
  hospital: string;
  department: string;
  address: string;
  phone: string;
  email: string;
}

const FIELDS: { key: keyof LetterheadValues; label: string; multiline?: boolean; type?: string; required?: boolean; hint?: string }[] = [
  { key: "hospital", label: "Hospital", required: true },
  { key: "department", label: "Department", required: true, hint: "e.g. Multidisciplinary Tumour Board" },
  { key: "address", label: "Address", multiline: true, hint: "Up to 6 lines" },
  { key: "phone", label: "Phone", type: "tel" },
  { key: "email", label: "E-mail", type: "email" },
];

/** The administrator's letterhead editor: what every letter carries at its head. */
export function LetterheadForm({ initial }: { initial: LetterheadValues }) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.settings.updateLetterhead.mutationOptions());
  const [values, setValues] = useState(initial);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setStatus(null);
    try {
      await save.mutateAsync(values);
      setStatus({ ok: true, text: "Letterhead saved. New letters use it." });
      router.refresh();
    } catch (error) {
      const text =
        error instanceof TRPCClientError
          ? ((error.data as { zodError?: { message: string }[] | null } | undefined)?.zodError?.map((i) => i.message).join(" ") ?? error.message)
          : "Saving failed; try again.";
      setStatus({ ok: false, text });
    }
  }

  return (
    <form onSubmit={submit} aria-label="Letterhead" className="grid max-w-2xl gap-3">
      {FIELDS.map((f) => (
        <div key={f.key}>
          <label className="label" htmlFor={`letterhead-${f.key}`}>{f.label}</label>
          {f.multiline ? (
            <textarea id={`letterhead-${f.key}`} className="field" rows={4} value={values[f.key]} onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))} aria-describedby={f.hint ? `letterhead-${f.key}-hint` : undefined} />
          ) : (
            <input
              id={`letterhead-${f.key}`}
              className="field"
              type={f.type ?? "text"}
              required={f.required}
              value={values[f.key]}
              onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
              aria-describedby={f.hint ? `letterhead-${f.key}-hint` : undefined}
            />
          )}
          {f.hint && <p id={`letterhead-${f.key}-hint`} className="mt-0.5 text-xs text-slate-500">{f.hint}</p>}
        </div>
      ))}
      <div className="flex items-center gap-3">
        <button type="submit" className="btn-primary" disabled={save.isPending}>{save.isPending ? "Saving…" : "Save letterhead"}</button>
        <p role="status" aria-live="polite" className={`text-sm ${status?.ok === false ? "text-rose-700 dark:text-rose-300" : "text-emerald-700 dark:text-emerald-300"}`}>
          {status?.text}
        </p>
      </div>
    </form>
  );
}
