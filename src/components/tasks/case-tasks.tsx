"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { DecisionWorkspace } from "@/server/api/routers/decision";
import type { TaskItem } from "@/server/api/routers/task";
import { useTRPC } from "@/trpc/react";
import { formatDateTime } from "@/domain/dates/format-date";
import { errorId, FieldError } from "../decisions/decision-fields";
import { TaskTable } from "./task-table";


/** A case's follow-up tasks, and (for the chair and coordinator) a line to add one: title, owner, due date, kind. */
export function CaseTasks(props: { caseId: string; decisionId: string | null; tasks: TaskItem[]; members: DecisionWorkspace["members"]; canCreate: boolean; today: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.task.create.mutationOptions());
  const [title, setTitle] = useState("");
  const [ownerId, setOwnerId] = useState("");
  const [dueOn, setDueOn] = useState("");
  const [kind, setKind] = useState<"FOLLOW_UP" | "RE_DISCUSSION">("FOLLOW_UP");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (title.trim().length < 2) problems.title = "Say what is to be done.";
    if (!ownerId) problems.owner = "Choose who does it.";
    if (kind === "RE_DISCUSSION" && !dueOn) problems.due = "A re-discussion needs the date from which the case returns.";
    if (dueOn && dueOn < props.today) problems.due = "The due date is in the past.";
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    try {
      const { placement } = await create.mutateAsync({ caseId: props.caseId, decisionId: props.decisionId, kind, title: title.trim(), detail: "", ownerId, dueOn: dueOn || null });
      setMessage(
        placement?.placed === "meeting"
          ? `Task added. The case is on the agenda of the meeting of ${formatDateTime(placement.startsAt)}.`
          : placement?.placed === "waiting-list"
            ? "Task added. No meeting is open from that date: the case is on the waiting list."
            : "Task added.",
      );
      setTitle("");
      setDueOn("");
      router.refresh();
    } catch (error) {
      setMessage(error instanceof TRPCClientError ? error.message : "The task could not be added; try again.");
    }
  }

  return (
    <section id="section-tasks" aria-labelledby="tasks-heading" className="space-y-2">
      <h3 id="tasks-heading" className="text-sm font-semibold">
        Follow-up tasks {props.canCreate && <kbd className="text-xs font-normal text-slate-500">Alt+T</kbd>}
      </h3>
      {props.canCreate && (
        <form aria-label="Add task" className="flex flex-wrap items-start gap-2" onSubmit={submit}>
          <div className="min-w-56 flex-1">
            <label className="label" htmlFor="task-title">Task</label>
            <input id="task-title" className="field" value={title} placeholder="e.g. Book PET-CT" onChange={(e) => setTitle(e.target.value)} aria-invalid={errors.title ? true : undefined} aria-describedby={errors.title ? errorId("task-title") : undefined} />
            <FieldError id="task-title" message={errors.title} />
          </div>
          <div>
            <label className="label" htmlFor="task-owner">Owner</label>
            <select id="task-owner" className="field" value={ownerId} onChange={(e) => setOwnerId(e.target.value)} aria-invalid={errors.owner ? true : undefined} aria-describedby={errors.owner ? errorId("task-owner") : undefined}>
              <option value="">—</option>
              {props.members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
            <FieldError id="task-owner" message={errors.owner} />
          </div>
          <div>
            <label className="label" htmlFor="task-due">Due</label>
            <input id="task-due" type="date" className="field" value={dueOn} min={props.today} onChange={(e) => setDueOn(e.target.value)} aria-invalid={errors.due ? true : undefined} aria-describedby={errors.due ? errorId("task-due") : undefined} />
            <FieldError id="task-due" message={errors.due} />
          </div>
          <div>
            <label className="label" htmlFor="task-kind">Kind</label>
            <select id="task-kind" className="field" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              <option value="FOLLOW_UP">Follow-up</option>
              <option value="RE_DISCUSSION">Re-discuss at a later meeting</option>
            </select>
          </div>
          <div className="pt-4">
            <button type="submit" className="btn" disabled={create.isPending}>
              Add task
            </button>
          </div>
        </form>
      )}
      <p role="status" aria-live="polite" className="text-sm">{message}</p>
      <TaskTable tasks={props.tasks} label="Case tasks" showPatient={false} canClose={props.canCreate} />
    </section>
  );
}
