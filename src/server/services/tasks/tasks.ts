import type { PrismaClient } from "@/generated/prisma/client";
import type { RoleName } from "@/domain/roles";
import type { Actor, Db } from "../db-types";
import { ServiceError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { placeCaseForRediscussion, type Placement } from "./place-for-rediscussion";
import { CLINICAL_USER } from "../boards/clinical-members";

export interface NewTask {
  caseId: string;
  decisionId: string | null;
  kind: "FOLLOW_UP" | "RE_DISCUSSION";
  title: string;
  detail: string;
  ownerId: string;
  /** A calendar date, YYYY-MM-DD. */
  dueOn: string | null;
}

const dayOf = (iso: string) => new Date(`${iso}T00:00:00Z`);
const todayUtc = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

const taskInclude = {
  owner: { select: { id: true, name: true } },
  createdBy: { select: { name: true } },
  case: { select: { id: true, boardId: true, board: { select: { name: true } }, patient: { select: { id: true, mrn: true, familyName: true, givenName: true, birthDate: true } } } },
  decision: { select: { version: true } },
} as const;

type TaskRow = NonNullable<Awaited<ReturnType<typeof loadTask>>>;
const loadTask = (db: Db, id: string) => db.followUpTask.findUnique({ where: { id }, include: taskInclude });

function view(t: TaskRow, now: Date) {
  return {
    id: t.id,
    kind: t.kind,
    title: t.title,
    detail: t.detail,
    status: t.status,
    dueOn: t.dueOn,
    overdue: t.status === "OPEN" && !!t.dueOn && t.dueOn < todayUtc(now),
    owner: t.owner,
    createdBy: t.createdBy?.name ?? null,
    createdAt: t.createdAt,
    completedAt: t.completedAt,
    decisionVersion: t.decision?.version ?? null,
    caseId: t.case.id,
    boardName: t.case.board.name,
    patient: t.case.patient,
  };
}
export type TaskView = ReturnType<typeof view>;

/**
 * A follow-up task from a decision, owned by a member of the case's board. A re-discussion task with a due date
 * puts the case back on the board's first open meeting from that date, or on the waiting list.
 */
export async function createTask(db: PrismaClient, actor: Actor, input: NewTask, now = new Date()) {
  return db.$transaction(async (tx) => {
    const kase = await tx.case.findUniqueOrThrow({ where: { id: input.caseId }, select: { id: true, boardId: true, patientId: true } });
    const owner = await tx.user.findFirst({ where: { id: input.ownerId, active: true, ...CLINICAL_USER, memberships: { some: { boardId: kase.boardId } } }, select: { id: true, name: true } });
    if (!owner) throw new ServiceError("BAD_REQUEST", "The owner must be an active member of this case's board.", [{ field: "ownerId", message: "Choose a member of this board." }]);
    if (input.decisionId) {
      const decision = await tx.decision.findFirst({ where: { id: input.decisionId, caseId: kase.id }, select: { id: true } });
      if (!decision) throw new ServiceError("BAD_REQUEST", "That decision is not one of this case's.");
    }
    const dueOn = input.dueOn ? dayOf(input.dueOn) : null;
    if (dueOn && Number.isNaN(dueOn.getTime())) throw new ServiceError("BAD_REQUEST", "The due date is not a date.", [{ field: "dueOn", message: "Give a date." }]);
    if (dueOn && dueOn < todayUtc(now)) throw new ServiceError("BAD_REQUEST", "The due date is in the past.", [{ field: "dueOn", message: "Choose today or later." }]);
    if (input.kind === "RE_DISCUSSION" && !dueOn) {
      throw new ServiceError("BAD_REQUEST", "A re-discussion needs a date: the case goes to the first meeting from then.", [{ field: "dueOn", message: "Give the date." }]);
    }

    let placement: Placement | null = null;
    if (input.kind === "RE_DISCUSSION" && dueOn) {
      placement = await placeCaseForRediscussion(tx, kase.id, { notBefore: dueOn, reason: `Re-discussion: ${input.title}`, actor }, now);
    }
    const task = await tx.followUpTask.create({
      data: { caseId: kase.id, decisionId: input.decisionId, kind: input.kind, title: input.title, detail: input.detail, ownerId: owner.id, createdById: actor.id, dueOn },
    });
    if (owner.id !== actor.id) {
      await tx.notification.create({ data: { userId: owner.id, kind: "TASK_ASSIGNED", title: `New task: ${input.title}`, link: "/tasks" } });
    }
    await recordAudit(tx, actor, {
      action: "task.create",
      entityType: "FollowUpTask",
      entityId: task.id,
      patientId: kase.patientId,
      detail: { kind: input.kind, ownerId: owner.id, dueOn: input.dueOn, placement: placement?.placed ?? null },
    });
    return { task: view((await loadTask(tx, task.id))!, now), placement };
  });
}

/** A case's tasks, open ones first. */
export async function listCaseTasks(db: Db, actor: Actor, caseId: string, now = new Date()) {
  const kase = await db.case.findUniqueOrThrow({ where: { id: caseId }, select: { id: true, patientId: true } });
  const tasks = await db.followUpTask.findMany({ where: { caseId }, include: taskInclude, orderBy: [{ status: "asc" }, { dueOn: "asc" }, { createdAt: "asc" }] });
  await recordAudit(db, actor, { action: "task.read", entityType: "Case", entityId: kase.id, patientId: kase.patientId });
  return tasks.map((t) => view(t, now));
}

async function auditList(db: Db, actor: Actor, tasks: TaskRow[]) {
  const patients = [...new Set(tasks.map((t) => t.case.patient.id))];
  await recordAudit(db, actor, patients.map((patientId) => ({ action: "task.read", entityType: "Patient", entityId: patientId, patientId })));
}

/** The user's own open tasks (and those closed in the last 14 days), on the boards they still belong to. */
export async function listMyTasks(db: Db, actor: Actor, boardIds: string[], now = new Date()) {
  const since = new Date(now.getTime() - 14 * 86_400_000);
  const tasks = await db.followUpTask.findMany({
    where: { ownerId: actor.id, case: { boardId: { in: boardIds } }, OR: [{ status: "OPEN" }, { completedAt: { gte: since } }] },
    include: taskInclude,
    orderBy: [{ status: "asc" }, { dueOn: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
  });
  await auditList(db, actor, tasks);
  return tasks.map((t) => view(t, now));
}

/** Open tasks past their due date on the user's boards, oldest first: the coordinator's and chair's chase list. */
export async function listOverdueTasks(db: Db, actor: Actor, boardIds: string[], now = new Date()) {
  const tasks = await db.followUpTask.findMany({
    where: { status: "OPEN", dueOn: { lt: todayUtc(now) }, case: { boardId: { in: boardIds } } },
    include: taskInclude,
    orderBy: [{ dueOn: "asc" }, { createdAt: "asc" }],
  });
  await auditList(db, actor, tasks);
  return tasks.map((t) => view(t, now));
}

/** Completes or cancels an open task: its owner, a chair or a coordinator may. */
export async function setTaskStatus(db: PrismaClient, actor: Actor & { role: RoleName }, input: { caseId: string; taskId: string; status: "DONE" | "CANCELLED" }, now = new Date()) {
  return db.$transaction(async (tx) => {
    const task = await loadTask(tx, input.taskId);
    if (!task || task.caseId !== input.caseId) throw new ServiceError("NOT_FOUND", "No such task on this case.");
    if (actor.role === "SPECIALIST" && task.ownerId !== actor.id) {
      throw new ServiceError("BAD_REQUEST", "Only the task's owner, a chair or a coordinator can close this task.");
    }
    const { count } = await tx.followUpTask.updateMany({ where: { id: task.id, status: "OPEN" }, data: { status: input.status, completedAt: now } });
    if (count === 0) throw new ServiceError("CONFLICT", `This task is already ${task.status === "DONE" ? "done" : "cancelled"}.`);
    await recordAudit(tx, actor, {
      action: input.status === "DONE" ? "task.complete" : "task.cancel",
      entityType: "FollowUpTask",
      entityId: task.id,
      patientId: task.case.patient.id,
    });
    return view((await loadTask(tx, task.id))!, now);
  });
}
