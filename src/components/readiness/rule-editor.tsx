"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { errorText, isConflict } from "@/components/meetings/error-text";
import { READINESS_KINDS, type ReadinessKind, type ReadinessRule } from "@/domain/readiness/readiness";
import { SPECIALTIES, SPECIALTY_LABELS, type SpecialtyName } from "@/domain/roles";
import { useTRPC } from "@/trpc/react";

const KIND_LABELS: Record<ReadinessKind, string> = { IMAGING: "Imaging study", PATHOLOGY: "Pathology (slide or report)", AI_FINDINGS_REVIEWED: "AI findings reviewed", ECOG: "ECOG recorded" };

interface Draft {
  key: string;
  saved: boolean;
  label: string;
  kind: ReadinessKind;
  modality: string;
  bodyPart: string;
  maxAgeDays: string;
  responsibleSpecialty: SpecialtyName;
}

const toDraft = (r: ReadinessRule): Draft => ({
  key: r.key,
  saved: true,
  label: r.label,
  kind: r.kind,
  modality: r.kind === "IMAGING" ? r.modality : "",
  bodyPart: r.kind === "IMAGING" ? (r.bodyPart ?? "") : "",
  maxAgeDays: "maxAgeDays" in r && r.maxAgeDays != null ? String(r.maxAgeDays) : "",
  responsibleSpecialty: r.responsibleSpecialty,
});

function toRule(d: Draft): ReadinessRule {
  const base = { key: d.key.trim(), label: d.label.trim(), responsibleSpecialty: d.responsibleSpecialty };
  const age = d.maxAgeDays.trim() === "" ? null : Number(d.maxAgeDays);
  switch (d.kind) {
    case "IMAGING":
      return { ...base, kind: "IMAGING", modality: d.modality.trim().toUpperCase(), bodyPart: d.bodyPart.trim() || null, maxAgeDays: age ?? 0 };
    case "PATHOLOGY":
      return { ...base, kind: "PATHOLOGY", maxAgeDays: age };
    case "AI_FINDINGS_REVIEWED":
      return { ...base, kind: "AI_FINDINGS_REVIEWED" };
    case "ECOG":
      return { ...base, kind: "ECOG", maxAgeDays: age ?? 0 };
  }
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40);

/** The chair edits the board's readiness rules; each save is a new version, and an edit from an old version is refused. */
export function RuleEditor(props: { boardId: string; version: number; rules: ReadinessRule[]; canEdit: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.readiness.saveRules.mutationOptions());
  const [drafts, setDrafts] = useState<Draft[]>(() => props.rules.map(toDraft));
  const [message, setMessage] = useState<{ alert: boolean; text: string } | null>(null);
  const set = (i: number, patch: Partial<Draft>) => setDrafts((list) => list.map((d, j) => (j === i ? { ...d, ...patch, key: d.saved ? d.key : patch.label !== undefined ? slug(patch.label) || d.key : d.key } : d)));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    try {
      const r = await save.mutateAsync({ boardId: props.boardId, expectedVersion: props.version, rules: drafts.map(toRule) });
      setMessage({ alert: false, text: `Saved as version ${r.version}.` });
      setDrafts((list) => list.map((d) => ({ ...d, saved: true })));
      router.refresh();
    } catch (error) {
      setMessage({ alert: true, text: errorText(error) });
      if (isConflict(error)) router.refresh();
    }
  }

  if (!props.canEdit) {
    return props.rules.length === 0 ? null : (
      <ul className="list-disc pl-5 text-sm" aria-label="Readiness rules">
        {props.rules.map((r) => <li key={r.key}>{r.label} — {SPECIALTY_LABELS[r.responsibleSpecialty]}</li>)}
      </ul>
    );
  }

  return (
    <form onSubmit={submit} aria-label="Readiness rules" className="space-y-2">
      {drafts.map((d, i) => (
        <fieldset key={i} className="grid grid-cols-2 gap-2 rounded border border-slate-200 p-2 md:grid-cols-7 dark:border-slate-800">
          <legend className="px-1 text-xs text-slate-500">Rule {i + 1}{d.key ? ` (${d.key})` : ""}</legend>
          <div className="md:col-span-2">
            <label className="label" htmlFor={`rule-label-${i}`}>Label</label>
            <input id={`rule-label-${i}`} className="field" value={d.label} onChange={(e) => set(i, { label: e.target.value })} required />
          </div>
          <div>
            <label className="label" htmlFor={`rule-kind-${i}`}>Kind</label>
            <select id={`rule-kind-${i}`} className="field" value={d.kind} onChange={(e) => set(i, { kind: e.target.value as ReadinessKind })}>
              {READINESS_KINDS.map((k) => <option key={k} value={k}>{KIND_LABELS[k]}</option>)}
            </select>
          </div>
          {d.kind === "IMAGING" ? (
            <>
              <div>
                <label className="label" htmlFor={`rule-modality-${i}`}>Modality</label>
                <input id={`rule-modality-${i}`} className="field" value={d.modality} onChange={(e) => set(i, { modality: e.target.value })} placeholder="CT" required />
              </div>
              <div>
                <label className="label" htmlFor={`rule-body-${i}`}>Body part (in description)</label>
                <input id={`rule-body-${i}`} className="field" value={d.bodyPart} onChange={(e) => set(i, { bodyPart: e.target.value })} placeholder="chest" />
              </div>
            </>
          ) : (
            <div className="md:col-span-2" />
          )}
          <div>
            <label className="label" htmlFor={`rule-age-${i}`}>Max age (days)</label>
            <input id={`rule-age-${i}`} type="number" min={1} max={3650} className="field" value={d.maxAgeDays} disabled={d.kind === "AI_FINDINGS_REVIEWED"} required={d.kind === "IMAGING" || d.kind === "ECOG"} onChange={(e) => set(i, { maxAgeDays: e.target.value })} />
          </div>
          <div className="flex items-end gap-1">
            <div className="grow">
              <label className="label" htmlFor={`rule-specialty-${i}`}>Who acts</label>
              <select id={`rule-specialty-${i}`} className="field" value={d.responsibleSpecialty} onChange={(e) => set(i, { responsibleSpecialty: e.target.value as SpecialtyName })}>
                {SPECIALTIES.map((s) => <option key={s} value={s}>{SPECIALTY_LABELS[s]}</option>)}
              </select>
            </div>
            <button type="button" className="btn" onClick={() => setDrafts((list) => list.filter((_, j) => j !== i))} aria-label={`Remove rule ${i + 1}`}>✕</button>
          </div>
        </fieldset>
      ))}
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          className="btn"
          onClick={() => setDrafts((list) => [...list, { key: `rule-${list.length + 1}`, saved: false, label: "", kind: "IMAGING", modality: "CT", bodyPart: "", maxAgeDays: "56", responsibleSpecialty: "RADIOLOGY" }])}
        >
          Add rule
        </button>
        <button type="submit" className="btn-primary" disabled={save.isPending}>Save rules</button>
        {message && <p role={message.alert ? "alert" : "status"} className="text-sm">{message.text}</p>}
      </div>
    </form>
  );
}
