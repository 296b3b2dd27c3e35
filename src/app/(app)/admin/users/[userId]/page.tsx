import type { Metadata } from "next";
import Link from "next/link";
import { UserEditor } from "@/components/admin/user-editor";
import { Badge } from "@/components/badge";
import { formatDateTime } from "@/components/format";
import { Refused } from "@/components/refused";
import { getApi, isRefusal, load } from "@/trpc/server";
import { createContext } from "@/server/api/context";

export const metadata: Metadata = { title: "User" };

export default async function UserPage({ params, searchParams }: { params: Promise<{ userId: string }>; searchParams: Promise<{ created?: string }> }) {
  const [{ userId }, { created }] = await Promise.all([params, searchParams]);
  const api = await getApi();
  const result = await load(() => api.userAdmin.get({ userId }));
  if (isRefusal(result)) return <Refused message={result.message} />;
  const { user, boards, emailConfigured } = result;
  const { user: me } = await createContext();
  return (
    <div className="space-y-4">
      <p className="text-sm"><Link className="link" href="/admin/users">← All users</Link></p>
      <div>
        <h1 className="text-xl font-semibold">{user.name}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {user.email} · {user.active ? <Badge tone="good">Active</Badge> : <Badge tone="bad">Inactive</Badge>} ·{" "}
          {user.hasPassword ? "has a password" : "no password yet"} · last sign-in {user.lastSignInAt ? formatDateTime(user.lastSignInAt) : "never"} ·{" "}
          {user.openSessions === 1 ? "1 open session" : `${user.openSessions} open sessions`}
        </p>
      </div>
      {created && (
        <p role="status" className="rounded bg-emerald-50 px-2 py-1 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
          User created. {emailConfigured ? "E-mail them" : "Create"} a set-password link so they can sign in.
        </p>
      )}
      {/* The editor keeps the revision its own changes produced; the page around it refreshes after each. */}
      <UserEditor user={user} boards={boards} emailConfigured={emailConfigured} isSelf={me?.id === user.id} />
    </div>
  );
}
