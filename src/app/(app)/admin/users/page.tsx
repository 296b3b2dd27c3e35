import type { Metadata } from "next";
import Link from "next/link";
import { NewUserForm } from "@/components/admin/new-user-form";
import { Badge } from "@/components/badge";
import { formatDateTime } from "@/components/format";
import { Refused } from "@/components/refused";
import { ROLE_LABELS, SPECIALTY_LABELS } from "@/domain/roles";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const raw = (await searchParams).q;
  const search = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 200) ?? "";
  const api = await getApi();
  const result = await load(() => api.userAdmin.list({ search: search || undefined }));
  if (isRefusal(result)) return <Refused message={result.message} />;
  const { users, boards, emailConfigured } = result;
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Users</h1>
      <section className="card space-y-3 overflow-x-auto">
        <form method="get" role="search" className="flex flex-wrap items-end gap-2">
          <div>
            <label className="label" htmlFor="user-search">Search by name or e-mail</label>
            <input id="user-search" name="q" className="field" defaultValue={search} maxLength={200} />
          </div>
          <button type="submit" className="btn">Search</button>
          {search && <Link className="link text-sm" href="/admin/users">Show all</Link>}
        </form>
        {users.length === 0 ? (
          <p className="text-sm">No user matches “{search}”.</p>
        ) : (
          <table className="data-table" aria-label="Users">
            <thead>
              <tr><th scope="col">Name</th><th scope="col">E-mail</th><th scope="col">Role</th><th scope="col">Specialty</th><th scope="col">Boards</th><th scope="col">Status</th><th scope="col">Last sign-in</th></tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td><Link className="link" href={`/admin/users/${u.id}`}>{u.name}</Link></td>
                  <td>{u.email}</td>
                  <td>{ROLE_LABELS[u.role]}</td>
                  <td>{u.specialty ? SPECIALTY_LABELS[u.specialty] : "—"}</td>
                  <td>{u.boards.map((b) => b.name).join(", ") || "—"}</td>
                  <td>
                    {u.active ? <Badge tone="good">Active</Badge> : <Badge tone="bad">Inactive</Badge>}{" "}
                    {u.active && !u.hasPassword && <Badge tone="warn">No password yet</Badge>}
                  </td>
                  <td>{u.lastSignInAt ? formatDateTime(u.lastSignInAt) : "Never"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card space-y-2" aria-labelledby="new-user-heading">
        <h2 id="new-user-heading" className="text-base font-semibold">New user</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          The user gets no password: after creating them, {emailConfigured ? "e-mail them" : "hand them"} a set-password link (or they sign in by single sign-on).
        </p>
        <NewUserForm boards={boards} />
      </section>
    </div>
  );
}
