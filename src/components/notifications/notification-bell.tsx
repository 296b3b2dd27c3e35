"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/trpc/react";
import { formatDayTime } from "@/domain/dates/format-date";


/** The bell in the header: unread count, the latest notifications, mark as read. Escape closes the list. */
export function NotificationBell() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.notification.list.queryOptions(undefined, { refetchInterval: 60_000, staleTime: 10_000 }));
  const markRead = useMutation(trpc.notification.markRead.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.notification.list.queryKey() }) }));
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const unread = list.data?.unread ?? 0;

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    const onClick = (e: MouseEvent) => root.current && !root.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  return (
    <div className="relative" ref={root}>
      <button type="button" className="btn relative" aria-expanded={open} aria-controls="notification-panel" aria-label={`Notifications, ${unread} unread`} onClick={() => setOpen((o) => !o)}>
        <svg aria-hidden viewBox="0 0 24 24" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {unread > 0 && <span className="rounded-full bg-rose-600 px-1.5 text-xs font-semibold text-white" aria-hidden>{unread}</span>}
      </button>
      {open && (
        <div id="notification-panel" className="absolute right-0 z-30 mt-1 w-96 rounded-md border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-700 dark:bg-slate-900">
          <div className="mb-1 flex items-center justify-between">
            <h2 className="text-sm font-semibold">Notifications</h2>
            <button type="button" className="link text-xs" disabled={unread === 0 || markRead.isPending} onClick={() => markRead.mutate({ ids: "all" })}>
              Mark all read
            </button>
          </div>
          {list.data?.items.length === 0 && <p className="text-sm text-slate-500">Nothing yet.</p>}
          <ul aria-label="Notifications" className="max-h-96 divide-y divide-slate-100 overflow-y-auto text-sm dark:divide-slate-800">
            {list.data?.items.map((n) => (
              <li key={n.id} className={`py-1.5 ${n.readAt ? "text-slate-500" : ""}`}>
                <div className="flex items-start justify-between gap-2">
                  <div>
                    {n.link ? (
                      <Link className={`link ${n.readAt ? "" : "font-medium"}`} href={n.link} onClick={() => { if (!n.readAt) markRead.mutate({ ids: [n.id] }); setOpen(false); }}>
                        {n.title}
                      </Link>
                    ) : (
                      <span className={n.readAt ? "" : "font-medium"}>{n.title}</span>
                    )}
                    {n.body && <div className="text-xs text-slate-500">{n.body}</div>}
                    <div className="text-xs text-slate-500">{formatDayTime(n.createdAt)}</div>
                  </div>
                  {!n.readAt && (
                    <button type="button" className="link shrink-0 text-xs" onClick={() => markRead.mutate({ ids: [n.id] })} aria-label={`Mark read: ${n.title}`}>
                      Mark read
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
