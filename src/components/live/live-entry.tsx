"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";
import { ConfirmDialog, refusalField } from "@/components/confirm-dialog";

/**
 * On the meeting page: the chair starts presentation mode; everyone can follow the presenter live. Shows who
 * presents now.
 */
export function LiveEntry({ meetingId, userId, canPresent, meetingClosed }: { meetingId: string; userId: string; canPresent: boolean; meetingClosed: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const state = useQuery(trpc.live.state.queryOptions({ meetingId }, { refetchInterval: 15_000 }));
  const [error, setError] = useState<string | null>(null);
  // Planned for another day: the server names both days and the chair confirms moving the meeting to today.
  const [moveQuestion, setMoveQuestion] = useState<string | null>(null);
  const start = useMutation(
    trpc.live.start.mutationOptions({
      onSuccess: () => {
        setMoveQuestion(null);
        router.push(`/meetings/${meetingId}/present`);
      },
      onError: (e) => {
        if (refusalField(e) === "moveToToday") setMoveQuestion(e.message);
        else setError(e instanceof TRPCClientError ? e.message : "Presentation mode could not be started.");
      },
    }),
  );
  const presenter = state.data?.presenter ?? null;
  const href = `/meetings/${meetingId}/present`;

  return (
    <div className="flex flex-wrap items-center gap-2" aria-label="Presentation">
      {/* Only once the live state is known: a Present button that turns into "Back to the presentation" a moment
          later invites a click that takes the role from whoever presents. */}
      {canPresent && !meetingClosed && state.isSuccess && !presenter && (
        <button type="button" className="btn-primary" onClick={() => start.mutate({ meetingId })} disabled={start.isPending}>
          Present
        </button>
      )}
      <Link className={presenter ? "btn-primary" : "btn"} href={href}>
        {presenter?.id === userId ? "Back to the presentation" : presenter ? "Follow live" : "Open presentation"}
      </Link>
      <span role="status" className="text-sm text-slate-600 dark:text-slate-400">
        {presenter ? (presenter.id === userId ? "You are presenting" : `${presenter.name} is presenting`) : ""}
      </span>
      {error && <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">{error}</p>}
      <ConfirmDialog
        open={moveQuestion !== null}
        title="Present this meeting today?"
        confirmLabel="Move to today and present"
        busy={start.isPending}
        onConfirm={() => start.mutate({ meetingId, moveToToday: true })}
        onCancel={() => setMoveQuestion(null)}
      >
        <p>{moveQuestion}</p>
        <p>Letters, minutes and outcomes will give today as the day its cases were discussed.</p>
      </ConfirmDialog>
    </div>
  );
}
