import type { Metadata } from "next";
import Link from "next/link";
import { formatDateTime } from "@/components/format";
import { Refused } from "@/components/refused";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ patient?: string; action?: string; before?: string }> }) {
  const { patient, action, before } = await searchParams;
  const api = await getApi();
  const events = await load(() => api.admin.auditLog({ patientId: patient || undefined, action: action || undefined, before: before || undefined, limit: 100 }));
  if (isRefusal(events)) return <Refused message={events.message} />;
  const last = events.at(-1);
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Audit log</h1>
      <form className="flex flex-wrap items-end gap-2" aria-label="Filter audit log">
        <div>
          <label className="label" htmlFor="patient">Patient ID</label>
          <input id="patient" name="patient" className="field" defaultValue={patient} />
        </div>
        <div>
          <label className="label" htmlFor="action">Action starts with</label>
          <input id="action" name="action" className="field" defaultValue={action} placeholder="case.read" />
        </div>
        <button className="btn" type="submit">Filter</button>
      </form>
      <section className="card overflow-x-auto">
        <table className="data-table" aria-label="Audit events">
          <thead>
            <tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">What</th><th scope="col">Patient</th></tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td className="whitespace-nowrap">{formatDateTime(e.at)}</td>
                <td>{e.actorEmail}</td>
                <td><code>{e.action}</code></td>
                <td className="text-xs">{e.entityType} {e.entityId}</td>
                <td className="text-xs">{e.patientId ? <Link className="link" href={`/admin/audit?patient=${e.patientId}`}>{e.patientId}</Link> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {events.length === 100 && last && (
          <p className="mt-2 text-sm">
            <Link className="link" href={`/admin/audit?${new URLSearchParams({ ...(patient ? { patient } : {}), ...(action ? { action } : {}), before: last.id })}`}>Older events</Link>
          </p>
        )}
      </section>
    </div>
  );
}
