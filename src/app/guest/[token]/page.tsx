import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { enumLabel, formatDate, formatDateTime, patientName, SEX_SHORT } from "@/components/format";
import { GuestFollow } from "@/components/live/guest-follow";
import { CodeStep } from "@/components/one-time-code/code-step";
import { toStudyChoice } from "@/components/viewers/data-source";
import { requestSourceOf } from "@/server/api/request-source";
import { getPrisma } from "@/server/db";
import { readLiveSnapshot } from "@/server/services/live/live-state";
import { checkInvitation, guestSessionOf } from "@/server/services/meeting-guests/guest-access";
import { loadGuestAgenda } from "@/server/services/meeting-guests/guest-meeting";
import { confirmGuestCodeAction, guestAccessOpen, requestGuestCode } from "./actions";
import { GuestCard, GuestRefusal } from "./guest-shell";

export const metadata: Metadata = { title: "Meeting guest", robots: { index: false } };

/**
 * Public, outside the signed-in layout: a guest invited to one meeting. Without a confirmed code for this very link
 * they see only the code step; with one, the meeting's agenda and the presenter, followed live, until the meeting ends.
 */
export default async function GuestPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [db, requestHeaders] = await Promise.all([getPrisma(), headers()]);
  const source = requestSourceOf(requestHeaders);
  const check = await guestSessionOf(db, requestHeaders.get("cookie"), "agenda.read", source, token);
  if (check && !check.ok) return <GuestRefusal message={check.message} />;
  if (!check) {
    const link = await checkInvitation(db, token, "open", source);
    if (!link.ok) return <GuestRefusal message={link.message} />;
    return (
      <GuestCard>
        <p className="text-sm text-slate-600 dark:text-slate-400">To join the meeting, confirm a one-time code. It is sent to the address this invitation was sent to.</p>
        <CodeStep token={token} requestCode={requestGuestCode} confirmCode={confirmGuestCodeAction} />
      </GuestCard>
    );
  }

  const { session } = check;
  const [agenda, snapshot] = await Promise.all([loadGuestAgenda(db, session, source), readLiveSnapshot(db, session.meetingId)]);
  const items = agenda.items.map((item, index) => ({
    id: item.id,
    position: index,
    label: `${patientName(item.patient)} (${SEX_SHORT[item.patient.sex]}, born ${formatDate(item.patient.birthDate)})`,
    question: `${enumLabel(item.questionType)}: ${item.clinicalQuestion}`,
    href: `/guest/${token}/cases/${item.caseId}`,
    studies: item.studies.map((s) => toStudyChoice(s, formatDate)),
  }));
  return (
    <main className="mx-auto max-w-4xl space-y-4 px-4 py-6">
      <section className="card space-y-1" aria-labelledby="meeting-heading">
        <p className="text-sm text-slate-600 dark:text-slate-400">Guest: {session.name}. Read-only; access ends when the meeting is finished.</p>
        <h1 id="meeting-heading" className="text-xl font-semibold">{agenda.board} — {formatDateTime(agenda.startsAt)}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {agenda.location ?? "No place set"} · {agenda.durationMinutes} minutes · {enumLabel(agenda.status)}
          {agenda.videoLink && (
            <>
              {" · "}
              <a className="link" href={agenda.videoLink} rel="noreferrer" target="_blank">Video link</a>
            </>
          )}
        </p>
      </section>
      {snapshot && <GuestFollow token={token} meetingId={agenda.id} initial={{ meetingId: snapshot.meetingId, seq: snapshot.seq, presenter: snapshot.presenter, view: snapshot.view }} items={items} stillOpen={guestAccessOpen} />}
      {items.length === 0 && <p className="card text-sm text-slate-500">No cases on this meeting's agenda yet.</p>}
      <p className="text-xs text-slate-500">
        Every case you open is recorded under your address. <Link className="link" href={`/guest/${token}`}>Reload</Link>
      </p>
    </main>
  );
}
