"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type Ref } from "react";
import { BIOMARKERS, ECOG_LABELS, GRADES, HISTOLOGIES, INTENT_LABELS, INTENTS, MODALITIES, MODALITY_LABELS, type IntentName, type ModalityName } from "@/domain/decisions/catalogue";
import { diffDecisions, type DecisionContent, PREFILLED_FIELDS, STAGING_NOT_APPLICABLE } from "@/domain/decisions/content";
import { checkDecisionDraft, missingForSigning, signingMessage, type DecisionField } from "@/domain/decisions/requirements";
import { computeStageGroup, stagingFormOptions } from "@/domain/staging/stage-group";
import type { StagingSite, TnmPrefixName } from "@/domain/staging/tnm";
import { valueWithUnit } from "@/domain/units/units";
import type { DecisionWorkspace } from "@/server/api/routers/decision";
import { ConfirmDialog, refusalField } from "@/components/confirm-dialog";
import { useTRPC } from "@/trpc/react";
import { formatTime } from "@/domain/dates/format-date";
import { SelectField, TextField } from "./decision-fields";
import { useRefreshCase } from "./use-refresh-case";

type Version = DecisionWorkspace["versions"][number];
type Member = DecisionWorkspace["members"][number];
type SaveState = "idle" | "dirty" | "saving" | "saved" | "invalid" | "conflict" | "error";

/** What a screen around the form may ask of it. */
export interface DecisionFormHandle {
  /** Saves what is typed and not saved yet, now; true when the server has everything (or nothing was typed). */
  flush: () => Promise<boolean>;
}

export interface DecisionFormProps {
  caseId: string;
  meetingId: string | null;
  site: StagingSite | null;
  /** The draft being edited, or null for a new version. */
  draft: { id: string; revision: number; version: number } | null;
  initial: DecisionContent;
  /** "from 12 Mar 2026 decision, check" when the new decision is pre-filled from the patient's last signed one. */
  prefilledLabel: string | null;
  members: Member[];
  canSign: boolean;
  /** Tells the page which draft is open (for tasks created beside the form). */
  onDraftChange?: (draftId: string) => void;
  /** For a screen that moves the form to another case (the meeting's side panel): save before moving. */
  handle?: Ref<DecisionFormHandle>;
  /** Stage group and ECOG as typed, for the outcome estimate beside the form. */
  onStagingChange?: (staging: { stageGroup: string | null; ecog: number | null }) => void;
}

const SECTION_KEYS: Record<string, string> = { KeyS: "section-staging", KeyP: "section-pathology", KeyR: "section-recommendation", KeyD: "section-dissent", KeyM: "section-measurements", KeyT: "section-tasks" };
const AUTOSAVE_MS = 800;

const stageOptions = (site: StagingSite | null) => (site ? stagingFormOptions(site) : null);
const asOptions = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

/**
 * The board's decision, keyboard first: Alt+S/P/R/D/M/T jump to staging, pathology, recommendation, dissent,
 * measurements and tasks; drafts save ~0.8 s after typing stops; Ctrl+Enter saves now; Ctrl+Shift+Enter signs
 * (chair). A save that names an older revision is a conflict: the banner shows the other person's values and the
 * local text stays until the user chooses.
 */
