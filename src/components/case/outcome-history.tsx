"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Badge } from "@/components/badge";
import { errorMessage } from "@/components/error-message";
import { describeOutcome } from "@/domain/outcomes/describe-outcome";
import { formatCalendarDate, formatDate } from "@/domain/dates/format-date";
import { OUTCOME_KIND_LABELS } from "@/domain/outcomes/vocabulary";
import type { OutcomeLineage, OutcomeVersion } from "@/server/api/routers/outcome";
import { useTRPC } from "@/trpc/react";
import { draftToFacts, OutcomeFields, type OutcomeDraft } from "./outcome-fields";
import { fieldProblems, userTimeZone } from "./outcome-form";

const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");

function draftOf(v: OutcomeVersion): OutcomeDraft {
  return {
    kind: v.kind,
    occurredOn: iso(v.occurredOn),
    endedOn: iso(v.endedOn),
    treatment: v.treatment ?? "",
    treatmentIntent: v.treatmentIntent ?? "",
    followedRecommendation: v.followedRecommendation === null ? "" : v.followedRecommendation ? "yes" : "no",
    deviationReason: v.deviationReason ?? "",
    diseaseStatus: v.diseaseStatus ?? "",
    evidence: v.evidence,
    causeOfDeath: v.causeOfDeath ?? "",
    note: v.note,
  };
}

function VersionLine({ v }: { v: OutcomeVersion }) {
  return (
    <>
      <span className="font-medium">{formatCalendarDate(v.occurredOn)}</span> · {OUTCOME_KIND_LABELS[v.kind]}: {describeOutcome(v)}
      {v.note && <span className="text-slate-600 dark:text-slate-400"> — {v.note}</span>}
    </>
  );
}

