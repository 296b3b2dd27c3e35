"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type RefObject } from "react";
import { formatDate, formatDateTime } from "@/components/format";
import { useTRPC } from "@/trpc/react";
import type { DecisionFormHandle } from "./decision-form";
import { DecisionRecorder } from "./decision-panel";

export interface MeetingDecisionPanelProps {
  meetingId: string;
  /** The case on screen; the panel moves to it once what was typed for the previous case is saved. */
  caseId: string;
  /** How the case on screen is named, e.g. "OKAFOR, Grace". */
  caseLabels: Record<string, string>;
  canSign: boolean;
  onClose: () => void;
  /** Lets the presentation save what is typed before the panel closes. */
  handle: RefObject<DecisionFormHandle | null>;
}

/**
 * The decision form beside the presentation, for the case on screen: the same form as on the case page (autosave,
 * conflict banner, signing), recorded for this meeting. When the presenter moves on, what is typed is saved first;
 * if it cannot be (a field to correct, a conflict), the panel stays on its case and says so.
 */
export function MeetingDecisionPanel({ meetingId, caseId, caseLabels, canSign, onClose, handle }: MeetingDecisionPanelProps) {
  const [shownCaseId, setShownCaseId] = useState(caseId);
  const [heldBack, setHeldBack] = useState(false);
  const trpc = useTRPC();
  const queryClient = useQueryClient();

  // Leaving a case (moving on, closing): the presentation's summary reads its latest decision again. Not on every
  // autosave: each read of the case is an audited read.
  useEffect(
    () => () => void queryClient.invalidateQueries({ queryKey: trpc.case.get.queryKey({ caseId: shownCaseId }) }),
    [shownCaseId, queryClient, trpc],
  );

  // The case on screen changed: flush, then follow it (or stay, and say why, when the save did not go through).
  useEffect(() => {
    if (caseId === shownCaseId) return;
    let current = true;
    void (handle.current?.flush() ?? Promise.resolve(true)).then((saved) => {
      if (!current) return;
      setHeldBack(!saved);
      if (saved) setShownCaseId(caseId);
    });
    return () => {
      current = false;
    };
  }, [caseId, shownCaseId, handle]);

  const follow = async () => {
    if (await (handle.current?.flush() ?? Promise.resolve(true))) {
      setHeldBack(false);
      setShownCaseId(caseId);
    }
  };

  return (
    <aside aria-labelledby="decision-panel-heading" className="flex w-[34rem] shrink-0 flex-col overflow-y-auto border-l border-slate-800 bg-slate-900 p-3 xl:w-[40rem]">
      <div className="mb-2 flex items-baseline gap-2">
        <h2 id="decision-panel-heading" className="text-base font-semibold">
          Decision: {caseLabels[shownCaseId] ?? "this case"}
        </h2>
        <button type="button" className="btn ml-auto" onClick={onClose} aria-keyshortcuts="D">Close</button>
      </div>
      {heldBack && caseId !== shownCaseId && (
        <div role="alert" className="mb-2 rounded border border-amber-700 bg-amber-950 p-2 text-sm">
          <p>
            The presenter moved on to {caseLabels[caseId] ?? "another case"}. This decision is not saved yet: correct it
            below, then follow.
          </p>
          <button type="button" className="btn mt-1" onClick={() => void follow()}>Save and go to the case on screen</button>
        </div>
      )}
      <CaseDecision key={shownCaseId} caseId={shownCaseId} meetingId={meetingId} canSign={canSign} handle={handle} />
    </aside>
  );
}

/** One case's decision: read fresh (never from a cache another screen filled), then the one decision form. */
function CaseDecision({ caseId, meetingId, canSign, handle }: { caseId: string; meetingId: string; canSign: boolean; handle: RefObject<DecisionFormHandle | null> }) {
  const trpc = useTRPC();
  const workspace = useQuery(trpc.decision.workspace.queryOptions({ caseId }, { staleTime: 0, refetchOnWindowFocus: false }));
  if (workspace.error) return <p role="alert" className="text-sm text-rose-300">{workspace.error.message}</p>;
  // The form starts from what the server holds now: a cached revision would turn the first save into a conflict.
  if (!workspace.isFetchedAfterMount || !workspace.data) return <p role="status" className="text-sm text-slate-400">Loading the decision…</p>;
  const ws = workspace.data;
  const latest = ws.versions[0];
  return (
    <div className="space-y-3">
      <DecisionRecorder
        caseId={caseId}
        meetingId={meetingId}
        workspace={ws}
        canRecord
        canSign={canSign}
        prefilledLabel={ws.prefill ? `from ${formatDate(ws.prefill.decidedAt)} decision, check` : null}
        signedLabel={latest?.signedBy && latest.signedAt ? `signed by ${latest.signedBy}, ${formatDateTime(latest.signedAt)}` : null}
        formHandle={handle}
      />
    </div>
  );
}
