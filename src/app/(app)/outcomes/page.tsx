import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/badge";
import { enumLabel, formatCalendarDate, formatDate, patientName } from "@/components/format";
import { Refused } from "@/components/refused";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Outcomes" };

export default async function OutcomesPage() {
  const api = await getApi();
  const rows = await load(() => api.outcome.list());
  if (isRefusal(rows)) return <Refused message={rows.message} />;
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Outcomes</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Every decided case of your boards with its staging, the board&apos;s recommendation and what followed.
      </p>
      <section className="card overflow-x-auto">
        <table className="data-table" aria-label="Decisions and outcomes">
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Board</th>
              <th scope="col">Decided</th>
              <th scope="col">Staging</th>
              <th scope="col">Intent</th>
              <th scope="col">Recommendation</th>
              <th scope="col">Outcomes</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.caseId}>
                <td>
                  <Link className="link" href={`/cases/${r.caseId}`}>{patientName(r.patient)}</Link>
                  <div className="text-xs text-slate-500">{r.patient.mrn}</div>
                </td>
                <td>{r.boardName}</td>
                <td>
                  {formatDate(r.decision.decidedAt)}
                  <div><Badge tone={r.decision.status === "SIGNED" ? "good" : "warn"}>{r.decision.status === "SIGNED" ? "Signed" : "Draft"} v{r.decision.version}</Badge></div>
                </td>
                <td>{r.decision.staging || "—"}</td>
                <td>{enumLabel(r.decision.intent)}</td>
                <td className="max-w-md">{r.decision.recommendation}</td>
                <td>
                  {r.outcomes.length === 0 ? (
                    <span className="text-slate-500">None yet</span>
                  ) : (
                    <ul>
                      {r.outcomes.map((o) => (
                        <li key={o.id} className="whitespace-nowrap">{formatCalendarDate(o.occurredOn)} {enumLabel(o.kind)}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="text-sm text-slate-500">No decisions recorded yet.</p>}
      </section>
    </div>
  );
}