/** Correct one version: the form prefilled with it, and the reason, which the history keeps. */
function CorrectForm({ version, today, onDone }: { version: OutcomeVersion; today: string; onDone: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const correct = useMutation(trpc.outcome.correct.mutationOptions());
  const [draft, setDraft] = useState(draftOf(version));
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState<string | null>(null);
  const prefix = `correct-${version.id}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await correct.mutateAsync({ outcomeId: version.id, ...draftToFacts(draft), reason, timeZone: userTimeZone() });
      onDone();
      router.refresh();
    } catch (error) {
      setErrors(fieldProblems(error));
      setAlert(errorMessage(error, "The correction was not saved; try again."));
    }
  }

  return (
    <form onSubmit={submit} aria-label={`Correct ${OUTCOME_KIND_LABELS[version.kind].toLowerCase()} of ${formatCalendarDate(version.occurredOn)}`} className="mt-2 space-y-2 rounded border border-slate-200 p-2 dark:border-slate-700">
      <div className="flex flex-wrap items-start gap-3">
        <OutcomeFields prefix={prefix} draft={draft} set={(patch) => setDraft((d) => ({ ...d, ...patch }))} errors={errors} today={today} />
        <div className="min-w-56 flex-1">
          <label className="label" htmlFor={`${prefix}-reason`}>Reason for the correction</label>
          <input id={`${prefix}-reason`} className="field" required minLength={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
      </div>
      <div className="flex items-center gap-2">
        <button type="submit" className="btn-primary" disabled={correct.isPending}>Save correction</button>
        <button type="button" className="btn" onClick={onDone}>Cancel</button>
        {alert && <p role="alert" className="text-sm text-rose-700 dark:text-rose-400">{alert}</p>}
      </div>
    </form>
  );
}

function WithdrawForm({ version, onDone }: { version: OutcomeVersion; onDone: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const withdraw = useMutation(trpc.outcome.withdraw.mutationOptions());
  const [reason, setReason] = useState("");
  const [alert, setAlert] = useState<string | null>(null);
  const id = `withdraw-${version.id}-reason`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await withdraw.mutateAsync({ outcomeId: version.id, reason });
      onDone();
      router.refresh();
    } catch (error) {
      setAlert(errorMessage(error, "The outcome was not withdrawn; try again."));
    }
  }

  return (
    <form onSubmit={submit} aria-label="Withdraw outcome" className="mt-2 flex flex-wrap items-end gap-2 rounded border border-slate-200 p-2 dark:border-slate-700">
      <div className="min-w-64 flex-1">
        <label className="label" htmlFor={id}>Entered in error: why?</label>
        <input id={id} className="field" required minLength={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <button type="submit" className="btn-danger" disabled={withdraw.isPending}>Withdraw</button>
      <button type="button" className="btn" onClick={onDone}>Cancel</button>
      {alert && <p role="alert" className="w-full text-sm text-rose-700 dark:text-rose-400">{alert}</p>}
    </form>
  );
}

/** The case's outcomes, one row per outcome with its current values; corrections and withdrawals stay visible. */
export function OutcomeHistory({ lineages, canChange, today }: { lineages: OutcomeLineage[]; canChange: boolean; today: string }) {
  const [open, setOpen] = useState<{ lineageId: string; action: "correct" | "withdraw" } | null>(null);
  if (lineages.length === 0) return <p className="text-sm text-slate-500">No outcomes recorded.</p>;
  return (
    <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800" aria-label="Outcome history">
      {lineages.map((l) => {
        const v = l.current;
        return (
          <li key={l.lineageId} className="py-1.5" aria-label={`${OUTCOME_KIND_LABELS[v.kind]}, ${formatCalendarDate(v.occurredOn)}`}>
            <div className="flex flex-wrap items-baseline gap-x-2">
              <span className={l.withdrawn ? "text-slate-500 line-through" : ""}>
                <VersionLine v={v} />
              </span>
              {l.corrected && <Badge tone="warn">Corrected (v{v.version})</Badge>}
              {l.withdrawn && <Badge>Withdrawn: {v.retractionReason}</Badge>}
              {l.fromOtherCase && <Badge>Recorded on another case</Badge>}
              <span className="text-xs text-slate-500">{v.recordedBy}, {formatDate(v.createdAt)}</span>
              {canChange && !l.withdrawn && !l.fromOtherCase && (
                <span className="ml-auto flex gap-1">
                  <button type="button" className="btn px-2 py-0.5 text-xs" aria-expanded={open?.lineageId === l.lineageId && open.action === "correct"} onClick={() => setOpen({ lineageId: l.lineageId, action: "correct" })}>
                    Correct
                  </button>
                  <button type="button" className="btn px-2 py-0.5 text-xs" aria-expanded={open?.lineageId === l.lineageId && open.action === "withdraw"} onClick={() => setOpen({ lineageId: l.lineageId, action: "withdraw" })}>
                    Withdraw
                  </button>
                </span>
              )}
            </div>
            {v.correctionReason && <p className="text-xs text-slate-600 dark:text-slate-400">Correction: {v.correctionReason}</p>}
            {l.olderVersions.length > 0 && (
              <details className="text-xs">
                <summary className="cursor-pointer text-slate-600 dark:text-slate-400">Earlier versions ({l.olderVersions.length})</summary>
                <ol className="ml-4 list-disc" aria-label="Earlier versions">
                  {l.olderVersions.map((old) => (
                    <li key={old.id}>
                      v{old.version}: <VersionLine v={old} /> <span className="text-slate-500">({old.recordedBy}, {formatDate(old.createdAt)}{old.correctionReason ? `; ${old.correctionReason}` : ""})</span>
                    </li>
                  ))}
                </ol>
              </details>
            )}
            {open?.lineageId === l.lineageId && open.action === "correct" && <CorrectForm version={v} today={today} onDone={() => setOpen(null)} />}
            {open?.lineageId === l.lineageId && open.action === "withdraw" && <WithdrawForm version={v} onDone={() => setOpen(null)} />}
          </li>
        );
      })}
    </ul>
  );
}
