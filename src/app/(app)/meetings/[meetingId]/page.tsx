import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/badge";
import { meetingStatusTone } from "@/components/meetings/meeting-status-tone";
import { MeetingDocuments } from "@/components/documents/meeting-documents";
import { enumLabel, formatDateTime } from "@/components/format";
import { LiveEntry } from "@/components/live/live-entry";
import { AgendaEditor } from "@/components/meetings/agenda-editor";
import { AttendancePanel } from "@/components/meetings/attendance-panel";
import { GuestsPanel } from "@/components/meetings/guests-panel";
import { MeetingActions } from "@/components/meetings/meeting-actions";
import { MeetingForm } from "@/components/meetings/meeting-form";
import { WaitingListPanel } from "@/components/meetings/waiting-list-panel";
import { Refused } from "@/components/refused";
import { createContext } from "@/server/api/context";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Agenda" };

/** Whether the meeting's time has passed (then its agenda is read-only). */
const isOver = (startsAt: Date, minutes: number) => startsAt.getTime() + minutes * 60_000 < Date.now();

export default async function AgendaPage({ params }: { params: Promise<{ meetingId: string }> }) {
  const { meetingId } = await params;
  const api = await getApi();
  const agenda = await load(() => api.meeting.agenda({ meetingId }));
  if (isRefusal(agenda)) return <Refused message={agenda.message} />;
  const { user } = await createContext();
  const editor = agenda.can.editAgenda;
  const over = isOver(agenda.startsAt, agenda.durationMinutes);
  const open = agenda.status === "IN_PROGRESS" || (agenda.status === "PLANNED" && !over);
  const canEdit = editor && open;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <p className="text-sm"><Link className="link" href="/meetings">Meetings</Link> /</p>
          <h1 className="text-xl font-semibold">{agenda.board.name} — {formatDateTime(agenda.startsAt)}</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {agenda.location ?? "No place set"}
            {agenda.videoLink && (
              <>
                {" · "}
                <a className="link" href={agenda.videoLink} rel="noreferrer" target="_blank">Video link</a>
              </>
            )}
            {" · "}{agenda.durationMinutes} minutes · <Badge tone={meetingStatusTone(agenda.status)}>{enumLabel(agenda.status)}</Badge>
          </p>
          <LiveEntry meetingId={agenda.id} userId={user?.id ?? ""} canPresent={agenda.can.present} meetingClosed={agenda.status === "FINISHED" || agenda.status === "CANCELLED"} />
        </div>
        {editor && <MeetingActions initial={agenda} isOver={over} />}
      </div>

      {agenda.status === "CANCELLED" && (
        <p role="note" aria-label="Cancellation" className="rounded border border-rose-300 bg-rose-50 p-2 text-sm dark:border-rose-800 dark:bg-rose-950">
          Cancelled{agenda.cancelledAt ? ` on ${formatDateTime(agenda.cancelledAt)}` : ""}: {agenda.cancelReason ?? "no reason given"}. Its cases moved to the next meeting or the waiting list.
        </p>
      )}

      <MeetingDocuments meetingId={agenda.id} />

      <AgendaEditor initial={agenda} canEdit={canEdit} timeZone={Intl.DateTimeFormat().resolvedOptions().timeZone} />

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <AttendancePanel meetingId={agenda.id} canEdit={editor && agenda.status !== "CANCELLED"} />
        {canEdit && <WaitingListPanel meetingId={agenda.id} />}
        <GuestsPanel meetingId={agenda.id} meetingOpen={agenda.status === "PLANNED" || agenda.status === "IN_PROGRESS"} />
      </div>

      {canEdit && agenda.status === "PLANNED" && (
        <details className="card">
          <summary className="cursor-pointer text-sm font-medium">Change time, length or place</summary>
          <div className="mt-2">
            <MeetingForm boards={[agenda.board]} meeting={{ id: agenda.id, startsAt: agenda.startsAt, durationMinutes: agenda.durationMinutes, location: agenda.location, videoLink: agenda.videoLink }} />
          </div>
        </details>
      )}
    </div>
  );
}
