"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Badge } from "@/components/badge";
import { ageInYears, enumLabel, formatDate, patientName, SEX_SHORT } from "@/components/format";
import { toStudyChoice } from "@/components/viewers/data-source";
import { valueWithUnit } from "@/domain/units/units";
import { DicomViewerLoader, usePreloadDicomViewer } from "@/components/viewers/dicom-viewer-loader";
import { isImageSeries } from "@/components/viewers/series-kinds";
import { SlideViewerShell } from "@/components/viewers/slide-viewer-shell";
import { useTRPC } from "@/trpc/react";
import { ConfirmDialog, refusalField } from "@/components/confirm-dialog";
import type { DecisionFormHandle } from "@/components/decisions/decision-form";
import { MeetingDecisionPanel } from "@/components/decisions/meeting-decision-panel";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { SimilarCasesPanel } from "./similar-cases-panel";
import type { ConnectionStatus, LiveSnapshot, LiveView } from "./types";
import { useLiveStream } from "./use-live-stream";
import { usePublisher } from "./use-publisher";

/** One agenda entry as the presentation needs it (from meeting.agenda). */
export interface PresentationItem {
  id: string;
  caseId: string;
  position: number;
  minutesBudget: number;
  clinicalQuestion: string;
  questionType: string;
  urgency: "ROUTINE" | "URGENT";
  patient: { id: string; mrn: string; familyName: string; givenName: string; birthDate: Date; sex: "FEMALE" | "MALE" | "OTHER" | "UNKNOWN" };
  condition: { topographyDisplay: string; morphologyDisplay: string } | null;
}

export interface PresentationProps {
  meetingId: string;
  title: string;
  items: PresentationItem[];
  /** recordDecision / signDecision: what the decision procedures' policies let this user do (the side panel). */
  me: { id: string; name: string; canPresent: boolean; recordDecision: boolean; signDecision: boolean };
  initial: LiveSnapshot;
}

