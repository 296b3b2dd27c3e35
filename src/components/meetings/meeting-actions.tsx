"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { formatDateTime, patientName } from "@/components/format";
import type { Agenda } from "@/server/api/routers/meeting";
import { useTRPC } from "@/trpc/react";
import { errorText } from "./error-text";


/**
 * Publish (or republish) the agenda; finish the meeting, moving cases not discussed with their reasons; or cancel a
 * planned meeting with its reason, moving every case. `isOver`: its time has passed (told by the server).
 */
export function MeetingActions({ initial, isOver }: { initial: Agenda; isOver: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const meetingId = initial.id;
  const { data: agenda = initial } = useQuery(trpc.meeting.agenda.queryOptions({ meetingId }, { initialData: initial, staleTime: 5_000 }));
  const publish = useMutation(trpc.meeting.publish.mutationOptions());
  const finish = useMutation(trpc.meeting.finish.mutationOptions());
  const cancel = useMutation(trpc.meeting.cancel.mutationOptions());
  const [message, setMessage] = useState<{ alert: boolean; text: string } | null>(null);
  const [finishing, setFinishing] = useState(false);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [cancelling, setCancelling] = useState(false);
  const [cancelReason, setCancelReason] = useState("");
  const open = agenda.status === "PLANNED" || agenda.status === "IN_PROGRESS";
  const toMove = agenda.items.filter((i) => i.status === "PENDING" && !i.latestDecision);
  const pending = agenda.items.filter((i) => i.status === "PENDING").length;
  // A planned meeting can be cancelled until its time is over (nobody came); once presented, it is finished instead.
  const cancellable = agenda.status === "PLANNED" && !isOver;

  async function onPublish() {
    setMessage(null);
    try {
      const r = await publish.mutateAsync({ meetingId });
      const mail = !r.mail.configured
        ? "E-mail is not configured (SMTP_URL), so no invitations were sent."
        : `Invitation with calendar file e-mailed to ${r.mail.sent}${r.mail.failed ? `; ${r.mail.failed} could not be sent` : ""}.`;
      setMessage({ alert: r.mail.failed > 0, text: `Agenda ${r.republished ? "republished" : "published"}: ${r.notified} members notified in the app. ${mail}` });
      // Every view of this agenda (the summary line, this button) says "published" at once, before the refetch
      // answers; then the refetch and the server-rendered parts (documents) catch up.
      const agendaKey = trpc.meeting.agenda.queryKey({ meetingId });
      queryClient.setQueryData(agendaKey, (old) => (old ? { ...old, publishedAt: r.publishedAt } : old));
      await queryClient.invalidateQueries({ queryKey: agendaKey });
      router.refresh();
    } catch (error) {
      setMessage({ alert: true, text: errorText(error) });
    }
  }

  async function onFinish(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    try {
      const r = await finish.mutateAsync({ meetingId, reasons: Object.entries(reasons).filter(([, v]) => v.trim()).map(([itemId, reason]) => ({ itemId, reason })) });
      const onNext = r.moved.filter((m) => m.to).length;
      const waiting = r.moved.length - onNext;
      setMessage({ alert: false, text: `Meeting finished: ${r.discussed} discussed, ${onNext} moved to the next meeting, ${waiting} to the waiting list.` });
      setFinishing(false);
      await queryClient.invalidateQueries({ queryKey: trpc.meeting.agenda.queryKey({ meetingId }) });
      router.refresh();
    } catch (error) {
      setMessage({ alert: true, text: errorText(error) });
    }
  }

  async function onCancel(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    try {
      const r = await cancel.mutateAsync({ meetingId, reason: cancelReason });
      const onNext = r.moved.filter((m) => m.to).length;
      const mail = r.mail === null
        ? "The agenda was not published, so no invitation had to be withdrawn."
        : !r.mail.configured
          ? "E-mail is not configured (SMTP_URL), so no cancellation was e-mailed."
          : `Cancellation e-mailed to ${r.mail.sent}${r.mail.failed ? `; ${r.mail.failed} could not be sent` : ""}.`;
      setMessage({ alert: r.mail !== null && r.mail.failed > 0, text: `Meeting cancelled: ${onNext} case${onNext === 1 ? "" : "s"} moved to the next meeting, ${r.moved.length - onNext} to the waiting list; ${r.notified} members notified in the app. ${mail}` });
      setCancelling(false);
      await queryClient.invalidateQueries({ queryKey: trpc.meeting.agenda.queryKey({ meetingId }) });
      router.refresh();
    } catch (error) {
      setMessage({ alert: true, text: errorText(error) });
    }
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {open && (
          <button type="button" className="btn-primary" onClick={() => void onPublish()} disabled={publish.isPending}>
            {agenda.publishedAt ? "Republish agenda" : "Publish agenda"}
          </button>
        )}
        {agenda.publishedAt && <span className="text-xs text-slate-500">Published {formatDateTime(agenda.publishedAt)}</span>}
        {open && !finishing && (
          <button type="button" className="btn" onClick={() => setFinishing(true)}>
            Finish meeting…
          </button>
        )}
        {cancellable && !cancelling && (
          <button type="button" className="btn" onClick={() => setCancelling(true)}>
            Cancel meeting…
          </button>
        )}
      </div>
      {message && <p role={message.alert ? "alert" : "status"} className="text-sm">{message.text}</p>}
      {finishing && (
        <form onSubmit={onFinish} aria-label="Finish meeting" className="card space-y-2">
          <p className="text-sm">
            {toMove.length === 0
              ? "Every case has a decision. Finish the meeting?"
              : `${toMove.length} case${toMove.length === 1 ? " has" : "s have"} no decision and will move to the next meeting (or the waiting list). Give a reason for each if you like.`}
          </p>
          {toMove.map((item) => (
            <div key={item.id}>
              <label className="label" htmlFor={`reason-${item.id}`}>Reason for {patientName(item.patient)}</label>
              <input id={`reason-${item.id}`} className="field" placeholder="Not discussed at this meeting" value={reasons[item.id] ?? ""} onChange={(e) => setReasons((r) => ({ ...r, [item.id]: e.target.value }))} />
            </div>
          ))}
          <div className="flex gap-2">
            <button type="submit" className="btn-primary" disabled={finish.isPending}>
              {toMove.length ? `Finish and move ${toMove.length} case${toMove.length === 1 ? "" : "s"}` : "Finish meeting"}
            </button>
            <button type="button" className="btn" onClick={() => setFinishing(false)}>Cancel</button>
          </div>
        </form>
      )}
      {cancelling && (
        <form onSubmit={onCancel} aria-label="Cancel meeting" className="card space-y-2">
          <p className="text-sm">
            {pending === 0
              ? "The agenda is empty."
              : `${pending} case${pending === 1 ? "" : "s"} will move to the next meeting of the board (or the waiting list), with the cancellation as the reason.`}{" "}
            Members are told in the app{agenda.publishedAt ? ", and by e-mail with the cancelled calendar event" : ""}.
          </p>
          <div>
            <label className="label" htmlFor="cancel-reason">Reason for cancelling</label>
            <input id="cancel-reason" className="field" required minLength={3} maxLength={300} placeholder="e.g. Public holiday" value={cancelReason} onChange={(e) => setCancelReason(e.target.value)} />
          </div>
          <div className="flex gap-2">
            <button type="submit" className="btn-danger" disabled={cancel.isPending}>
              {pending ? `Cancel meeting and move ${pending} case${pending === 1 ? "" : "s"}` : "Cancel meeting"}
            </button>
            <button type="button" className="btn" onClick={() => setCancelling(false)}>Keep meeting</button>
          </div>
        </form>
      )}
    </div>
  );
}
