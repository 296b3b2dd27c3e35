"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { formatDateTime } from "@/domain/dates/format-date";
import { SPECIALTIES, SPECIALTY_LABELS, type SpecialtyName } from "@/domain/roles";
import { useTRPC } from "@/trpc/react";
import { Badge } from "../badge";
import { errorMessage } from "../error-message";

const STATUS_LABELS = { invited: "Invited", joined: "Joined", revoked: "Revoked", ended: "Ended", expired: "Expired", locked: "Locked" } as const;
const STATUS_TONES = { invited: "info", joined: "good", revoked: "bad", ended: "neutral", expired: "warn", locked: "bad" } as const;

/**
 * The meeting's guests (issue 15, part 2): outside specialists invited to this one meeting, with the state of each
 * invitation; the chair invites and revokes. Joined guests also appear in the attendance, marked "Guest".
 */
export function GuestsPanel({ meetingId, meetingOpen }: { meetingId: string; meetingOpen: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const data = useQuery(trpc.meetingGuest.list.queryOptions({ meetingId }));
  const invite = useMutation(trpc.meetingGuest.invite.mutationOptions());
  const revoke = useMutation(trpc.meetingGuest.revoke.mutationOptions());
  const dialog = useRef<HTMLDialogElement>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.meetingGuest.list.queryKey({ meetingId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.meeting.attendance.queryKey({ meetingId }) }),
    ]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    try {
      await invite.mutateAsync({
        meetingId,
        name: String(form.get("name") ?? ""),
        email: String(form.get("email") ?? ""),
        affiliation: String(form.get("affiliation") ?? ""),
        note: String(form.get("note") ?? ""),
        specialty: (String(form.get("specialty") ?? "") || null) as SpecialtyName | null,
        origin: window.location.origin,
      });
      dialog.current?.close();
      setStatus(`Invitation sent to ${String(form.get("email"))}.`);
      await refresh();
    } catch (failure) {
      setError(errorMessage(failure, "The guest could not be invited; try again."));
    }
  }

  async function withdraw(guestId: string, name: string) {
    try {
      await revoke.mutateAsync({ meetingId, guestId });
      setStatus(`The invitation of ${name} is revoked.`);
      await refresh();
    } catch (failure) {
      setStatus(errorMessage(failure, "The invitation could not be revoked; try again."));
    }
  }

  if (!data.data) return <section className="card text-sm text-slate-500">{data.isError ? "Guests could not be loaded." : "Loading guests…"}</section>;
  const { guests, can, emailConfigured } = data.data;
  return (
    <section className="card space-y-2" aria-labelledby="guests-heading">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="guests-heading" className="text-base font-semibold">Guests</h2>
        {can.inviteGuests && meetingOpen && (
          <button type="button" className="btn" disabled={!emailConfigured} onClick={() => { setError(null); dialog.current?.showModal(); }}>Invite a guest</button>
        )}
      </div>
      {can.inviteGuests && meetingOpen && !emailConfigured && <p className="text-sm text-slate-500">E-mail is not configured on this server (SMTP_URL): guests cannot be invited.</p>}
      {status && <p role="status" className="text-sm">{status}</p>}
      {guests.length === 0 ? (
        <p className="text-sm text-slate-500">No guests invited.</p>
      ) : (
        <ul aria-label="Invited guests" className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
          {guests.map((g) => (
            <li key={g.id} aria-label={g.name} className="flex flex-wrap items-center gap-2 py-2">
              <span className="font-medium">{g.name}</span>
              <span className="text-slate-500">{g.affiliation}{g.specialty ? ` · ${SPECIALTY_LABELS[g.specialty]}` : ""}</span>
              <Badge tone={STATUS_TONES[g.status]}>{STATUS_LABELS[g.status]}</Badge>
              <span className="text-xs text-slate-500">{g.email} · invited by {g.invitedBy}{g.joinedAt ? ` · joined ${formatDateTime(g.joinedAt)}` : ""}</span>
              {g.note && <span className="w-full text-xs text-slate-500">{g.note}</span>}
              {can.inviteGuests && (g.status === "invited" || g.status === "joined" || g.status === "locked") && (
                <button type="button" className="btn text-xs" onClick={() => void withdraw(g.id, g.name)} disabled={revoke.isPending} aria-label={`Revoke the invitation of ${g.name}`}>Revoke</button>
              )}
            </li>
          ))}
        </ul>
      )}

      <dialog ref={dialog} aria-labelledby="invite-heading" className="m-auto w-full max-w-lg rounded-lg p-0 backdrop:bg-black/40">
        <form onSubmit={(e) => void submit(e)} className="card space-y-3" aria-label="Invite a guest">
          <h3 id="invite-heading" className="text-base font-semibold">Invite a guest</h3>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            The guest gets a link by e-mail (the board and the date, no patient data) and a one-time code in a second e-mail. They see only this
            meeting's cases, and only until the meeting is finished.
          </p>
          <div className="grid grid-cols-1 gap-2 md:grid-cols-2">
            <div>
              <label className="label" htmlFor="guest-name">Guest's name</label>
              <input id="guest-name" name="name" required maxLength={200} className="field" />
            </div>
            <div>
              <label className="label" htmlFor="guest-email">Guest's e-mail</label>
              <input id="guest-email" name="email" type="email" required maxLength={254} className="field" />
            </div>
            <div>
              <label className="label" htmlFor="guest-affiliation">Hospital and role</label>
              <input id="guest-affiliation" name="affiliation" required maxLength={300} placeholder="Surgeon, Regional Hospital" className="field" />
            </div>
            <div>
              <label className="label" htmlFor="guest-specialty">Specialty (for the quorum)</label>
              <select id="guest-specialty" name="specialty" className="field" defaultValue="">
                <option value="">None</option>
                {SPECIALTIES.map((s) => <option key={s} value={s}>{SPECIALTY_LABELS[s]}</option>)}
              </select>
            </div>
          </div>
          <div>
            <label className="label" htmlFor="guest-note">Note to the guest (optional)</label>
            <textarea id="guest-note" name="note" maxLength={2000} rows={2} className="field" />
          </div>
          {error && <p role="alert" className="rounded bg-rose-50 px-2 py-1 text-sm text-rose-800 dark:bg-rose-950 dark:text-rose-200">{error}</p>}
          <div className="flex gap-2">
            <button type="submit" className="btn-primary" disabled={invite.isPending}>{invite.isPending ? "Sending…" : "Send the invitation"}</button>
            <button type="button" className="btn" onClick={() => dialog.current?.close()}>Cancel</button>
          </div>
        </form>
      </dialog>
    </section>
  );
}
