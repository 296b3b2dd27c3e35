"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/react";
import { OUTCOME_KINDS, OUTCOME_KIND_LABELS, type OutcomeKindName } from "@/domain/outcomes/vocabulary";

const KINDS = OUTCOME_KINDS.map((k) => [k, OUTCOME_KIND_LABELS[k]] as const);

/** Records what happened after the decision; it joins the outcome dataset. */
export function OutcomeForm({ caseId, today }: { caseId: string; today: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const record = useMutation(trpc.outcome.record.mutationOptions());
  const [kind, setKind] = useState<OutcomeKindName>("TREATMENT");
  const [date, setDate] = useState(today);
  const [note, setNote] = useState("");
  const [status, setStatus] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await record.mutateAsync({ caseId, kind, occurredOn: new Date(`${date}T00:00:00Z`), note });
      setStatus("Outcome recorded.");
      setNote("");
      router.refresh();
    } catch (error) {
      setStatus(error instanceof TRPCClientError ? error.message : "Recording failed; try again.");
    }
  }

  return (
    <form onSubmit={submit} aria-label="Record outcome" className="flex flex-wrap items-end gap-2">
      <div>
        <label className="label" htmlFor="outcome-kind">Outcome</label>
        <select id="outcome-kind" className="field" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
          {KINDS.map(([value, label]) => (
            <option key={value} value={value}>{label}</option>
          ))}
        </select>
      </div>
      <div>
        <label className="label" htmlFor="outcome-date">Date</label>
        <input id="outcome-date" type="date" className="field" required max={today} value={date} onChange={(e) => setDate(e.target.value)} />
      </div>
      <div className="min-w-64 flex-1">
        <label className="label" htmlFor="outcome-note">Note</label>
        <input id="outcome-note" className="field" value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      <button type="submit" className="btn-primary" disabled={record.isPending}>Record outcome</button>
      <p role="status" aria-live="polite" className="w-full text-sm">{status}</p>
    </form>
  );
}
