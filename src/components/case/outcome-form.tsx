"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { errorMessage } from "@/components/error-message";
import { OUTCOME_KINDS, OUTCOME_KIND_LABELS, type OutcomeKindName } from "@/domain/outcomes/vocabulary";
import { useTRPC } from "@/trpc/react";
import { draftToFacts, OutcomeFields, type OutcomeDraft } from "./outcome-fields";

const userTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The problems the server named per field, to show beside each field. */
export function fieldProblems(error: unknown): Record<string, string> {
  if (!(error instanceof TRPCClientError)) return {};
  const fields = (error.data as { fields?: { field: string; message: string }[] | null } | undefined)?.fields ?? [];
  return Object.fromEntries(fields.map((f) => [f.field, f.message]));
}

export const emptyDraft = (kind: OutcomeKindName, today: string): OutcomeDraft => ({
  kind,
  occurredOn: today,
  endedOn: "",
  treatment: "",
  treatmentIntent: "",
  followedRecommendation: "",
  deviationReason: "",
  diseaseStatus: "",
  evidence: [],
  causeOfDeath: "",
  note: "",
});

/** Records what happened after the decision, with the fields each kind needs; it joins the outcome dataset. */
export function OutcomeForm({ caseId, today }: { caseId: string; today: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const record = useMutation(trpc.outcome.record.mutationOptions());
  const [draft, setDraft] = useState<OutcomeDraft>(emptyDraft("TREATMENT", today));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ alert: boolean; text: string } | null>(null);
  const set = (patch: Partial<OutcomeDraft>) => setDraft((d) => ({ ...d, ...patch }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await record.mutateAsync({ caseId, kind: draft.kind, ...draftToFacts(draft), timeZone: userTimeZone() });
      setStatus({ alert: false, text: "Outcome recorded." });
      setErrors({});
      setDraft(emptyDraft(draft.kind, today));
      router.refresh();
    } catch (error) {
      setErrors(fieldProblems(error));
      setStatus({ alert: true, text: errorMessage(error, "Recording failed; try again.") });
    }
  }

  return (
    <form onSubmit={submit} aria-label="Record outcome" className="space-y-2">
      <div className="flex flex-wrap items-start gap-3">
        <div>
          <label className="label" htmlFor="outcome-kind">What happened</label>
          <select id="outcome-kind" className="field" value={draft.kind} onChange={(e) => set({ kind: e.target.value as OutcomeKindName })}>
            {OUTCOME_KINDS.map((k) => <option key={k} value={k}>{OUTCOME_KIND_LABELS[k]}</option>)}
          </select>
        </div>
        <OutcomeFields prefix="outcome" draft={draft} set={set} errors={errors} today={today} />
      </div>
      <div className="flex items-center gap-2">
        <button type="submit" className="btn-primary" disabled={record.isPending}>Record outcome</button>
        {status && <p role={status.alert ? "alert" : "status"} className="text-sm">{status.text}</p>}
      </div>
    </form>
  );
}

export { userTimeZone };
