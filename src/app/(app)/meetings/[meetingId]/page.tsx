import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/badge";
import { LiveEntry } from "@/components/live/live-entry";
import { createContext } from "@/server/api/context";
import { ageInYears, enumLabel, formatDateTime, patientName, SEX_SHORT } from "@/components/format";
import { MeetingDocuments } from "@/components/documents/meeting-documents";
import { Refused } from "@/components/refused";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Agenda" };

export default async function AgendaPage({ params }: { params: Promise<{ meetingId: string }> }) {
  const { meetingId } = await params;
  const api = await getApi();
  const agenda = await load(() => api.meeting.agenda({ meetingId }));
  if (isRefusal(agenda)) return <Refused message={agenda.message} />;
  const { budget } = agenda;
  const { user } = await createContext();
  const over = budget.overrunMinutes > 0;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <p className="text-sm"><Link className="link" href="/meetings">Meetings</Link> /</p>
          <h1 className="text-xl font-semibold">{agenda.board.name} — {formatDateTime(agenda.startsAt)}</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {agenda.location ?? "No place set"} · {agenda.durationMinutes} minutes · <Badge tone={agenda.status === "FINISHED" ? "good" : "info"}>{enumLabel(agenda.status)}</Badge>
          </p>
          <LiveEntry meetingId={agenda.id} userId={user?.id ?? ""} isChair={user?.role === "CHAIR"} meetingClosed={agenda.status === "FINISHED" || agenda.status === "CANCELLED"} />
        </div>
        <div className="w-72">
          <p className="text-xs text-slate-600 dark:text-slate-400" id="time-budget-label">
            Planned {budget.plannedMinutes} of {budget.meetingMinutes} minutes{over ? ` — ${budget.overrunMinutes} over` : ""}
          </p>
          <div
            role="progressbar"
            aria-labelledby="time-budget-label"
            aria-valuemin={0}
            aria-valuemax={budget.meetingMinutes}
            aria-valuenow={budget.plannedMinutes}
            className="mt-1 h-2 rounded bg-slate-200 dark:bg-slate-800"
          >
            <div className={`h-2 rounded ${over ? "bg-rose-600" : "bg-sky-600"}`} style={{ width: `${Math.min(100, budget.fill * 100)}%` }} />
          </div>
        </div>
      </div>

      <MeetingDocuments meetingId={agenda.id} />

      <section className="card overflow-x-auto">
        <table className="data-table" aria-label="Agenda">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Patient</th>
              <th scope="col">Diagnosis</th>
              <th scope="col">Question</th>
              <th scope="col">Urgency</th>
              <th scope="col">Min</th>
              <th scope="col">Decision</th>
            </tr>
          </thead>
          <tbody>
            {agenda.items.map((item) => (
              <tr key={item.id}>
                <td>{item.position}</td>
                <td>
                  <Link className="link font-medium" href={`/cases/${item.caseId}?meeting=${agenda.id}`}>
                    {patientName(item.patient)}
                  </Link>
                  <div className="text-xs text-slate-500">
                    {item.patient.mrn} · {ageInYears(item.patient.birthDate)} {SEX_SHORT[item.patient.sex]}
                  </div>
                </td>
                <td>
                  {item.condition ? (
                    <>
                      {item.condition.morphologyDisplay}
                      <div className="text-xs text-slate-500">{item.condition.topographyDisplay}</div>
                    </>
                  ) : "—"}
                </td>
                <td className="max-w-md">
                  <span className="text-xs font-semibold text-slate-500">{enumLabel(item.questionType)}: </span>
                  {item.clinicalQuestion}
                </td>
                <td>{item.urgency === "URGENT" ? <Badge tone="warn">Urgent</Badge> : <span className="text-slate-500">Routine</span>}</td>
                <td>{item.minutesBudget}</td>
                <td>
                  {item.latestDecision ? (
                    <Badge tone={item.latestDecision.status === "SIGNED" ? "good" : "warn"}>
                      {item.latestDecision.status === "SIGNED" ? "Signed" : "Draft"}
                      {item.latestDecision.stageGroup ? ` · ${item.latestDecision.stageGroup}` : ""}
                    </Badge>
                  ) : (
                    <span className="text-slate-500">Pending</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {agenda.items.length === 0 && <p className="text-sm text-slate-500">No cases on this agenda yet.</p>}
      </section>
    </div>
  );
}
