"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { Badge } from "@/components/badge";
import { errorText } from "@/components/meetings/error-text";
import { SPECIALTY_LABELS } from "@/domain/roles";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";
import { ReadinessBadge, STATE_TEXT, STATE_TONE } from "./readiness-badge";

/**
 * A case's readiness against its board's rules: each item current, stale or missing, who must act, and (for the
 * chair and coordinator) a one-click request to the responsible specialty or a named member of it.
 * Mount on the case page: <CaseReadiness caseId={kase.id} canRequest={role is CHAIR or COORDINATOR} initial={from the server} />.
 */
export function CaseReadiness({ caseId, canRequest, initial }: { caseId: string; canRequest: boolean; initial?: inferRouterOutputs<AppRouter>["readiness"]["forCase"] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const readiness = useQuery(trpc.readiness.forCase.queryOptions({ caseId }, { initialData: initial }));
  const request = useMutation(trpc.readiness.request.mutationOptions());
  const [owners, setOwners] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ alert: boolean; text: string } | null>(null);

  async function ask(key: string, label: string) {
    setMessage(null);
    try {
      const r = await request.mutateAsync({ caseId, readinessKey: key, ownerId: owners[key] || null });
      setMessage({ alert: false, text: r.alreadyRequested ? `${label} was already requested.` : `${label} requested; ${r.notified} ${r.notified === 1 ? "person" : "people"} notified.` });
    } catch (error) {
      setMessage({ alert: true, text: errorText(error) });
    }
    await queryClient.invalidateQueries({ queryKey: trpc.readiness.forCase.queryKey({ caseId }) });
  }

  const data = readiness.data;
  return (
    <section className="card space-y-2" aria-labelledby="readiness-heading">
      <div className="flex items-center gap-2">
        <h2 id="readiness-heading" className="text-base font-semibold">Readiness</h2>
        {data && <ReadinessBadge status={data.status} missing={data.missing} stale={data.stale} />}
      </div>
      {readiness.isError && <p role="alert" className="text-sm">{errorText(readiness.error)}</p>}
      {data && data.items.length === 0 && <p className="text-sm text-slate-500">This board has no readiness rules yet.</p>}
      {message && <p role={message.alert ? "alert" : "status"} className="text-sm">{message.text}</p>}
      {data && data.items.length > 0 && (
        <table className="data-table" aria-label="Readiness items">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">State</th>
              <th scope="col">Detail</th>
              <th scope="col">Who acts</th>
              {canRequest && <th scope="col"><span className="sr-only">Request</span></th>}
            </tr>
          </thead>
          <tbody>
            {data.items.map((item) => (
              <tr key={item.key}>
                <td>{item.label}</td>
                <td><Badge tone={STATE_TONE[item.state]}>{STATE_TEXT[item.state]}</Badge></td>
                <td className="text-xs">{item.detail}</td>
                <td className="text-xs">
                  {SPECIALTY_LABELS[item.responsibleSpecialty]}
                  {item.request && <div><Badge tone="info">Requested from {item.request.ownerLabel}</Badge></div>}
                </td>
                {canRequest && (
                  <td className="whitespace-nowrap">
                    {item.state !== "CURRENT" && !item.request && (
                      <div className="flex items-center gap-1">
                        {item.candidates.length > 0 && (
                          <select className="field w-40" aria-label={`Ask whom for ${item.label}`} value={owners[item.key] ?? ""} onChange={(e) => setOwners((o) => ({ ...o, [item.key]: e.target.value }))}>
                            <option value="">All of {SPECIALTY_LABELS[item.responsibleSpecialty].toLowerCase()}</option>
                            {item.candidates.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
                          </select>
                        )}
                        <button type="button" className="btn" disabled={request.isPending} onClick={() => void ask(item.key, item.label)} aria-label={`Request ${item.label}`}>
                          Request
                        </button>
                      </div>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
