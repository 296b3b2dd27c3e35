import type { Metadata } from "next";
import Link from "next/link";
import { AuditExportButton } from "@/components/admin/audit-export-button";
import { Refused } from "@/components/refused";
import { AUDIT_GROUND_LABELS } from "@/domain/audit/grounds";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Audit log" };

const PAGE_SIZE = 50;
type Filter = Partial<Record<"patient" | "user" | "action" | "from" | "to", string>>;

// To the second: a reviewer lines events up with each other and with other systems' logs.
const atFmt = new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });
const isDate = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

function hrefWith(filter: Filter, extra: Record<string, string> = {}) {
  const params = new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v)), ...extra });
  return `/admin/audit?${params}`;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Filter & { before?: string }> }) {
  const params = await searchParams;
  const filter: Filter = {
    patient: params.patient?.trim() || undefined,
    user: params.user?.trim() || undefined,
    action: params.action?.trim() || undefined,
    from: isDate(params.from),
    to: isDate(params.to),
  };
  const api = await getApi();
  const before = params.before && /^\d+$/.test(params.before) ? params.before : undefined;
  const result = await load(() => api.admin.auditLog({ ...filter, before, limit: PAGE_SIZE }));
  if (isRefusal(result)) return <Refused message={result.message} />;
  const { events, nextBefore } = result;
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Audit log</h1>
      <form className="flex flex-wrap items-end gap-2" aria-label="Search the audit log">
        <div>
          <label className="label" htmlFor="patient">Patient (MRN or name)</label>
          <input id="patient" name="patient" className="field" defaultValue={filter.patient} />
        </div>
        <div>
          <label className="label" htmlFor="user">User (e-mail)</label>
          <input id="user" name="user" className="field" defaultValue={filter.user} />
        </div>
        <div>
          <label className="label" htmlFor="action">Action</label>
          <input id="action" name="action" className="field" defaultValue={filter.action} placeholder="case.read, denied" />
        </div>
        <div>
          <label className="label" htmlFor="from">From</label>
          <input id="from" name="from" type="date" className="field" defaultValue={filter.from} />
        </div>
        <div>
          <label className="label" htmlFor="to">To</label>
          <input id="to" name="to" type="date" className="field" defaultValue={filter.to} />
        </div>
        <button className="btn btn-primary" type="submit">Search</button>
        <Link className="link text-sm" href="/admin/audit">Clear</Link>
      </form>
      <AuditExportButton filter={filter} />
      <section className="card overflow-x-auto">
        {events.length === 0 ? (
          <p className="text-sm">No audit events match this search.</p>
        ) : (
          <table className="data-table" aria-label="Audit events">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">What</th>
                <th scope="col">Patient</th>
                <th scope="col">Ground</th>
                <th scope="col">Reason</th>
                <th scope="col">Source</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td className="whitespace-nowrap">{atFmt.format(e.at)}</td>
                  <td>{e.actorEmail}</td>
                  <td><code>{e.action}</code></td>
                  <td className="text-xs">{e.entityType} {e.entityId}</td>
                  <td className="text-xs">
                    {e.patient ? (
                      <Link className="link" href={hrefWith({ patient: e.patient.mrn })}>{e.patient.mrn} {e.patient.name}</Link>
                    ) : (e.patientId ?? "—")}
                  </td>
                  <td className="text-xs">{e.ground ? AUDIT_GROUND_LABELS[e.ground] : "—"}</td>
                  <td className="text-xs">{e.reason ?? "—"}</td>
                  <td className="text-xs" title={e.userAgent ?? undefined}>
                    {e.sourceIp ?? "—"}
                    {e.userAgent && <span className="block max-w-48 truncate text-slate-500">{e.userAgent}</span>}
                  </td>
                  <td className="text-xs">
                    {e.detail ? (
                      <details>
                        <summary>Show</summary>
                        <pre className="max-w-72 whitespace-pre-wrap break-all">{e.detail}</pre>
                      </details>
                    ) : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="mt-2 flex gap-4 text-sm">
          {before && <Link className="link" href={hrefWith(filter)}>Newest events</Link>}
          {nextBefore && <Link className="link" href={hrefWith(filter, { before: nextBefore })}>Older events</Link>}
        </p>
      </section>
    </div>
  );
}
