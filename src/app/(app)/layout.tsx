import Link from "next/link";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { sessionPolicyFromEnv } from "@/domain/auth/session-lifetime";
import { ROLE_LABELS, SPECIALTY_LABELS } from "@/domain/roles";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { IdleSignOut } from "@/components/session/idle-sign-out";
import { ThemeToggle } from "@/components/theme-toggle";
import { createContext } from "@/server/api/context";
import { TRPCReactProvider } from "@/trpc/react";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { user } = await createContext();
  const cookieJar = await cookies();
  // A session cookie that no longer opens a session: it was revoked, left idle, outlived, or its user deactivated.
  if (!user) redirect(cookieJar.getAll().some((c) => c.name.includes("authjs.session-token")) ? "/login?ended=session" : "/login");
  const theme = cookieJar.get("theme")?.value === "dark" ? "dark" : "light";
  const clinical = user.role !== "ADMIN";

  return (
    <TRPCReactProvider>
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-2">
          <Link href="/" className="text-base font-semibold tracking-tight">
            Concilium
          </Link>
          <nav aria-label="Main" className="flex gap-3 text-sm">
            {clinical && (
              <>
                <Link className="link" href="/meetings">Meetings</Link>
                <Link className="link" href="/referrals">Referrals</Link>
                <Link className="link" href="/patients">Patients</Link>
                <Link className="link" href="/boards">Boards</Link>
                <Link className="link" href="/outcomes">Outcomes</Link>
                <Link className="link" href="/tasks">Tasks</Link>
                <Link className="link" href="/imaging/import">Import images</Link>
                <Link className="link" href="/imaging/quarantine">Quarantine</Link>
              </>
            )}
            {user.role === "ADMIN" && (
              <>
                <Link className="link" href="/admin">Home</Link>
                <Link className="link" href="/admin/users">Users</Link>
                <Link className="link" href="/admin/audit">Audit log</Link>
                <Link className="link" href="/admin/relationships">Relationships</Link>
                <Link className="link" href="/admin/settings">Settings</Link>
              </>
            )}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span aria-label="Signed in as">
              {user.name} · {ROLE_LABELS[user.role]}
              {user.specialty ? ` (${SPECIALTY_LABELS[user.specialty]})` : ""}
            </span>
            <NotificationBell />
            <ThemeToggle initial={theme} />
            <form method="post" action="/api/auth/sign-out">
              <button className="btn" type="submit">Sign out</button>
            </form>
            <IdleSignOut idleMinutes={sessionPolicyFromEnv(process.env).idleMs / 60_000} />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-4">{children}</main>
    </TRPCReactProvider>
  );
}
