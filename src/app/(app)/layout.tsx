import Link from "next/link";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { sessionPolicyFromEnv } from "@/domain/auth/session-lifetime";
import { can, type Action } from "@/domain/permissions";
import { ROLE_LABELS, SPECIALTY_LABELS } from "@/domain/roles";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { IdleSignOut } from "@/components/session/idle-sign-out";
import { ThemeToggle } from "@/components/theme-toggle";
import { createContext } from "@/server/api/context";
import { TRPCReactProvider } from "@/trpc/react";

/** The main menu: each entry shows for those the guard lets do its action (domain/permissions.ts). */
const MENU: { href: string; label: string; action: Action }[] = [
  { href: "/meetings", label: "Meetings", action: "seePatients" },
  { href: "/referrals", label: "Referrals", action: "seePatients" },
  { href: "/patients", label: "Patients", action: "seePatients" },
  { href: "/boards", label: "Boards", action: "seePatients" },
  { href: "/outcomes", label: "Outcomes", action: "seePatients" },
  { href: "/cohorts", label: "Cohorts", action: "seeDataset" },
  { href: "/indicators", label: "Quality", action: "seeDataset" },
  { href: "/dataset", label: "Dataset", action: "seeDataset" },
  { href: "/tasks", label: "Tasks", action: "seePatients" },
  { href: "/imaging/import", label: "Import images", action: "importImages" },
  { href: "/import", label: "Import history", action: "importHistory" },
  { href: "/imaging/quarantine", label: "Quarantine", action: "seePatients" },
  { href: "/admin", label: "Home", action: "administer" },
  { href: "/admin/users", label: "Users", action: "administer" },
  { href: "/admin/audit", label: "Audit log", action: "administer" },
  { href: "/admin/relationships", label: "Relationships", action: "administer" },
  { href: "/admin/dicomweb-peers", label: "DICOMweb peers", action: "administer" },
  { href: "/admin/settings", label: "Settings", action: "administer" },
];

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { user } = await createContext();
  const cookieJar = await cookies();
  // A session cookie that no longer opens a session: it was revoked, left idle, outlived, or its user deactivated.
  if (!user) redirect(cookieJar.getAll().some((c) => c.name.includes("authjs.session-token")) ? "/login?ended=session" : "/login");
  const theme = cookieJar.get("theme")?.value === "dark" ? "dark" : "light";

  return (
    <TRPCReactProvider>
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-2">
          {/* No prefetch of the menu: a dozen server renders on every page load competed with the page's own work
              (the CT viewer's first image on a 2-core reading-room PC); the pages are dynamic and load on click. */}
          <Link href="/" prefetch={false} className="text-base font-semibold tracking-tight">
            Concilium
          </Link>
          <nav aria-label="Main" className="flex gap-3 text-sm">
            {MENU.filter((item) => can(user, item.action, null)).map((item) => (
              <Link key={item.href} className="link" href={item.href} prefetch={false}>{item.label}</Link>
            ))}
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
