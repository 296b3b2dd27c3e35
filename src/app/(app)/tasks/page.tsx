import type { Metadata } from "next";
import { Refused } from "@/components/refused";
import { TaskTable } from "@/components/tasks/task-table";
import { can } from "@/domain/permissions";
import { createContext } from "@/server/api/context";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Tasks" };

/** "My tasks" for every clinical user; "Overdue" on the user's boards for chairs and coordinators, who chase them. */
export default async function TasksPage() {
  const api = await getApi();
  const { user } = await createContext();
  const mine = await load(() => api.task.mine());
  if (isRefusal(mine)) return <Refused message={mine.message} />;
  const chases = can(user, "chaseTasks", null);
  const overdue = chases ? await api.task.overdue() : [];

  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Tasks</h1>
      {chases && (
        <section className="card space-y-2" aria-labelledby="overdue-heading">
          <h2 id="overdue-heading" className="text-base font-semibold">
            Overdue on your boards ({overdue.length})
          </h2>
          <TaskTable tasks={overdue} label="Overdue tasks" canClose />
        </section>
      )}
      <section className="card space-y-2" aria-labelledby="mine-heading">
        <h2 id="mine-heading" className="text-base font-semibold">My tasks</h2>
        <TaskTable tasks={mine} label="My tasks" canClose />
      </section>
    </div>
  );
}
