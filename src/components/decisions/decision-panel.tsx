"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useState, type FormEvent, type Ref } from "react";
import { EMPTY_DECISION, stagingLine, type DecisionContent } from "@/domain/decisions/content";
import type { DecisionWorkspace } from "@/server/api/routers/decision";
import type { TaskItem } from "@/server/api/routers/task";
import { useTRPC } from "@/trpc/react";
import { CaseTasks } from "../tasks/case-tasks";
import { DecisionForm, type DecisionFormHandle } from "./decision-form";
import { OptionEstimates } from "./option-estimates";
import { useRefreshCase } from "./use-refresh-case";

export interface DecisionRecorderProps {
  caseId: string;
  meetingId: string | null;
  workspace: DecisionWorkspace;
  /** Chair or coordinator: records decisions, corrections and tasks. */
  canRecord: boolean;
  canSign: boolean;
  /** Preformatted on the server: "from 12 Mar 2026 decision, check". */
  prefilledLabel: string | null;
  /** Preformatted on the server: "signed by Dr Chen, Tue 12 Mar 2026 18:05". */
  signedLabel: string | null;
  /** Which draft is open, once the first save created one. */
  onDraftChange?: (draftId: string) => void;
  /** Lets a screen that moves to another case save what is typed first. */
  formHandle?: Ref<DecisionFormHandle>;
}

export interface DecisionPanelProps extends Omit<DecisionRecorderProps, "onDraftChange" | "formHandle"> {
  tasks: TaskItem[];
  today: string;
}

/**
 * The decision of a case as the person in front of it needs it: the open draft to record (saved as you type), the
 * signed and locked version with a way to correct it, and the case's follow-up tasks.
 */
export function DecisionPanel({ tasks, today, ...props }: DecisionPanelProps) {
  const latest = props.workspace.versions[0] ?? null;
  const [draftId, setDraftId] = useState<string | null>(latest?.status === "DRAFT" ? latest.id : null);
  return (
    <div className="space-y-4">
      <DecisionRecorder {...props} onDraftChange={setDraftId} />
      <CaseTasks
        caseId={props.caseId}
        decisionId={draftId ?? latest?.id ?? null}
        tasks={tasks}
        members={props.workspace.members}
        canCreate={props.canRecord}
        today={today}
      />
    </div>
  );
}

/**
 * The decision itself, wherever it is recorded (the case page, the meeting's side panel): the open draft in the one
 * decision form, or the signed and locked version with a way to correct it.
 */
export function DecisionRecorder(props: DecisionRecorderProps) {
  const latest = props.workspace.versions[0] ?? null;
  const locked = latest?.status === "SIGNED" && latest.meetingId === props.meetingId;
  const refreshCase = useRefreshCase();

  // Stage and ECOG as typed in the form: the estimate beside it follows them.
  const [staging, setStaging] = useState<{ stageGroup: string | null; ecog: number | null } | null>(null);
  let form = null;
  let estimate = null;
  if (props.canRecord && !locked) {
    const editing = latest?.status === "DRAFT" ? latest : null;
    const fromPrefill = !editing && props.workspace.prefill ? props.workspace.prefill.content : null;
    const initial: DecisionContent = editing
      ? editing.content
      : { ...(fromPrefill ?? { ...EMPTY_DECISION, ecog: props.workspace.referralEcog }), measurementSummary: props.workspace.measurements };
    form = (
      <DecisionForm
        // Stable across refreshes: the form keeps what is typed while the page around it reloads.
        key="decision-form"
        caseId={props.caseId}
        meetingId={props.meetingId}
        site={props.workspace.site}
        draft={editing ? { id: editing.id, revision: editing.revision, version: editing.version } : null}
        initial={initial}
        prefilledLabel={fromPrefill ? props.prefilledLabel : null}
        members={props.workspace.members}
        canSign={props.canSign}
        handle={props.formHandle}
        onStagingChange={setStaging}
        onDraftChange={(id) => {
          props.onDraftChange?.(id);
          // The first save created a version: show it in the history and the letters panel.
          refreshCase();
        }}
      />
    );
    // Beside the form: what the board's own past says of each option for this patient, as staged in the form.
    const current = staging ?? { stageGroup: initial.stageGroup || null, ecog: initial.ecog };
    estimate = <OptionEstimates caseId={props.caseId} stageGroup={current.stageGroup} ecog={current.ecog} />;
  }

  return (
    <>
      {editingNote(latest)}
      {locked && latest && (
        <div className="space-y-2">
          <p className="text-sm">
            <strong>Version {latest.version} is signed and locked</strong>
            {props.signedLabel ? ` (${props.signedLabel})` : ""}: {stagingLine(latest.content)}; {latest.content.recommendation}
          </p>
          {props.canRecord && <CorrectionForm decisionId={latest.id} version={latest.version} />}
        </div>
      )}
      {!props.canRecord && !latest && <p className="text-sm text-slate-500">No decision recorded yet.</p>}
      {form}
      {estimate}
    </>
  );
}

function editingNote(latest: DecisionWorkspace["versions"][number] | null) {
  if (!latest || latest.status !== "DRAFT" || !latest.correctionReason) return null;
  return (
    <p className="rounded border border-sky-300 bg-sky-50 p-2 text-sm dark:border-sky-800 dark:bg-sky-950">
      Version {latest.version} corrects version {latest.version - 1}: {latest.correctionReason}
    </p>
  );
}

function CorrectionForm({ decisionId, version }: { decisionId: string; version: number }) {
  const trpc = useTRPC();
  const refreshCase = useRefreshCase();
  const correct = useMutation(trpc.decision.correct.mutationOptions());
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await correct.mutateAsync({ decisionId, reason });
      refreshCase();
    } catch (err) {
      setError(err instanceof TRPCClientError ? err.message : "The correction could not be started; try again.");
    }
  }

  if (!open) {
    return (
      <button type="button" className="btn" onClick={() => setOpen(true)}>
        Start a correction
      </button>
    );
  }
  return (
    <form aria-label="Start a correction" className="flex flex-wrap items-end gap-2" onSubmit={submit}>
      <div className="min-w-80 flex-1">
        <label className="label" htmlFor="correction-reason">Why version {version} is corrected</label>
        <input id="correction-reason" className="field" value={reason} autoFocus onChange={(e) => setReason(e.target.value)} aria-describedby={error ? "correction-error" : undefined} />
        {error && <p id="correction-error" className="text-xs text-rose-700 dark:text-rose-400">{error}</p>}
      </div>
      <button type="submit" className="btn-primary" disabled={correct.isPending}>
        Create version {version + 1}
      </button>
    </form>
  );
}
