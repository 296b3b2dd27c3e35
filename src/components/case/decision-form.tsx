"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type KeyboardEvent } from "react";
import { M_CATEGORIES, N_CATEGORIES, STAGE_GROUPS, T_CATEGORIES, TNM_PREFIXES, type StagingSite, type TnmPrefixName } from "@/domain/staging/tnm";
import { useTRPC } from "@/trpc/react";

export interface DecisionValues {
  tnmPrefix: TnmPrefixName | null;
  tCategory: string | null;
  nCategory: string | null;
  mCategory: string | null;
  stageGroup: string | null;
  intent: "CURATIVE" | "PALLIATIVE" | "NONE";
  recommendation: string;
  rationale: string;
}

function Select({ id, label, value, options, onChange }: { id: string; label: string; value: string; options: readonly string[]; onChange: (v: string) => void }) {
  return (
    <div>
      <label className="label" htmlFor={id}>{label}</label>
      <select id={id} className="field" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">—</option>
        {options.map((o) => (
          <option key={o} value={o}>{o}</option>
        ))}
      </select>
    </div>
  );
}

const errorMessage = (error: unknown) => (error instanceof TRPCClientError ? error.message : "Saving failed. Your text is still here; try again.");

/** The board's decision: staging, intent, recommendation. Ctrl+Enter saves. */
export function DecisionForm(props: {
  caseId: string;
  meetingId: string | null;
  site: StagingSite | null;
  initial: DecisionValues;
  draftId: string | null;
  canSign: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [values, setValues] = useState(props.initial);
  const [status, setStatus] = useState<string | null>(null);
  const save = useMutation(trpc.decision.save.mutationOptions());
  const sign = useMutation(trpc.decision.sign.mutationOptions());
  const set = <K extends keyof DecisionValues>(key: K, value: DecisionValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const site = props.site ?? "lung";

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    setStatus(null);
    try {
      const saved = await save.mutateAsync({ caseId: props.caseId, meetingId: props.meetingId, ...values });
      setStatus(`Draft version ${saved.version} saved.`);
      router.refresh();
    } catch (error) {
      setStatus(errorMessage(error));
    }
  }

  async function signDraft() {
    if (!props.draftId) return;
    setStatus(null);
    try {
      const signed = await sign.mutateAsync({ decisionId: props.draftId });
      setStatus(`Version ${signed.version} signed.`);
      router.refresh();
    } catch (error) {
      setStatus(errorMessage(error));
    }
  }

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void submit();
  };

  return (
    <form onSubmit={submit} onKeyDown={onKeyDown} aria-label="Record decision" className="space-y-3">
      <fieldset className="grid grid-cols-5 gap-2">
        <legend className="label">Staging (AJCC 8th edition{props.site ? `, ${props.site}` : ""})</legend>
        <Select id="tnm-prefix" label="Prefix" value={values.tnmPrefix ?? ""} options={TNM_PREFIXES} onChange={(v) => set("tnmPrefix", (v || null) as TnmPrefixName | null)} />
        <Select id="tnm-t" label="T category" value={values.tCategory ?? ""} options={T_CATEGORIES[site]} onChange={(v) => set("tCategory", v || null)} />
        <Select id="tnm-n" label="N category" value={values.nCategory ?? ""} options={N_CATEGORIES[site]} onChange={(v) => set("nCategory", v || null)} />
        <Select id="tnm-m" label="M category" value={values.mCategory ?? ""} options={M_CATEGORIES[site]} onChange={(v) => set("mCategory", v || null)} />
        <Select id="stage-group" label="Stage group" value={values.stageGroup ?? ""} options={STAGE_GROUPS[site]} onChange={(v) => set("stageGroup", v || null)} />
      </fieldset>
      <div className="grid grid-cols-3 gap-2">
        <div>
          <label className="label" htmlFor="intent">Intent</label>
          <select id="intent" className="field" value={values.intent} onChange={(e) => set("intent", e.target.value as DecisionValues["intent"])}>
            <option value="CURATIVE">Curative</option>
            <option value="PALLIATIVE">Palliative</option>
            <option value="NONE">No anticancer treatment</option>
          </select>
        </div>
      </div>
      <div>
        <label className="label" htmlFor="recommendation">Recommendation</label>
        <textarea id="recommendation" className="field" rows={3} required value={values.recommendation} onChange={(e) => set("recommendation", e.target.value)} />
      </div>
      <div>
        <label className="label" htmlFor="rationale">Rationale</label>
        <textarea id="rationale" className="field" rows={2} value={values.rationale} onChange={(e) => set("rationale", e.target.value)} />
      </div>
      <div className="flex items-center gap-2">
        <button type="submit" className="btn-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save draft"}
        </button>
        {props.canSign && props.draftId && (
          <button type="button" className="btn" onClick={signDraft} disabled={sign.isPending}>
            Sign decision
          </button>
        )}
        <span className="text-xs text-slate-500">Ctrl+Enter saves</span>
      </div>
      <p role="status" aria-live="polite" className="text-sm">{status}</p>
    </form>
  );
}
