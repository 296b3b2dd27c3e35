import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/badge";
import { meetingStatusTone } from "@/components/meetings/meeting-status-tone";
import { enumLabel, formatDateTime } from "@/components/format";
import { MeetingForm } from "@/components/meetings/meeting-form";
import { Refused } from "@/components/refused";
import type { MeetingSummary } from "@/server/services/meetings/list-meetings";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Meetings" };

function MeetingTable({ caption, meetings }: { caption: string; meetings: MeetingSummary[] }) {
  return (
    <section className="card" aria-labelledby={`${caption}-heading`}>
      <h2 id={`${caption}-heading`} className="mb-2 text-base font-semibold">{caption} meetings</h2>
      {meetings.length === 0 ? (
        <p className="text-sm text-slate-500">None.</p>
      ) : (
        <table className="data-table" aria-label={`${caption} meetings`}>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Board</th>
              <th scope="col">Place</th>
              <th scope="col">Cases</th>
              <th scope="col">Decisions</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {meetings.map((m) => (
              <tr key={m.id}>
                <td>
                  <Link className="link" href={`/meetings/${m.id}`}>{formatDateTime(m.startsAt)}</Link>
                </td>
                <td>{m.boardName}</td>
                <td>{m.location ?? "—"}</td>
                <td>{m.caseCount}</td>
                <td>{m.decisionCount}</td>
                <td><Badge tone={meetingStatusTone(m.status)}>{enumLabel(m.status)}</Badge></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export default async function MeetingsPage() {
  const api = await getApi();
  const meetings = await load(() => api.meeting.list());
  if (isRefusal(meetings)) return <Refused message={meetings.message} />;
  const editor = meetings.can.editAgenda;
  const boards = editor ? await api.board.mine() : [];
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Meetings</h1>
      {editor && boards.length > 0 && (
        <details className="card">
          <summary className="cursor-pointer text-sm font-medium">Schedule a meeting</summary>
          <div className="mt-2">
            <MeetingForm boards={boards.map((b) => ({ id: b.id, name: b.name }))} />
          </div>
        </details>
      )}
      <MeetingTable caption="Upcoming" meetings={meetings.upcoming} />
      <MeetingTable caption="Past" meetings={meetings.past} />
    </div>
  );
}
