import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/badge";
import { enumLabel, formatDateTime } from "@/components/format";
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
                <td><Badge tone={m.status === "FINISHED" ? "good" : "info"}>{enumLabel(m.status)}</Badge></td>
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
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Meetings</h1>
      <MeetingTable caption="Upcoming" meetings={meetings.upcoming} />
      <MeetingTable caption="Past" meetings={meetings.past} />
    </div>
  );
}
