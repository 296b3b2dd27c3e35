"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/badge";
import { enumLabel, patientName } from "@/components/format";
import { patientIdentifiers } from "@/components/patient-identifiers";
import { ReadinessBadge } from "@/components/readiness/readiness-badge";
import { useTRPC } from "@/trpc/react";
import { errorText } from "./error-text";

/** The board's waiting list beside the agenda: one click puts a case at the end of this meeting's agenda. */
export function WaitingListPanel({ meetingId }: { meetingId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const waiting = useQuery(trpc.meeting.waitingList.queryOptions({ meetingId }));
  const add = useMutation(trpc.meeting.addCase.mutationOptions());
  const [message, setMessage] = useState<{ alert: boolean; text: string } | null>(null);

  async function addCase(caseId: string, name: string) {
    const agenda = queryClient.getQueryData(trpc.meeting.agenda.queryKey({ meetingId }));
    try {
      const result = await add.mutateAsync({ meetingId, caseId, expectedRevision: agenda?.revision ?? 0 });
      setMessage({ alert: !!result.warning, text: `${name} added to the agenda.${result.warning ? ` ${result.warning}` : ""}` });
    } catch (error) {
      setMessage({ alert: true, text: errorText(error) });
    }
    await Promise.all([queryClient.invalidateQueries({ queryKey: trpc.meeting.agenda.queryKey({ meetingId }) }), queryClient.invalidateQueries({ queryKey: trpc.meeting.waitingList.queryKey({ meetingId }) })]);
  }

  return (
    <section className="card space-y-2" aria-labelledby="waiting-heading">
      <h2 id="waiting-heading" className="text-base font-semibold">Waiting list</h2>
      {message && <p role={message.alert ? "alert" : "status"} className="text-sm">{message.text}</p>}
      {waiting.isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {waiting.data?.length === 0 && <p className="text-sm text-slate-500">No referred cases are waiting.</p>}
      {waiting.data && waiting.data.length > 0 && (
        <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800" aria-label="Waiting cases">
          {waiting.data.map((c) => {
            const name = patientName(c.patient);
            return (
              <li key={c.caseId} className="flex flex-wrap items-start justify-between gap-2 py-1.5">
                <div>
                  <Link className="link font-medium" href={`/cases/${c.caseId}`}>{name}</Link> {c.urgency === "URGENT" && <Badge tone="warn">Urgent</Badge>} <ReadinessBadge status={c.readiness} />
                  <div className="text-xs text-slate-600 dark:text-slate-300">{patientIdentifiers(c.patient)}</div>
                  <div className="text-xs text-slate-500">
                    {enumLabel(c.questionType)}: {c.clinicalQuestion}
                  </div>
                  {c.waitingReason && <div className="text-xs text-amber-800 dark:text-amber-300">{c.waitingReason}</div>}
                </div>
                <button type="button" className="btn" disabled={add.isPending} onClick={() => void addCase(c.caseId, name)} aria-label={`Add ${name} to the agenda`}>
                  Add
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
