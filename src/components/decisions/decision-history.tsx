"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import type { DecisionWorkspace } from "@/server/api/routers/decision";
import { stagingLine } from "@/domain/decisions/content";
import { SPECIALTY_LABELS } from "@/domain/roles";
import { useTRPC } from "@/trpc/react";
import { formatDate, formatDateTime as formatInstant } from "@/domain/dates/format-date";
import { Badge } from "../badge";

/**
 * Every version of a case's decision, newest first: who recorded and signed it, when, and what changed from the one
 * before. It reads the decision workspace query, which every save, signature and correction invalidates, so it is
 * current without a reload. Times are shown in the hospital's time zone (`timeZone`, from the server), so the
 * server's and the browser's rendering agree.
 */
export function DecisionHistory({ caseId, initial, timeZone }: { caseId: string; initial: DecisionWorkspace; timeZone: string }) {
  const trpc = useTRPC();
  const workspace = useQuery(trpc.decision.workspace.queryOptions({ caseId }, { initialData: initial, staleTime: Infinity }));
  const versions = workspace.data.versions;
  const formatDateTime = useCallback((d: Date) => formatInstant(d, { timeZone }), [timeZone]);
  const formatDay = useCallback((d: Date) => formatDate(d, { timeZone }), [timeZone]);
  if (versions.length === 0) return null;
  return (
    <section aria-labelledby="decision-history-heading" className="space-y-2">
      <h3 id="decision-history-heading" className="text-sm font-semibold">History</h3>
      <ol className="space-y-2" aria-label="Decision versions">
        {versions.map((v) => (
          <li key={v.id} className="rounded border border-slate-200 p-2 text-sm dark:border-slate-800">
            <div className="flex flex-wrap items-baseline gap-2">
              <strong>Version {v.version}</strong>
              <Badge tone={v.status === "SIGNED" ? "good" : "warn"}>{v.status === "SIGNED" ? "Signed" : "Draft"}</Badge>
              {v.quorate === false && (
                <Badge tone="warn">Without quorum: {v.quorumMissing.map((s) => SPECIALTY_LABELS[s]).join(", ")} absent</Badge>
              )}
              <span>{stagingLine(v.content)}</span>
              <span className="text-xs text-slate-600 dark:text-slate-400">
                {/* A draft prepared before its meeting has not been discussed yet. */}
                {v.meetingId && v.status === "SIGNED" && `Discussed ${formatDay(v.discussedOn)} · `}
                Recorded by {v.recordedBy}, last saved {formatDateTime(v.updatedAt)}
                {v.signedBy && v.signedAt && ` · Signed by ${v.signedBy}, ${formatDateTime(v.signedAt)}`}
              </span>
            </div>
            {v.correctionReason && <p className="text-xs">Correction: {v.correctionReason}</p>}
            {v.quorate === false && v.quorumOverrideReason && <p className="text-xs">Signed without quorum because: {v.quorumOverrideReason}</p>}
            <p className="max-w-4xl">{v.content.recommendation || <span className="text-slate-500">No recommendation yet.</span>}</p>
            {v.changes.length > 0 && (
              <details className="mt-1">
                <summary className="cursor-pointer text-xs">
                  {v.version === 1 ? "What was recorded" : `What changed from version ${v.version - 1}`} ({v.changes.length} {v.changes.length === 1 ? "field" : "fields"})
                </summary>
                <table className="data-table mt-1" aria-label={`Changes in version ${v.version}`}>
                  <thead>
                    <tr>
                      <th scope="col">Field</th>
                      <th scope="col">Before</th>
                      <th scope="col">After</th>
                    </tr>
                  </thead>
                  <tbody>
                    {v.changes.map((c) => (
                      <tr key={c.field}>
                        <td>{c.label}</td>
                        <td className="text-slate-500">{c.before}</td>
                        <td>{c.after}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
