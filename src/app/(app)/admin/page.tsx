import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/badge";
import { Refused } from "@/components/refused";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Administration" };

/** The administrator's start page: people and boards at a glance, and the way to the audit log and settings. */
export default async function AdminHomePage() {
  const api = await getApi();
  const overview = await load(() => api.userAdmin.overview());
  if (isRefusal(overview)) return <Refused message={overview.message} />;
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Administration</h1>
      <div className="grid gap-4 md:grid-cols-3">
        <section className="card space-y-2" aria-labelledby="people-heading">
          <h2 id="people-heading" className="text-base font-semibold">People</h2>
          <dl className="grid grid-cols-[1fr_auto] gap-x-4 text-sm">
            <dt>Active users</dt><dd>{overview.activeUsers}</dd>
            <dt>Inactive users</dt><dd>{overview.inactiveUsers}</dd>
            <dt>Active administrators</dt><dd>{overview.activeAdmins}</dd>
            <dt>Active without a password yet</dt><dd>{overview.withoutPassword}</dd>
          </dl>
          <Link className="btn-primary inline-flex" href="/admin/users">Add or change a user</Link>
        </section>
        <section className="card space-y-2" aria-labelledby="audit-heading">
          <h2 id="audit-heading" className="text-base font-semibold">Audit</h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">Every read and change of patient data, every sign-in and every change to a user.</p>
          <Link className="link" href="/admin/audit">Search audit events</Link>
        </section>
        <section className="card space-y-2" aria-labelledby="settings-heading">
          <h2 id="settings-heading" className="text-base font-semibold">Settings and integrations</h2>
          <p className="text-sm">
            E-mail:{" "}
            {overview.emailConfigured ? <Badge tone="good">configured</Badge> : <Badge tone="warn">not configured</Badge>}
          </p>
          {!overview.emailConfigured && (
            <p className="text-xs text-slate-600 dark:text-slate-400">Without SMTP_URL, set-password links are shown to you to hand over, and letters are not mailed.</p>
          )}
          <Link className="link" href="/admin/settings">Letterhead</Link>
        </section>
      </div>
      <section className="card overflow-x-auto" aria-labelledby="boards-heading">
        <h2 id="boards-heading" className="mb-2 text-base font-semibold">Boards</h2>
        {overview.boards.length === 0 ? (
          <p className="text-sm">No boards yet.</p>
        ) : (
          <table className="data-table" aria-label="Boards overview">
            <thead>
              <tr><th scope="col">Board</th><th scope="col">Tumour site</th><th scope="col">Active members</th></tr>
            </thead>
            <tbody>
              {overview.boards.map((b) => (
                <tr key={b.id}>
                  <td>{b.name}</td>
                  <td>{b.tumourSite}</td>
                  <td>{b.activeMembers}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
