"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { TaskItem } from "@/server/api/routers/task";
import { useTRPC } from "@/trpc/react";
import { Badge } from "../badge";
import { patientIdentifiers } from "../patient-identifiers";
import { formatDue, TASK_KIND_LABELS } from "./task-format";

/** Tasks with their patient, owner and due date; open ones can be marked done or cancelled. */
export function TaskTable({ tasks, label, showPatient = true, canClose }: { tasks: TaskItem[]; label: string; showPatient?: boolean; canClose: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const setStatus = useMutation(trpc.task.setStatus.mutationOptions());
  const [message, setMessage] = useState<string | null>(null);

  async function close(task: TaskItem, status: "DONE" | "CANCELLED") {
    setMessage(null);
    try {
      await setStatus.mutateAsync({ caseId: task.caseId, taskId: task.id, status });
      setMessage(`"${task.title}" ${status === "DONE" ? "done" : "cancelled"}.`);
      router.refresh();
    } catch (error) {
      setMessage(error instanceof TRPCClientError ? error.message : "The task could not be updated; try again.");
    }
  }

  if (tasks.length === 0) return <p className="text-sm text-slate-500">No tasks.</p>;
  return (
    <div className="space-y-1">
      <table className="data-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Task</th>
            {showPatient && <th scope="col">Patient</th>}
            <th scope="col">Owner</th>
            <th scope="col">Due</th>
            <th scope="col">Status</th>
            <th scope="col"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((t) => (
            <tr key={t.id}>
              <td>
                {t.title}
                <div className="text-xs text-slate-500">
                  {TASK_KIND_LABELS[t.kind]}
                  {t.decisionVersion ? ` · from decision v${t.decisionVersion}` : ""}
                  {t.createdBy ? ` · by ${t.createdBy}` : ""}
                </div>
              </td>
              {showPatient && (
                <td>
                  <Link className="link" href={`/cases/${t.caseId}`}>
                    {t.patient.familyName.toUpperCase()}, {t.patient.givenName}
                  </Link>
                  <div className="text-xs text-slate-500">{patientIdentifiers(t.patient)} · {t.boardName}</div>
                </td>
              )}
              <td>{t.owner?.name ?? "—"}</td>
              <td>
                {formatDue(t.dueOn)} {t.overdue && <Badge tone="bad">Overdue</Badge>}
              </td>
              <td>
                <Badge tone={t.status === "OPEN" ? "info" : t.status === "DONE" ? "good" : "neutral"}>{t.status === "OPEN" ? "Open" : t.status === "DONE" ? "Done" : "Cancelled"}</Badge>
              </td>
              <td className="whitespace-nowrap">
                {t.status === "OPEN" && canClose && (
                  <>
                    <button type="button" className="btn" aria-label={`Mark "${t.title}" done`} onClick={() => void close(t, "DONE")}>
                      Done
                    </button>{" "}
                    <button type="button" className="btn" aria-label={`Cancel "${t.title}"`} onClick={() => void close(t, "CANCELLED")}>
                      Cancel
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p role="status" aria-live="polite" className="text-sm">{message}</p>
    </div>
  );
}
