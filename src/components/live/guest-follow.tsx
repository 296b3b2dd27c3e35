"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { DicomViewerLoader } from "@/components/viewers/dicom-viewer-loader";
import type { StudyChoice } from "@/components/viewers/viewer-types";
import type { LiveSnapshot, LiveView } from "./types";
import { useLiveStream } from "./use-live-stream";

/** How often the page asks whether the guest's access is still open (meeting finished, invitation revoked). */
const ACCESS_CHECK_MS = 15_000;

export interface GuestAgendaItem {
  id: string;
  position: number;
  label: string;
  question: string;
  href: string;
  /** The patient's studies: the one the presenter shows is shown here too. */
  studies: StudyChoice[];
}

/**
 * A meeting guest's agenda, following the presenter live: the case on screen is marked and named. The guest cannot
 * present or change anything. When access closes the page reloads, and the server shows the plain refusal.
 */
export function GuestFollow({ token, meetingId, initial, items, stillOpen }: { token: string; meetingId: string; initial: LiveSnapshot; items: GuestAgendaItem[]; stillOpen: (token: string) => Promise<boolean> }) {
  const router = useRouter();
  const { snapshot, status } = useLiveStream(meetingId, initial);
  const presentedItemId = snapshot.presenter ? snapshot.view?.agendaItemId : undefined;
  const presented = items.find((i) => i.id === presentedItemId);
  const view = snapshot.presenter ? (snapshot.view as LiveView | null) : null;
  const shownStudy = view?.viewer === "images" && view.studyUid ? presented?.studies.find((s) => s.studyInstanceUid === view.studyUid) : undefined;

  // The server ends a guest's stream when access closes; ask at once rather than at the next periodic check.
  useEffect(() => {
    if (status !== "reconnecting") return;
    void stillOpen(token).then((open) => {
      if (!open) router.refresh();
    }, () => undefined);
  }, [status, token, stillOpen, router]);

  // A new presenter, or none, is when the meeting starts or ends: re-read the page so its header says so.
  const presenterId = snapshot.presenter?.id ?? null;
  const lastPresenter = useRef(presenterId);
  useEffect(() => {
    if (lastPresenter.current === presenterId) return;
    lastPresenter.current = presenterId;
    router.refresh();
  }, [presenterId, router]);

  useEffect(() => {
    const timer = setInterval(() => {
      void stillOpen(token).then((open) => {
        if (!open) router.refresh();
      }, () => undefined);
    }, ACCESS_CHECK_MS);
    return () => clearInterval(timer);
  }, [token, stillOpen, router]);

  return (
    <>
      <section className="card space-y-1" aria-labelledby="live-heading">
        <div className="flex items-center justify-between gap-2">
          <h2 id="live-heading" className="text-base font-semibold">Live</h2>
          <span className="text-xs text-slate-500">{status === "live" ? "Connected" : status === "connecting" ? "Connecting…" : "Reconnecting…"}</span>
        </div>
        <p role="status" aria-label="Now presenting" className="text-sm">
          {!snapshot.presenter
            ? "Nobody is presenting yet."
            : presented
              ? <>{snapshot.presenter.name} is presenting case {presented.position + 1}: <Link className="link font-medium" href={presented.href}>{presented.label}</Link></>
              : `${snapshot.presenter.name} is presenting.`}
        </p>
        {shownStudy && view && (
          <div aria-label="Presented images">
            <DicomViewerLoader
              key={shownStudy.studyInstanceUid}
              studies={[shownStudy]}
              initialStudyUid={shownStudy.studyInstanceUid}
              {...(view.seriesUid ? { seriesUid: view.seriesUid } : {})}
              {...(view.imageIndex !== undefined ? { followImageIndex: view.imageIndex } : {})}
              {...(view.voi ? { followVoi: view.voi } : {})}
            />
          </div>
        )}
      </section>
      <section className="card space-y-2" aria-labelledby="agenda-heading">
        <h2 id="agenda-heading" className="text-base font-semibold">Agenda</h2>
        <ol className="space-y-2" aria-label="Cases">
          {items.map((item) => (
            <li key={item.id} aria-current={item.id === presentedItemId ? "true" : undefined} className={`rounded border p-2 text-sm ${item.id === presentedItemId ? "border-sky-500 bg-sky-50 dark:bg-sky-950" : "border-slate-200 dark:border-slate-800"}`}>
              <Link className="link font-medium" href={item.href}>{item.position + 1}. {item.label}</Link>
              <p className="text-slate-600 dark:text-slate-400">{item.question}</p>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
