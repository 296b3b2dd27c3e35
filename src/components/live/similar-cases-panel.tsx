"use client";

import { useQuery } from "@tanstack/react-query";
import { SimilarCasesList } from "@/components/case/similar-cases-list";
import { useTRPC } from "@/trpc/react";

/** Presentation mode's side panel (key H): the board's most similar past decisions for the case on screen. */
export function SimilarCasesPanel({ caseId, onClose }: { caseId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const similar = useQuery(trpc.similarCases.forCase.queryOptions({ caseId }));
  return (
    <aside aria-labelledby="similar-panel-heading" className="w-96 max-w-[40vw] overflow-y-auto border-l border-slate-700 bg-slate-900 p-3 text-slate-100">
      <div className="mb-2 flex items-baseline justify-between">
        <h2 id="similar-panel-heading" className="text-base font-semibold">Similar past cases</h2>
        <button type="button" className="btn" onClick={onClose} aria-keyshortcuts="H">Close</button>
      </div>
      {similar.isPending ? (
        <p role="status" className="text-sm">Loading similar cases…</p>
      ) : similar.isError ? (
        <p role="alert" className="text-sm">{similar.error.message}</p>
      ) : (
        // Links would leave the meeting: in presentation mode the list only names.
        <SimilarCasesList cases={similar.data.cases} compared={similar.data.compared} linkCases={false} />
      )}
    </aside>
  );
}