const errorText = (error: unknown) => (error instanceof TRPCClientError ? error.message : "That did not work. Try again.");
const clock = (seconds: number) => `${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;

/** Seconds on the current case; calls onLeave with the total when the case changes or the page closes. */
function useCaseTimer(key: string, onLeave: (seconds: number) => void): number {
  const [seconds, setSeconds] = useState(0);
  const onLeaveRef = useRef(onLeave);
  useEffect(() => {
    onLeaveRef.current = onLeave;
  });
  useEffect(() => {
    const started = Date.now();
    const tick = () => setSeconds(Math.floor((Date.now() - started) / 1000));
    const first = setTimeout(tick, 0);
    const interval = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(interval);
      onLeaveRef.current(Math.round((Date.now() - started) / 1000));
    };
  }, [key]);
  return seconds;
}

function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  const text = status === "live" ? "Live" : status === "connecting" ? "Connecting…" : "Reconnecting…";
  return (
    <span role="status" aria-label={`Connection: ${text}`} className="inline-flex items-center gap-1.5 text-xs">
      <span aria-hidden="true" className={`h-2 w-2 rounded-full ${status === "live" ? "bg-emerald-400" : "animate-pulse bg-amber-400"}`} />
      {text}
    </span>
  );
}

/**
 * Presentation mode: one agenda case at a time, full screen. The presenter's view (case, series, slice, window,
 * slide field of view, shown annotation) is published as it changes; everyone else follows it until they look
 * around on their own, and F brings them back to the presenter.
 */
export function Presentation({ meetingId, title, items, me, initial }: PresentationProps) {
  // When the presenter opens a case with images, every follower has the viewer's code already.
  usePreloadDicomViewer();
  const trpc = useTRPC();
  const { snapshot, status } = useLiveStream(meetingId, initial);
  const isPresenter = snapshot.presenter?.id === me.id;
  const firstView = (index: number): LiveView => ({ agendaItemId: items[index]!.id, caseId: items[index]!.caseId, viewer: "summary" });
  const [local, setLocal] = useState<LiveView>(() => (initial.view && items.some((i) => i.id === initial.view!.agendaItemId) ? initial.view : firstView(0)));
  const [detached, setDetached] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [handTo, setHandTo] = useState("");
  // The decision side panel: closed until its user opens it (the presenter's screen stays clean).
  const [decisionOpen, setDecisionOpen] = useState(false);
  const [similarOpen, setSimilarOpen] = useState(false);
  const decisionForm = useRef<DecisionFormHandle | null>(null);
  const caseLabels = useMemo(() => Object.fromEntries(items.map((i) => [i.caseId, patientName(i.patient)])), [items]);
  const toggleDecision = useCallback(async () => {
    if (!me.recordDecision) return;
    if (!decisionOpen) return setDecisionOpen(true);
    // Closing saves what is typed first; a draft that cannot be saved keeps the panel open with its message.
    if (await (decisionForm.current?.flush() ?? Promise.resolve(true))) setDecisionOpen(false);
  }, [decisionOpen, me.recordDecision]);

  // Becoming the presenter continues from the shared view; losing the role goes back to following.
  const [wasPresenter, setWasPresenter] = useState(isPresenter);
  if (wasPresenter !== isPresenter) {
    setWasPresenter(isPresenter);
    if (isPresenter && snapshot.view) setLocal(snapshot.view);
    if (!isPresenter) setDetached(false);
  }

  const following = !isPresenter && !detached && snapshot.presenter !== null && snapshot.view !== null;
  const view: LiveView = following && snapshot.view && items.some((i) => i.id === snapshot.view!.agendaItemId) ? snapshot.view : local;
  const index = Math.max(0, items.findIndex((i) => i.id === view.agendaItemId));
  const item = items[index]!;

  // Publishing: every change of the presenter's view, throttled and coalesced.
  const publisher = usePublisher(meetingId);
  const { send, reset } = publisher;
  useEffect(() => {
    if (isPresenter) send(local);
    else reset();
  }, [isPresenter, local, send, reset]);

  /** A deliberate move (keys, buttons, lists): a follower who makes it is on their own from then on. */
  const navigate = useCallback(
    (patch: Partial<LiveView>) => {
      if (following) setDetached(true);
      setLocal({ ...view, ...patch });
    },
    [following, view],
  );
  /** What the viewers report: ignored while following (it is the presenter's view being applied). */
  const observe = useCallback(
    (patch: Partial<LiveView>) => {
      if (following) return;
      setLocal((prev) => ({ ...prev, ...patch }));
    },
    [following],
  );
  const detach = () => {
    if (!following) return;
    setLocal(view);
    setDetached(true);
  };
  const rejoin = useCallback(() => setDetached(false), []);

  // The case's data: summary and timeline, studies, slides, findings (each read is audited by its router).
  const caseQuery = useQuery(trpc.case.get.queryOptions({ caseId: item.caseId }));
  const studiesQuery = useQuery(trpc.imaging.studies.queryOptions({ patientId: item.patient.id }));
  const slidesQuery = useQuery(trpc.slide.listForPatient.queryOptions({ patientId: item.patient.id }));
  const findingsQuery = useQuery(trpc.finding.listForPatient.queryOptions({ patientId: item.patient.id }));
  const candidates = useQuery(trpc.live.candidates.queryOptions({ meetingId }, { enabled: isPresenter || me.canPresent }));

  const studies = useMemo(() => studiesQuery.data ?? [], [studiesQuery.data]);
  const readySlides = useMemo(() => (slidesQuery.data?.slides ?? []).filter((s) => s.importStatus === "READY"), [slidesQuery.data]);
  const studyUid = view.studyUid ?? studies[0]?.studyInstanceUid;
  const slideId = view.slideId ?? readySlides[0]?.id;
  const slideQuery = useQuery(trpc.slide.get.queryOptions({ slideId: slideId ?? "" }, { enabled: view.viewer === "slides" && !!slideId }));
  const imageSeries = useMemo(
    () => studies.flatMap((st) => st.series.filter(isImageSeries).map((se) => ({ studyUid: st.studyInstanceUid, seriesUid: se.seriesInstanceUid }))),
    [studies],
  );

  // Time on the case, saved when the presenter leaves it.
  const recordTime = useMutation(trpc.live.recordTime.mutationOptions());
  const saveTime = recordTime.mutate;
  const presenterRef = useRef(isPresenter);
  useEffect(() => {
    presenterRef.current = isPresenter;
  });
  const leftItem = item.id;
  const seconds = useCaseTimer(leftItem, (spent) => {
    if (presenterRef.current && spent >= 1) saveTime({ meetingId, agendaItemId: leftItem, seconds: Math.min(spent, 86_400) });
  });

  const mutationOptions = { onError: (e: unknown) => setMessage(errorText(e)), onSuccess: () => setMessage(null) };
  // Starting a meeting planned for another day: the chair confirms moving it to today (the server names both days).
  const [moveQuestion, setMoveQuestion] = useState<{ text: string; then: "start" | "takeOver" } | null>(null);
  const startOptions = (then: "start" | "takeOver") => ({
    onError: (e: unknown) => (refusalField(e) === "moveToToday" ? setMoveQuestion({ text: errorText(e), then }) : setMessage(errorText(e))),
    onSuccess: () => {
      setMessage(null);
      setMoveQuestion(null);
    },
  });
  const start = useMutation(trpc.live.start.mutationOptions(startOptions("start")));
  const takeOver = useMutation(trpc.live.takeOver.mutationOptions(startOptions("takeOver")));
  const handOver = useMutation(
    trpc.live.handOver.mutationOptions({
      ...mutationOptions,
      onSuccess: () => {
        setMessage(null);
        setHandTo("");
      },
    }),
  );
  const stop = useMutation(trpc.live.stop.mutationOptions(mutationOptions));

  const goCase = useCallback(
    (delta: number) => {
      const next = Math.min(items.length - 1, Math.max(0, index + delta));
      if (next === index) return;
      navigate({ agendaItemId: items[next]!.id, caseId: items[next]!.caseId, viewer: view.viewer, studyUid: undefined, seriesUid: undefined, imageIndex: undefined, voi: undefined, slideId: undefined, slideViewport: undefined, annotationIds: undefined });
    },
    [index, items, navigate, view.viewer],
  );
  const step = useCallback(
    (delta: number) => {
      if (view.viewer === "slides") {
        if (readySlides.length === 0) return;
        const at = Math.max(0, readySlides.findIndex((s) => s.id === slideId));
        const next = readySlides[(at + delta + readySlides.length) % readySlides.length]!;
        navigate({ slideId: next.id, slideViewport: undefined, annotationIds: undefined });
        return;
      }
      if (imageSeries.length === 0) return;
      const currentSeries = view.seriesUid ?? imageSeries.find((s) => s.studyUid === studyUid)?.seriesUid;
      const at = Math.max(0, imageSeries.findIndex((s) => s.studyUid === studyUid && s.seriesUid === currentSeries));
      const next = imageSeries[(at + delta + imageSeries.length) % imageSeries.length]!;
      navigate({ viewer: "images", studyUid: next.studyUid, seriesUid: next.seriesUid, imageIndex: undefined, voi: undefined });
    },
    [view.viewer, view.seriesUid, readySlides, slideId, imageSeries, studyUid, navigate],
  );
  const toggleViewer = useCallback(() => navigate({ viewer: view.viewer === "images" ? "slides" : "images" }), [navigate, view.viewer]);

  // Keyboard shortcuts for the whole page; typing in a field is typing.
  const keys = useRef<(event: KeyboardEvent) => void>(() => undefined);
  useEffect(() => {
    keys.current = (event) => {
      const target = event.target as HTMLElement | null;
      // Typing is typing, and the decision panel's buttons and fields keep their keys to themselves. An open dialog
      // keeps its keys too; a closed one may still hold the focus for a moment (Chrome moves it back to the page at its
      // next rendering update), and a key pressed then is the page's: ? Escape D on a busy PC lost the D.
      if (target?.closest("input, textarea, select, dialog[open], [data-own-keys]") || event.ctrlKey || event.metaKey || event.altKey) return;
      const actions: Record<string, () => void> = {
        n: () => goCase(1),
        p: () => goCase(-1),
        PageDown: () => goCase(1),
        PageUp: () => goCase(-1),
        "]": () => step(1),
        "[": () => step(-1),
        v: toggleViewer,
        s: () => navigate({ viewer: "summary" }),
        f: rejoin,
        ...(me.recordDecision ? { d: () => void toggleDecision() } : {}),
        h: () => setSimilarOpen((open) => !open),
        "?": () => setShortcutsOpen(true),
      };
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      const action = actions[key] ?? (event.key === "?" ? actions["?"] : undefined);
      // The image viewer uses Page Up / Page Down itself when it has the focus.
      if (!action || (event.defaultPrevented && key.startsWith("Page"))) return;
      action();
      event.preventDefault();
    };
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => keys.current(event);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const [fullscreen, setFullscreen] = useState(false);
  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement !== null);
    document.addEventListener("fullscreenchange", onChange);
    return () => document.removeEventListener("fullscreenchange", onChange);
  }, []);
  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void document.documentElement.requestFullscreen?.().catch(() => setMessage("The browser did not allow full screen."));
  };

  const kase = caseQuery.data;
  const latestDecision = kase?.decisions[0];
  const overBudget = seconds > item.minutesBudget * 60;
  const presenterName = snapshot.presenter?.name ?? null;

  return (
    <div className="dark fixed inset-0 z-50 flex flex-col overflow-hidden bg-slate-950 text-slate-100" aria-label="Presentation mode" role="region">
      <header className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-slate-800 px-4 py-2">
        <Link href={`/meetings/${meetingId}`} className="link text-sm">Leave presentation</Link>
        <span className="text-sm text-slate-400">{title}</span>
        <ConnectionBadge status={status} />
        <span className="text-sm" aria-label="Presenter">
          {isPresenter ? <Badge tone="good">You are presenting</Badge> : presenterName ? <>Presenter: <strong>{presenterName}</strong></> : "Nobody is presenting"}
        </span>
        {!isPresenter && snapshot.presenter && (
          <span role="status" aria-label="Follow status" className="text-sm">
            {following ? (
              <span className="text-emerald-300">Following {presenterName}</span>
            ) : (
              <span className="text-amber-300">You are looking on your own — press F to rejoin</span>
            )}
          </span>
        )}
        {!isPresenter && snapshot.presenter && !following && (
          <button type="button" className="btn" onClick={rejoin} aria-keyshortcuts="F">Rejoin presenter</button>
        )}
        <ConfirmDialog
          open={moveQuestion !== null}
          title="Present this meeting today?"
          confirmLabel="Move to today and present"
          busy={start.isPending || takeOver.isPending}
          onConfirm={() => (moveQuestion?.then === "takeOver" ? takeOver : start).mutate({ meetingId, moveToToday: true })}
          onCancel={() => setMoveQuestion(null)}
        >
          <p>{moveQuestion?.text}</p>
          <p>Letters, minutes and outcomes will give today as the day its cases were discussed.</p>
        </ConfirmDialog>
        <div className="ml-auto flex flex-wrap items-center gap-2">
          {me.canPresent && !snapshot.presenter && (
            <button type="button" className="btn-primary" onClick={() => start.mutate({ meetingId })} disabled={start.isPending}>Start presenting</button>
          )}
          {me.canPresent && snapshot.presenter && !isPresenter && (
            <button type="button" className="btn" onClick={() => takeOver.mutate({ meetingId })} disabled={takeOver.isPending}>Take over</button>
          )}
          {(isPresenter || (me.canPresent && snapshot.presenter)) && (
            <form
              className="flex items-center gap-1"
              aria-label="Hand over"
              onSubmit={(e) => {
                e.preventDefault();
                if (handTo) handOver.mutate({ meetingId, toUserId: handTo });
              }}
            >
              <label htmlFor="hand-over-to" className="text-xs text-slate-400">Hand over to</label>
              <select id="hand-over-to" className="field w-44" value={handTo} onChange={(e) => setHandTo(e.target.value)}>
                <option value="">Choose…</option>
                {(candidates.data ?? [])
                  .filter((c) => c.id !== snapshot.presenter?.id)
                  .map((c) => (
                    <option key={c.id} value={c.id}>{c.name}{c.attending ? "" : " (not marked present)"}</option>
                  ))}
              </select>
              <button type="submit" className="btn" disabled={!handTo || handOver.isPending}>Hand over</button>
            </form>
          )}
          {(isPresenter || (me.canPresent && snapshot.presenter)) && (
            <button type="button" className="btn" onClick={() => stop.mutate({ meetingId })} disabled={stop.isPending}>Stop presenting</button>
          )}
          {me.recordDecision && (
            <button type="button" className="btn" aria-pressed={decisionOpen} onClick={() => void toggleDecision()} aria-keyshortcuts="D">Record decision</button>
          )}
          <button type="button" className="btn" aria-pressed={similarOpen} onClick={() => setSimilarOpen((open) => !open)} aria-keyshortcuts="H">Similar cases</button>
          <button type="button" className="btn" onClick={() => setShortcutsOpen(true)} aria-keyshortcuts="?">Shortcuts (?)</button>
          <button type="button" className="btn" onClick={toggleFullscreen}>{fullscreen ? "Exit full screen" : "Full screen"}</button>
        </div>
      </header>

      {(message || publisher.error) && (
        <p role="alert" className="border-b border-rose-900 bg-rose-950 px-4 py-1 text-sm text-rose-100">{message ?? publisher.error}</p>
      )}

      <section aria-labelledby="case-heading" className="flex flex-wrap items-baseline gap-x-4 gap-y-1 border-b border-slate-800 px-4 py-2">
        <div className="flex items-center gap-1">
          <button type="button" className="btn" onClick={() => goCase(-1)} disabled={index === 0} aria-keyshortcuts="P PageUp">Previous case</button>
          <button type="button" className="btn" onClick={() => goCase(1)} disabled={index === items.length - 1} aria-keyshortcuts="N PageDown">Next case</button>
        </div>
        <span className="text-sm text-slate-400" aria-label="Case position">Case {index + 1} of {items.length}</span>
        <h1 id="case-heading" className="text-xl font-semibold">{patientName(item.patient)}</h1>
        <span className="text-sm text-slate-300">
          MRN {item.patient.mrn} · {ageInYears(item.patient.birthDate)} {SEX_SHORT[item.patient.sex]}
          {item.condition ? ` · ${item.condition.morphologyDisplay}, ${item.condition.topographyDisplay}` : ""}
        </span>
        {item.urgency === "URGENT" && <Badge tone="warn">Urgent</Badge>}
        <span
          className={`ml-auto font-mono text-lg tabular-nums ${overBudget ? "text-amber-300" : "text-slate-200"}`}
          role="timer"
          aria-label={`Time on this case: ${clock(seconds)} of ${item.minutesBudget} minutes`}
        >
          {clock(seconds)} / {clock(item.minutesBudget * 60)}
        </span>
      </section>

      <div className="flex min-h-0 flex-1 overflow-hidden">
        <div
          className="flex min-h-0 min-w-0 flex-1 gap-3 overflow-hidden p-3"
          onPointerDownCapture={detach}
          onWheelCapture={detach}
          onKeyDownCapture={(e) => {
            if (!["f", "F", "?"].includes(e.key)) detach();
          }}
        >
          <aside className="flex w-96 shrink-0 flex-col gap-3 overflow-y-auto" aria-label="Case summary">
            <section className="card">
              <h2 className="label">Clinical question ({enumLabel(item.questionType)})</h2>
              <p className="text-base">{item.clinicalQuestion}</p>
            </section>
            <section className="card" aria-labelledby="timeline-heading">
              <h2 id="timeline-heading" className="mb-1 text-sm font-semibold">Timeline</h2>
              {!kase ? (
                <p className="text-sm text-slate-400">Loading…</p>
              ) : kase.timeline.length === 0 ? (
                <p className="text-sm text-slate-400">No studies, slides or findings yet.</p>
              ) : (
                <ol aria-label="Timeline items" className="space-y-1 text-sm">
                  {kase.timeline.map((t) => {
                    const open = t.target.slideId
                      ? () => navigate({ viewer: "slides", slideId: t.target.slideId!, slideViewport: undefined, annotationIds: undefined })
                      : t.target.studyInstanceUid
                        ? () => navigate({ viewer: "images", studyUid: t.target.studyInstanceUid!, seriesUid: t.target.seriesInstanceUid ?? undefined, imageIndex: undefined, voi: undefined })
                        : null;
                    return (
                      <li key={`${t.kind}:${t.id}`} className="flex gap-2">
                        <span className="w-24 shrink-0 tabular-nums text-slate-400">{formatDate(t.date)}</span>
                        <span className="min-w-0">
                          {open ? (
                            <button type="button" className="link text-left" onClick={open}>{t.title}</button>
                          ) : (
                            <span>{t.title}</span>
                          )}
                          <span className="block text-xs text-slate-400">{t.detail}</span>
                        </span>
                      </li>
                    );
                  })}
                </ol>
              )}
            </section>
            <section className="card" aria-labelledby="findings-heading">
              <h2 id="findings-heading" className="mb-1 text-sm font-semibold">Findings</h2>
              {(findingsQuery.data ?? []).length === 0 ? (
                <p className="text-sm text-slate-400">{findingsQuery.isLoading ? "Loading…" : "No findings."}</p>
              ) : (
                <ul aria-label="Findings" className="space-y-1 text-sm">
                  {findingsQuery.data!.map((fd) => (
                    <li key={fd.id}>
                      {fd.description}
                      <span className="block text-xs text-slate-400">
                        {fd.source === "AI" ? `AI${fd.algorithmName ? ` (${fd.algorithmName})` : ""}` : (fd.author ?? "Person")} · {fd.review.state.toLowerCase()}
                        {fd.measurements.length > 0 && ` · ${fd.measurements.map((m) => `${m.name} ${valueWithUnit(m.value, m.unit)}`).join(", ")}`}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </aside>

          <main className="flex min-w-0 flex-1 flex-col gap-2 overflow-y-auto" aria-label="Case view">
            <div role="group" aria-label="Viewer" className="flex gap-1">
              {(["summary", "images", "slides"] as const).map((v) => (
                <button key={v} type="button" className="btn" aria-pressed={view.viewer === v} onClick={() => navigate({ viewer: v })}>
                  {v === "summary" ? "Summary" : v === "images" ? `Images (${studies.length})` : `Slides (${readySlides.length})`}
                </button>
              ))}
              <span className="ml-2 self-center text-xs text-slate-400">[ ] series or slide · V images/slides · ? all keys</span>
            </div>

            {view.viewer === "summary" && (
              <section className="card space-y-3" aria-label="Summary">
                {kase ? (
                  <>
                    <dl className="grid grid-cols-1 gap-3 text-sm md:grid-cols-2">
                      <div>
                        <dt className="label">Diagnosis</dt>
                        <dd>{kase.condition ? `${kase.condition.morphologyDisplay} (${kase.condition.morphologyCode}), ${kase.condition.topographyDisplay}` : "Not recorded"}</dd>
                      </div>
                      <div>
                        <dt className="label">Referred by</dt>
                        <dd>{kase.referrer.name}, {formatDate(kase.createdAt)}</dd>
                      </div>
                      <div>
                        <dt className="label">Latest decision</dt>
                        <dd>{latestDecision ? `${latestDecision.status === "SIGNED" ? "Signed" : "Draft"}: ${latestDecision.recommendation}` : "None yet"}</dd>
                      </div>
                      <div>
                        <dt className="label">Material</dt>
                        <dd>{studies.length} imaging stud{studies.length === 1 ? "y" : "ies"}, {readySlides.length} slide{readySlides.length === 1 ? "" : "s"}, {(findingsQuery.data ?? []).length} finding{(findingsQuery.data ?? []).length === 1 ? "" : "s"}</dd>
                      </div>
                    </dl>
                    {kase.outcomes.length > 0 && (
                      <p className="text-sm">Outcomes: {kase.outcomes.map((o) => `${formatDate(o.occurredOn)} ${enumLabel(o.kind)}`).join(" · ")}</p>
                    )}
                  </>
                ) : (
                  <p className="text-sm text-slate-400">Loading the case…</p>
                )}
              </section>
            )}

            {view.viewer === "images" &&
              (studiesQuery.isLoading ? (
                <p role="status" className="text-sm">Loading the studies…</p>
              ) : !studyUid ? (
                <p className="text-sm text-slate-400">No images for this patient.</p>
              ) : (
                <DicomViewerLoader
                  key={studyUid}
                  studies={studies.map((s) => toStudyChoice(s, formatDate))}
                  initialStudyUid={studyUid}
                  seriesUid={view.seriesUid}
                  followImageIndex={following ? view.imageIndex : undefined}
                  followVoi={following ? view.voi : undefined}
                  onSeriesChange={(seriesUid) => navigate({ seriesUid, imageIndex: undefined, voi: undefined })}
                  onViewChange={(v) => observe({ studyUid: v.studyUid, seriesUid: v.seriesUid, imageIndex: v.imageIndex, voi: v.voi })}
                />
              ))}

            {view.viewer === "slides" &&
              (!slideId ? (
                <p className="text-sm text-slate-400">{slidesQuery.isLoading ? "Loading the slides…" : "No slides for this patient."}</p>
              ) : slideQuery.data?.tiles ? (
                <SlideViewerShell
                  key={slideId}
                  slide={{ ...slideQuery.data, tiles: slideQuery.data.tiles }}
                  cases={slideQuery.data.cases}
                  initialCaseId={item.caseId}
                  followViewport={following ? view.slideViewport : undefined}
                  followAnnotationIds={following ? view.annotationIds : undefined}
                  onViewportChange={(slideViewport) => observe({ slideViewport })}
                  onAnnotationsShown={(annotationIds) => observe({ annotationIds })}
                />
              ) : (
                <p role="status" className="text-sm">Loading the slide…</p>
              ))}
          </main>
        </div>
        {similarOpen && (
          <div data-own-keys className="flex min-h-0">
            <SimilarCasesPanel caseId={item.caseId} onClose={() => setSimilarOpen(false)} />
          </div>
        )}
        {decisionOpen && me.recordDecision && (
          // Outside the area whose pointer and keys detach a follower: recording does not leave the presenter's view.
          <div data-own-keys className="flex min-h-0">
            <MeetingDecisionPanel
              meetingId={meetingId}
              caseId={item.caseId}
              caseLabels={caseLabels}
              canSign={me.signDecision}
              onClose={() => void toggleDecision()}
              handle={decisionForm}
            />
          </div>
        )}
      </div>
      <ShortcutsDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} showDecision={me.recordDecision} />
    </div>
  );
}
