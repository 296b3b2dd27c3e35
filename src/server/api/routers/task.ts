import { z } from "zod";
import { PERMISSIONS } from "@/domain/permissions";
import { CLINICAL_ROLES } from "@/domain/roles";
import { raiseDueOutcomeTasksThrottled } from "@/server/services/outcomes/raise-due-outcome-tasks";
import { createTask, listCaseTasks, listMyTasks, listOverdueTasks, setTaskStatus } from "@/server/services/tasks/tasks";
import { guardedProcedure, router } from "../trpc";
import { id } from "./schemas";

const taskKind = z.enum(["FOLLOW_UP", "READINESS_REQUEST", "RE_DISCUSSION", "OUTCOME_DUE"]);
const taskSchema = z.object({
  id: z.string(),
  kind: taskKind,
  title: z.string(),
  detail: z.string(),
  status: z.enum(["OPEN", "DONE", "CANCELLED"]),
  dueOn: z.date().nullable(),
  overdue: z.boolean(),
  owner: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
  completedAt: z.date().nullable(),
  decisionVersion: z.number().int().nullable(),
  caseId: z.string(),
  boardName: z.string(),
  patient: z.object({ id: z.string(), mrn: z.string(), familyName: z.string(), givenName: z.string(), birthDate: z.date() }),
});
export type TaskItem = z.infer<typeof taskSchema>;

const placement = z.discriminatedUnion("placed", [
  z.object({ placed: z.literal("meeting"), meetingId: z.string(), startsAt: z.date() }),
  z.object({ placed: z.literal("waiting-list") }),
]);

export const taskRouter = router({
  create: guardedProcedure({ roles: PERMISSIONS.chaseTasks, scope: { via: "case", field: "caseId" } })
    .input(
      z.object({
        caseId: id,
        decisionId: id.nullable(),
        kind: z.enum(["FOLLOW_UP", "RE_DISCUSSION"]),
        title: z.string().trim().min(2, "Say what is to be done.").max(200),
        detail: z.string().trim().max(2000).default(""),
        ownerId: id,
        dueOn: z.iso.date("Give the due date as a date.").nullable(),
      }),
    )
    .output(z.object({ task: taskSchema, placement: placement.nullable() }))
    .mutation(({ ctx, input }) => createTask(ctx.db, ctx.user, input)),

  listForCase: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "case", field: "caseId" } })
    .input(z.object({ caseId: id }))
    .output(z.array(taskSchema))
    .query(({ ctx, input }) => listCaseTasks(ctx.db, ctx.user, input.caseId)),

  mine: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "none" } })
    .output(z.array(taskSchema))
    // The outcome schedule's due check runs as task lists load (throttled), so a list never misses a due outcome.
    .query(async ({ ctx }) => {
      await raiseDueOutcomeTasksThrottled(ctx.db, ctx.user.boardIds);
      return listMyTasks(ctx.db, ctx.user, ctx.user.boardIds);
    }),

  overdue: guardedProcedure({ roles: PERMISSIONS.chaseTasks, scope: { via: "none" } })
    .output(z.array(taskSchema))
    .query(async ({ ctx }) => {
      await raiseDueOutcomeTasksThrottled(ctx.db, ctx.user.boardIds);
      return listOverdueTasks(ctx.db, ctx.user, ctx.user.boardIds);
    }),

  setStatus: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "case", field: "caseId" } })
    .input(z.object({ caseId: id, taskId: id, status: z.enum(["DONE", "CANCELLED"]) }))
    .output(taskSchema)
    .mutation(({ ctx, input }) => setTaskStatus(ctx.db, ctx.user, input)),
});
