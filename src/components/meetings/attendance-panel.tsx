"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/badge";
import { SPECIALTY_LABELS } from "@/domain/roles";
import { useTRPC } from "@/trpc/react";
import { errorText } from "./error-text";

/** Who attends, by specialty, in the room or remote; the quorum's state updates with every tick. */
export function AttendancePanel({ meetingId, canEdit }: { meetingId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const queryKey = trpc.meeting.attendance.queryKey({ meetingId });
  const attendance = useQuery(trpc.meeting.attendance.queryOptions({ meetingId }));
  const set = useMutation(trpc.meeting.setAttendance.mutationOptions());
  const [error, setError] = useState<string | null>(null);

  async function change(userId: string, mode: "IN_ROOM" | "REMOTE" | null) {
    setError(null);
    try {
      await set.mutateAsync({ meetingId, userId, mode });
    } catch (e) {
      setError(errorText(e));
    }
    await queryClient.invalidateQueries({ queryKey });
  }

  const data = attendance.data;
  return (
    <section className="card space-y-2" aria-labelledby="attendance-heading">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="attendance-heading" className="text-base font-semibold">Attendance</h2>
        {data && (
          <p role="status" aria-label="Quorum" className="text-sm">
            {data.quorum.required.length === 0 ? (
              <Badge>No quorum set for this board</Badge>
            ) : data.quorum.quorate ? (
              <Badge tone="good">Quorate</Badge>
            ) : (
              <Badge tone="bad">Not quorate</Badge>
            )}
            {!data.quorum.quorate && <span className="ml-1 text-xs">Missing: {data.quorum.missing.map((s) => SPECIALTY_LABELS[s]).join(", ")}</span>}
          </p>
        )}
      </div>
      {error && <p role="alert" className="text-sm text-rose-700 dark:text-rose-400">{error}</p>}
      {data && (
        <table className="data-table" aria-label="Attendees">
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Specialty</th>
              <th scope="col">Attends</th>
            </tr>
          </thead>
          <tbody>
            {data.members.map((m) => (
              <tr key={m.userId}>
                <td>{m.name}</td>
                <td>
                  {SPECIALTY_LABELS[m.specialty]}
                  {data.quorum.required.includes(m.specialty) && <span className="text-xs text-slate-500"> · quorum</span>}
                </td>
                <td>
                  {canEdit ? (
                    <select className="field w-36" aria-label={`Attendance of ${m.name}`} value={m.mode ?? ""} disabled={set.isPending} onChange={(e) => void change(m.userId, (e.target.value || null) as "IN_ROOM" | "REMOTE" | null)}>
                      <option value="">Absent</option>
                      <option value="IN_ROOM">In the room</option>
                      <option value="REMOTE">Remote</option>
                    </select>
                  ) : m.mode ? (m.mode === "IN_ROOM" ? "In the room" : "Remote") : <span className="text-slate-500">—</span>}
                </td>
              </tr>
            ))}
            {data.quorum.guests.map((g) => (
              <tr key={g.guestId}>
                <td>
                  {g.name} <Badge tone="info">Guest</Badge>
                  <span className="block text-xs text-slate-500">{g.affiliation}</span>
                </td>
                <td>
                  {g.specialty ? SPECIALTY_LABELS[g.specialty] : "—"}
                  <span className="text-xs text-slate-500"> · {g.countsTowardsQuorum ? "counts towards quorum" : "not in quorum"}</span>
                </td>
                <td>Joined (remote)</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
