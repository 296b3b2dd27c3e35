import type { Metadata } from "next";
import { Badge } from "@/components/badge";
import { Refused } from "@/components/refused";
import { ROLE_LABELS, SPECIALTY_LABELS } from "@/domain/roles";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const api = await getApi();
  const users = await load(() => api.admin.users());
  if (isRefusal(users)) return <Refused message={users.message} />;
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Users</h1>
      <section className="card overflow-x-auto">
        <table className="data-table" aria-label="Users">
          <thead>
            <tr><th scope="col">Name</th><th scope="col">E-mail</th><th scope="col">Role</th><th scope="col">Specialty</th><th scope="col">Boards</th><th scope="col">Status</th></tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>{ROLE_LABELS[u.role]}</td>
                <td>{u.specialty ? SPECIALTY_LABELS[u.specialty] : "—"}</td>
                <td>{u.boards.join(", ") || "—"}</td>
                <td>{u.active ? <Badge tone="good">Active</Badge> : <Badge tone="bad">Inactive</Badge>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