export function DecisionForm(props: DecisionFormProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const refreshCase = useRefreshCase();
  const saveMutation = useMutation(trpc.decision.save.mutationOptions());
  const signMutation = useMutation(trpc.decision.sign.mutationOptions());

  const [values, setValues] = useState<DecisionContent>(props.initial);
  const [prefilled, setPrefilled] = useState<Set<keyof DecisionContent>>(() => new Set(props.prefilledLabel ? PREFILLED_FIELDS : []));
  const [state, setState] = useState<SaveState>("idle");
  const [message, setMessage] = useState<string | null>(null);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [conflict, setConflict] = useState<{ message: string; theirs: Version | null } | null>(null);
  const [showTheirs, setShowTheirs] = useState(true);
  const [signMessage, setSignMessage] = useState<string | null>(null);
  const [quorumQuestion, setQuorumQuestion] = useState<string | null>(null);
  const [quorumReason, setQuorumReason] = useState("");
  const [quorumError, setQuorumError] = useState<string | null>(null);

  // What the server holds: refs, so that a save started by the timer uses the latest.
  const draftRef = useRef(props.draft);
  const [draftInfo, setDraftInfo] = useState(props.draft);
  const valuesRef = useRef(values);
  const editCount = useRef(0);
  const savedEdit = useRef(0);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const conflictRef = useRef(false);
  const saveAgain = useRef<() => void>(() => undefined);

  const { onStagingChange } = props;
  useEffect(() => onStagingChange?.({ stageGroup: values.stageGroup || null, ecog: values.ecog }), [onStagingChange, values.stageGroup, values.ecog]);

  const problems = useMemo(() => checkDecisionDraft(props.site, values), [props.site, values]);
  const problemOf = (field: DecisionField) => problems.filter((p) => p.field === field).map((p) => p.message).join(" ") || undefined;
  const missing = useMemo(() => missingForSigning(props.site, values), [props.site, values]);
  const options = stageOptions(props.site);
  const computed = props.site && values.tCategory && values.nCategory && values.mCategory ? computeStageGroup(props.site, { t: values.tCategory, n: values.nCategory, m: values.mCategory }).stageGroup : null;
  const notApplicable = values.stageGroup === STAGING_NOT_APPLICABLE;
  const overridden = !notApplicable && !!values.stageGroup && values.stageGroup !== computed && !!(values.tCategory && values.nCategory && values.mCategory);

  /** One save at a time, in order: each reads the latest values and revision when its turn comes. */
  const saveNow = useCallback((): Promise<boolean> => {
    if (timer.current) clearTimeout(timer.current);
    const turn = (inFlight.current ?? Promise.resolve(true)).then(async (): Promise<boolean> => {
      if (conflictRef.current) return false;
      const edit = editCount.current;
      const draft = draftRef.current;
      if (draft && savedEdit.current === edit) return true;
      const content = valuesRef.current;
      if (checkDecisionDraft(props.site, content).length > 0) {
        setState("invalid");
        setMessage("Not saved yet: correct the marked fields. Your text is kept.");
        return false;
      }
      setState("saving");
      try {
        const saved = await saveMutation.mutateAsync({ caseId: props.caseId, meetingId: props.meetingId, decisionId: draft?.id ?? null, expectedRevision: draft?.revision ?? 0, content });
        draftRef.current = { id: saved.id, revision: saved.revision, version: saved.version };
        setDraftInfo(draftRef.current);
        if (!draft) props.onDraftChange?.(saved.id);
        savedEdit.current = edit;
        setSavedAt(saved.savedAt);
        // The history beside the form reads the workspace: show this save in it at once.
        void queryClient.invalidateQueries({ queryKey: trpc.decision.workspace.queryKey({ caseId: props.caseId }) });
        setState(editCount.current === edit ? "saved" : "dirty");
        setMessage(null);
        // Typed while saving: save again.
        if (editCount.current !== edit) timer.current = setTimeout(() => saveAgain.current(), AUTOSAVE_MS);
        return true;
      } catch (error) {
        const text = error instanceof TRPCClientError ? error.message : "Saving failed: the connection may be down. Your text is kept here; it saves again on the next change or with Ctrl+Enter.";
        if (error instanceof TRPCClientError && error.data?.code === "CONFLICT") {
          conflictRef.current = true;
          setState("conflict");
          let theirs: Version | null = null;
          try {
            const ws = await queryClient.fetchQuery({ ...trpc.decision.workspace.queryOptions({ caseId: props.caseId }), staleTime: 0 });
            theirs = ws.versions[0] ?? null;
          } catch {
            theirs = null;
          }
          setConflict({ message: text, theirs });
          setShowTheirs(true);
        } else {
          setState("error");
          setMessage(text);
        }
        return false;
      }
    });
    inFlight.current = turn;
    return turn;
  }, [props, queryClient, saveMutation, trpc]);

  useEffect(() => {
    saveAgain.current = () => void saveNow();
  }, [saveNow]);

  const flush = useCallback(() => (editCount.current === savedEdit.current ? Promise.resolve(true) : saveNow()), [saveNow]);
  useImperativeHandle(props.handle, () => ({ flush }), [flush]);
  // Taken off the screen with changes still waiting for the autosave timer (the panel closed, the page left): save them.
  const flushRef = useRef(flush);
  useEffect(() => {
    flushRef.current = flush;
  }, [flush]);
  useEffect(() => () => void flushRef.current(), []);

  // Autosave: ~0.8 s after the last change.
  useEffect(() => {
    if (editCount.current === 0 || conflictRef.current) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void saveNow(), AUTOSAVE_MS);
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [values, saveNow]);

  function update(patch: Partial<DecisionContent>) {
    editCount.current += 1;
    setState((s) => (s === "conflict" ? s : "dirty"));
    setPrefilled((p) => {
      const keys = Object.keys(patch) as (keyof DecisionContent)[];
      if (!keys.some((k) => p.has(k))) return p;
      const next = new Set(p);
      keys.forEach((k) => next.delete(k));
      return next;
    });
    const next = { ...valuesRef.current, ...patch };
    valuesRef.current = next;
    setValues(next);
  }

  /** T, N or M changed: the stage group follows the computed one unless it was set by hand. */
  function updateCategory(patch: Partial<Pick<DecisionContent, "tCategory" | "nCategory" | "mCategory">>) {
    const next = { ...values, ...patch };
    const nextComputed = props.site && next.tCategory && next.nCategory && next.mCategory ? computeStageGroup(props.site, { t: next.tCategory, n: next.nCategory, m: next.mCategory }).stageGroup : null;
    const followComputed = !values.stageGroup || values.stageGroup === computed;
    update(followComputed ? { ...patch, stageGroup: nextComputed } : patch);
  }

  /** Signs the draft; `withoutQuorumReason` answers the question the server asks when the quorum is not met. */
  async function signDecision(withoutQuorumReason?: string) {
    if (!props.canSign) return;
    setSignMessage(null);
    setQuorumError(null);
    if (missing.length > 0) {
      setSignMessage(signingMessage(missing));
      return;
    }
    if (editCount.current !== savedEdit.current || !draftRef.current) {
      if (!(await saveNow())) {
        setSignMessage("Save the draft first: see the message above.");
        return;
      }
    }
    const draft = draftRef.current;
    if (!draft) return;
    try {
      await signMutation.mutateAsync({ decisionId: draft.id, expectedRevision: draft.revision, ...(withoutQuorumReason !== undefined ? { withoutQuorumReason } : {}) });
      setQuorumQuestion(null);
      refreshCase();
    } catch (error) {
      const text = error instanceof TRPCClientError ? error.message : "Signing failed; try again.";
      // Not quorate: ask for the reason in a dialog; asked again (e.g. a reason too short), say why there.
      if (refusalField(error) === "withoutQuorumReason") {
        if (quorumQuestion === null) setQuorumQuestion(text);
        else setQuorumError(text);
        return;
      }
      setSignMessage(text);
    }
  }

  function keepMine() {
    const theirs = conflict?.theirs;
    if (!theirs || theirs.status !== "DRAFT") return;
    draftRef.current = { id: theirs.id, revision: theirs.revision, version: theirs.version };
    setDraftInfo(draftRef.current);
    conflictRef.current = false;
    setConflict(null);
    editCount.current += 1;
    void saveNow();
  }

  function takeTheirs() {
    const theirs = conflict?.theirs;
    if (!theirs) return;
    conflictRef.current = false;
    setConflict(null);
    if (theirs.status === "DRAFT") {
      draftRef.current = { id: theirs.id, revision: theirs.revision, version: theirs.version };
      setDraftInfo(draftRef.current);
      savedEdit.current = editCount.current;
      valuesRef.current = theirs.content;
      setValues(theirs.content);
      setState("saved");
      setSavedAt(theirs.updatedAt);
    } else {
      router.refresh();
    }
  }

  async function refreshMeasurements() {
    try {
      const lines = await queryClient.fetchQuery({ ...trpc.decision.measurements.queryOptions({ caseId: props.caseId }), staleTime: 0 });
      update({ measurementSummary: lines });
    } catch (error) {
      setMessage(error instanceof TRPCClientError ? error.message : "The measurements could not be loaded; try again.");
    }
  }

  const onKeyDown = (e: ReactKeyboardEvent) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      if (e.shiftKey) void signDecision();
      else void saveNow();
    }
  };

  // Leaving with changes the server does not have yet: the browser asks first.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (editCount.current !== savedEdit.current) e.preventDefault();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, []);

  // Alt+letter jumps to a section from anywhere on the page.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const target = SECTION_KEYS[e.code];
      if (!target) return;
      const section = document.getElementById(target);
      const first = section?.querySelector<HTMLElement>("input, select, textarea, button");
      if (first) {
        e.preventDefault();
        first.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const pre = (field: keyof DecisionContent) => (prefilled.has(field) ? props.prefilledLabel : null);
  const biomarkerValue = (marker: string) => values.biomarkers.find((b) => b.marker === marker)?.value ?? "";
  const setBiomarker = (marker: string, value: string) => {
    const rest = values.biomarkers.filter((b) => b.marker !== marker);
    update({ biomarkers: value ? [...rest, { marker, value }] : rest });
  };
  const toggleModality = (m: ModalityName, on: boolean) => update({ modalities: on ? [...values.modalities, m] : values.modalities.filter((x) => x !== m) });
  const statusText =
    state === "saving" ? "Saving…" : state === "dirty" ? "Unsaved changes" : state === "saved" ? `Draft version ${draftInfo?.version ?? ""} saved${savedAt ? ` at ${formatTime(savedAt)}` : ""}` : state === "conflict" ? "Not saved: conflict" : (message ?? (draftInfo ? `Draft version ${draftInfo.version}` : "New decision: it saves as you type"));

  return (
    <>
      <form aria-label="Record decision" className="space-y-3" onKeyDown={onKeyDown} onSubmit={(e) => { e.preventDefault(); void saveNow(); }}>
        {conflict && (
          <div role="alert" className="rounded border border-amber-400 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950">
            <p className="font-semibold">Conflict: this decision was changed by someone else.</p>
            <p>{conflict.message}</p>
            {conflict.theirs && (
              <>
                <button type="button" className="link mt-1 text-xs" onClick={() => setShowTheirs((s) => !s)} aria-expanded={showTheirs}>
                  {showTheirs ? "Hide" : "Show"} their version
                </button>
                {showTheirs && (
                  <table className="data-table mt-1" aria-label="Their version compared with yours">
                    <thead>
                      <tr>
                        <th scope="col">Field</th>
                        <th scope="col">Theirs (revision {conflict.theirs.revision}, {conflict.theirs.recordedBy})</th>
                        <th scope="col">Yours</th>
                      </tr>
                    </thead>
                    <tbody>
                      {diffDecisions(conflict.theirs.content, values).map((c) => (
                        <tr key={c.field}>
                          <td>{c.label}</td>
                          <td>{c.before}</td>
                          <td>{c.after}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </>
            )}
            <div className="mt-2 flex gap-2">
              {conflict.theirs?.status === "DRAFT" && (
                <button type="button" className="btn-primary" onClick={keepMine}>
                  Keep mine (save over theirs)
                </button>
              )}
              <button type="button" className="btn" onClick={takeTheirs}>
                {conflict.theirs?.status === "DRAFT" ? "Take theirs" : "Reload"}
              </button>
            </div>
          </div>
        )}

        <fieldset id="section-staging" className="space-y-2">
          <legend className="text-sm font-semibold">
            Staging (AJCC 8th edition{props.site ? `, ${props.site}` : ""}) <kbd className="text-xs font-normal text-slate-500">Alt+S</kbd>
          </legend>
          <div className="grid grid-cols-2 gap-2 md:grid-cols-6">
            <SelectField
              id="tnm-prefix"
              label="Prefix"
              value={values.tnmPrefix ?? ""}
              options={options?.prefixes ?? asOptions(["c", "p", "yc", "yp", "r"])}
              onChange={(v) => update({ tnmPrefix: (v || null) as TnmPrefixName | null })}
              error={problemOf("tnmPrefix")}
              prefilled={pre("tnmPrefix")}
            />
            {options ? (
              <>
                <SelectField id="tnm-t" label="T category" value={values.tCategory ?? ""} options={options.t} onChange={(v) => updateCategory({ tCategory: v || null })} error={problemOf("tCategory")} prefilled={pre("tCategory")} />
                <SelectField id="tnm-n" label="N category" value={values.nCategory ?? ""} options={options.n} onChange={(v) => updateCategory({ nCategory: v || null })} error={problemOf("nCategory")} prefilled={pre("nCategory")} />
                <SelectField id="tnm-m" label="M category" value={values.mCategory ?? ""} options={options.m} onChange={(v) => updateCategory({ mCategory: v || null })} error={problemOf("mCategory")} prefilled={pre("mCategory")} />
                <SelectField
                  id="stage-group"
                  label="Stage group"
                  value={notApplicable ? "" : (values.stageGroup ?? "")}
                  options={options.stageGroups}
                  onChange={(v) => update({ stageGroup: v || null })}
                  error={problemOf("stageGroup")}
                  prefilled={pre("stageGroup")}
                  hint={<p className="mt-0.5 text-xs text-slate-500" aria-live="polite">{computed ? `Computed: ${computed}` : "Computed from T, N and M"}</p>}
                />
              </>
            ) : (
              <>
                <TextField id="tnm-t" label="T category" value={values.tCategory ?? ""} onChange={(v) => update({ tCategory: v || null })} error={problemOf("tCategory")} />
                <TextField id="tnm-n" label="N category" value={values.nCategory ?? ""} onChange={(v) => update({ nCategory: v || null })} error={problemOf("nCategory")} />
                <TextField id="tnm-m" label="M category" value={values.mCategory ?? ""} onChange={(v) => update({ mCategory: v || null })} error={problemOf("mCategory")} />
                <TextField id="stage-group" label="Stage group" value={notApplicable ? "" : (values.stageGroup ?? "")} onChange={(v) => update({ stageGroup: v || null })} error={problemOf("stageGroup")} />
              </>
            )}
            <div className="flex items-end pb-1">
              <label className="flex items-center gap-1 text-sm">
                <input
                  type="checkbox"
                  checked={notApplicable}
                  onChange={(e) =>
                    update(e.target.checked ? { stageGroup: STAGING_NOT_APPLICABLE, tnmPrefix: null, tCategory: null, nCategory: null, mCategory: null } : { stageGroup: null, stageGroupOverrideReason: null })
                  }
                />
                Staging not applicable
              </label>
            </div>
          </div>
          {(notApplicable || overridden || values.stageGroupOverrideReason) && (
            <TextField
              id="stage-reason"
              label={notApplicable ? "Why staging does not apply" : `Reason for stage ${values.stageGroup ?? ""} instead of the computed ${computed ?? "group"}`}
              value={values.stageGroupOverrideReason ?? ""}
              onChange={(v) => update({ stageGroupOverrideReason: v || null })}
              error={problemOf("stageGroupOverrideReason")}
            />
          )}
        </fieldset>

        <fieldset id="section-pathology" className="space-y-2">
          <legend className="text-sm font-semibold">
            Histology and biomarkers <kbd className="text-xs font-normal text-slate-500">Alt+P</kbd>
          </legend>
          <div className="grid grid-cols-2 gap-2 md:grid-cols-4">
            <TextField id="histology" label="Histology" value={values.histology} list="histology-options" onChange={(v) => update({ histology: v })} error={problemOf("histology")} prefilled={pre("histology")} className="md:col-span-2" />
            <datalist id="histology-options">
              {(props.site ? HISTOLOGIES[props.site] : []).map((h) => (
                <option key={h} value={h} />
              ))}
            </datalist>
            <SelectField id="grade" label="Grade" value={values.grade ?? ""} options={asOptions(props.site ? GRADES[props.site] : ["GX", "G1", "G2", "G3", "G4"])} onChange={(v) => update({ grade: v || null })} prefilled={pre("grade")} />
            <SelectField
              id="ecog"
              label="ECOG"
              value={values.ecog === null ? "" : String(values.ecog)}
              options={ECOG_LABELS.map((label, i) => ({ value: String(i), label }))}
              onChange={(v) => update({ ecog: v === "" ? null : Number(v) })}
              error={problemOf("ecog")}
              prefilled={pre("ecog")}
            />
          </div>
          {props.site && (
            <div className="grid grid-cols-2 gap-2 md:grid-cols-6" role="group" aria-label="Biomarkers">
              {BIOMARKERS[props.site].map((b) => (
                <SelectField
                  key={b.marker}
                  id={`biomarker-${b.marker}`}
                  label={b.label}
                  value={biomarkerValue(b.marker)}
                  options={asOptions(b.values)}
                  onChange={(v) => setBiomarker(b.marker, v)}
                  prefilled={pre("biomarkers")}
                />
              ))}
            </div>
          )}
          {problemOf("biomarkers") && <p className="text-xs text-rose-700 dark:text-rose-400">{problemOf("biomarkers")}</p>}
        </fieldset>

        <fieldset id="section-recommendation" className="space-y-2">
          <legend className="text-sm font-semibold">
            Recommendation <kbd className="text-xs font-normal text-slate-500">Alt+R</kbd>
          </legend>
          <div className="grid grid-cols-2 gap-2 md:grid-cols-4">
            <SelectField
              id="intent"
              label="Intent"
              value={values.intent}
              blank="—"
              options={INTENTS.map((i) => ({ value: i, label: INTENT_LABELS[i] }))}
              onChange={(v) => update({ intent: (v || "CURATIVE") as IntentName })}
            />
            <SelectField
              id="guideline"
              label="Follows the guideline"
              value={values.guidelineConcordant === null ? "" : values.guidelineConcordant ? "yes" : "no"}
              blank="Not stated"
              options={[{ value: "yes", label: "Yes" }, { value: "no", label: "No" }]}
              onChange={(v) => update({ guidelineConcordant: v === "" ? null : v === "yes" })}
            />
            <TextField id="sequence" label="Sequence" value={values.sequence} placeholder="e.g. neoadjuvant chemotherapy, then surgery" onChange={(v) => update({ sequence: v })} className="md:col-span-2" />
          </div>
          <fieldset aria-describedby={problemOf("modalities") ? "modalities-error" : undefined}>
            <legend className="label">Modalities</legend>
            <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
              {MODALITIES.map((m) => (
                <label key={m} className="flex items-center gap-1">
                  <input type="checkbox" checked={values.modalities.includes(m)} onChange={(e) => toggleModality(m, e.target.checked)} />
                  {MODALITY_LABELS[m]}
                </label>
              ))}
            </div>
            {problemOf("modalities") && <p id="modalities-error" className="text-xs text-rose-700 dark:text-rose-400">{problemOf("modalities")}</p>}
          </fieldset>
          {(values.modalities.includes("CLINICAL_TRIAL") || values.trialIdentifier) && (
            <TextField id="trial-id" label="Trial identifier" placeholder="NCT01234567 or 2023-501234-12-00" value={values.trialIdentifier ?? ""} onChange={(v) => update({ trialIdentifier: v || null })} error={problemOf("trialIdentifier")} />
          )}
          {values.guidelineConcordant === false && (
            <TextField id="deviation" label="Why the recommendation deviates from the guideline" value={values.guidelineDeviationReason ?? ""} onChange={(v) => update({ guidelineDeviationReason: v || null })} />
          )}
          <TextField id="recommendation" label="Recommendation" multiline={3} value={values.recommendation} onChange={(v) => update({ recommendation: v })} />
          <TextField id="rationale" label="Rationale" multiline={2} value={values.rationale} onChange={(v) => update({ rationale: v })} />
        </fieldset>

        <DissentSection values={values} members={props.members} onChange={(dissents) => update({ dissents })} />

        <fieldset id="section-measurements" className="space-y-1">
          <legend className="text-sm font-semibold">
            Measurements (accepted AI findings and viewer) <kbd className="text-xs font-normal text-slate-500">Alt+M</kbd>
          </legend>
          {values.measurementSummary.length > 0 ? (
            <ul className="text-sm" aria-label="Measurements in the summary">
              {values.measurementSummary.map((m, i) => (
                <li key={`${m.findingId ?? ""}-${m.label}-${i}`} className="flex items-center gap-2">
                  <span>
                    {m.label}: <strong>{valueWithUnit(m.value, m.unit)}</strong>
                  </span>
                  <button type="button" className="link text-xs" aria-label={`Remove ${m.label}`} onClick={() => update({ measurementSummary: values.measurementSummary.filter((_, j) => j !== i) })}>
                    remove
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-500">No accepted measurements.</p>
          )}
          <button type="button" className="btn" onClick={() => void refreshMeasurements()}>
            Refresh measurements
          </button>
        </fieldset>

        <div className="flex flex-wrap items-center gap-2 border-t border-slate-200 pt-2 dark:border-slate-800">
          <button type="submit" className="btn-primary" disabled={state === "saving" || state === "conflict"}>
            Save now
          </button>
          {props.canSign && (
            <button type="button" className="btn" onClick={() => void signDecision()} disabled={signMutation.isPending || state === "conflict"} aria-describedby="sign-hint">
              Sign decision
            </button>
          )}
          <span className="text-xs text-slate-500">Ctrl+Enter saves{props.canSign ? " · Ctrl+Shift+Enter signs" : ""}</span>
          <p role="status" aria-live="polite" aria-label="Save status" className={`ml-auto text-sm ${state === "error" || state === "invalid" ? "text-rose-700 dark:text-rose-400" : ""}`}>
            {statusText}
          </p>
        </div>
        {props.canSign && (
          <p id="sign-hint" className="text-xs text-slate-600 dark:text-slate-400" aria-live="polite">
            {signMessage ?? (missing.length > 0 ? signingMessage(missing) : "Ready to sign.")}
          </p>
        )}
      </form>
      {props.canSign && (
        <ConfirmDialog
          open={quorumQuestion !== null}
          title="Sign without quorum?"
          confirmLabel="Sign without quorum"
          busy={signMutation.isPending}
          onConfirm={() => void signDecision(quorumReason)}
          onCancel={() => setQuorumQuestion(null)}
        >
          <p>{quorumQuestion}</p>
          <p>The reason is kept with the decision, in its history and in the minutes.</p>
          <label className="label" htmlFor="without-quorum-reason">Why the board decides without quorum</label>
          <textarea id="without-quorum-reason" className="field" rows={3} required minLength={3} value={quorumReason} onChange={(e) => setQuorumReason(e.target.value)} />
          {quorumError && <p role="alert" className="text-xs text-rose-700 dark:text-rose-400">{quorumError}</p>}
        </ConfirmDialog>
      )}
    </>
  );
}

function DissentSection({ values, members, onChange }: { values: DecisionContent; members: Member[]; onChange: (d: DecisionContent["dissents"]) => void }) {
  const [who, setWho] = useState("");
  const [opinion, setOpinion] = useState("");
  const [error, setError] = useState<string | null>(null);
  function add() {
    const member = members.find((m) => m.id === who);
    if (!member || !opinion.trim()) {
      setError("Choose who dissented and write their opinion.");
      return;
    }
    onChange([...values.dissents, { userId: member.id, name: member.name, specialty: member.specialty, opinion: opinion.trim() }]);
    setWho("");
    setOpinion("");
    setError(null);
  }
  return (
    <fieldset id="section-dissent" className="space-y-1">
      <legend className="text-sm font-semibold">
        Dissenting opinions <kbd className="text-xs font-normal text-slate-500">Alt+D</kbd>
      </legend>
      {values.dissents.length > 0 && (
        <ul className="text-sm" aria-label="Dissenting opinions">
          {values.dissents.map((d, i) => (
            <li key={`${d.name}-${i}`} className="flex items-center gap-2">
              <span>
                <strong>{d.name}</strong>: {d.opinion}
              </span>
              <button type="button" className="link text-xs" aria-label={`Remove dissent of ${d.name}`} onClick={() => onChange(values.dissents.filter((_, j) => j !== i))}>
                remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-end gap-2">
        <div>
          <label className="label" htmlFor="dissent-who">Who dissented</label>
          <select id="dissent-who" className="field" value={who} onChange={(e) => setWho(e.target.value)}>
            <option value="">—</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <div className="min-w-64 flex-1">
          <label className="label" htmlFor="dissent-opinion">Their opinion</label>
          <input
            id="dissent-opinion"
            className="field"
            value={opinion}
            onChange={(e) => setOpinion(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.ctrlKey && !e.metaKey) {
                e.preventDefault();
                add();
              }
            }}
            aria-describedby={error ? "dissent-error" : undefined}
          />
        </div>
        <button type="button" className="btn" onClick={add}>
          Add dissent
        </button>
      </div>
      {error && <p id="dissent-error" className="text-xs text-rose-700 dark:text-rose-400">{error}</p>}
    </fieldset>
  );
}
