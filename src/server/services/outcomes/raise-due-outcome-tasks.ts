import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import { addDays, dueCheckpoints, utcDay } from "@/domain/outcomes/schedule";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { CURRENT_OUTCOME } from "./read-dataset";

/** The due check acts as the system, not as whoever happened to open a task list. */
export const OUTCOME_SCHEDULE_ACTOR: AuditActor = { id: null, email: "system:outcome-schedule" };
const VITAL_KINDS = ["DEATH", "ALIVE", "LOST_TO_FOLLOW_UP"] as const;

/**
 * The due check: for every case with a signed decision on these boards (all boards when none are given), turns each
 * checkpoint of the board's schedule that has come due with no outcome in its window into an OUTCOME_DUE task (see
 * domain/outcomes/schedule.ts). Idempotent: a task is unique per decision and checkpoint, so running it twice, or in
 * two processes at once, raises it once. The task goes to the referrer, or to the board's coordinator when the
 * referrer is no longer an active member; a newer signed decision of the case replaces the older one's open tasks.
 */
export async function raiseDueOutcomeTasks(db: PrismaClient, options: { boardIds?: readonly string[]; now?: Date; batchSize?: number } = {}) {
  const now = options.now ?? new Date();
  const today = utcDay(now);
  const batchSize = options.batchSize ?? 500;
  const boards = await db.board.findMany({
    where: options.boardIds ? { id: { in: [...options.boardIds] } } : {},
    select: {
      id: true,
      treatmentStartWeeks: true,
      followUpMonths: true,
      memberships: { where: { user: { active: true } }, select: { user: { select: { id: true, role: true, name: true } } } },
    },
  });
  let raised = 0;
  for (const board of boards) {
    const members = new Set(board.memberships.map((m) => m.user.id));
    const byRole = (role: string) => board.memberships.map((m) => m.user).filter((u) => u.role === role).sort((a, b) => a.name.localeCompare(b.name))[0]?.id;
    const fallbackOwner = byRole("COORDINATOR") ?? byRole("CHAIR") ?? null;
    // Nothing can be due for a decision signed less than the treatment-start interval ago.
    const signedBefore = addDays(today, -board.treatmentStartWeeks * 7 + 1);
    let cursor: string | undefined;
    for (;;) {
      const cases = await db.case.findMany({
        where: { boardId: board.id, decisions: { some: { status: "SIGNED", signedAt: { lt: signedBefore } } } },
        orderBy: { id: "asc" },
        take: batchSize,
        ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
        select: {
          id: true,
          patientId: true,
          referringUserId: true,
          decisions: { where: { status: "SIGNED" }, orderBy: { version: "desc" }, take: 1, select: { id: true, signedAt: true } },
          outcomes: { where: CURRENT_OUTCOME, select: { kind: true, occurredOn: true } },
          patient: { select: { outcomes: { where: { ...CURRENT_OUTCOME, kind: { in: [...VITAL_KINDS] } }, select: { kind: true, occurredOn: true } } } },
          tasks: { where: { kind: "OUTCOME_DUE" }, select: { id: true, decisionId: true, outcomeCheckpoint: true, status: true } },
        },
      });
      if (cases.length === 0) break;
      cursor = cases.at(-1)!.id;
      for (const kase of cases) {
        const decision = kase.decisions[0];
        if (!decision?.signedAt) continue;
        const due = dueCheckpoints(decision.signedAt, board, [...kase.outcomes, ...kase.patient.outcomes], today);
        const fresh = due.filter((c) => !kase.tasks.some((t) => t.decisionId === decision.id && t.outcomeCheckpoint === c.key));
        if (fresh.length === 0) continue;
        const ownerId = members.has(kase.referringUserId) ? kase.referringUserId : fallbackOwner;
        raised += await raiseForCase(db, { kase, decisionId: decision.id, ownerId, checkpoints: fresh, now });
      }
      if (cases.length < batchSize) break;
    }
  }
  return { raised };
}

async function raiseForCase(
  db: PrismaClient,
  input: {
    kase: { id: string; patientId: string; tasks: { id: string; decisionId: string | null; status: string }[] };
    decisionId: string;
    ownerId: string | null;
    checkpoints: ReturnType<typeof dueCheckpoints>;
    now: Date;
  },
) {
  const { kase, decisionId, ownerId, now } = input;
  try {
    return await db.$transaction(async (tx) => {
      // A newer signed decision restarts the schedule: the older decision's open outcome tasks no longer apply.
      const stale = kase.tasks.filter((t) => t.status === "OPEN" && t.decisionId !== decisionId).map((t) => t.id);
      if (stale.length > 0) await tx.followUpTask.updateMany({ where: { id: { in: stale }, status: "OPEN" }, data: { status: "CANCELLED", completedAt: now } });
      for (const checkpoint of input.checkpoints) {
        const task = await tx.followUpTask.create({
          data: {
            caseId: kase.id,
            decisionId,
            kind: "OUTCOME_DUE",
            title: `Record outcome: ${checkpoint.label.toLowerCase()}`,
            detail: checkpoint.key === "treatment-start" ? "Record the treatment given, or why none was." : "Record the disease status or that the patient is alive at last contact.",
            ownerId,
            dueOn: checkpoint.dueOn,
            outcomeCheckpoint: checkpoint.key,
          },
        });
        await recordAudit(tx, OUTCOME_SCHEDULE_ACTOR, { action: "task.create", entityType: "FollowUpTask", entityId: task.id, patientId: kase.patientId, detail: { kind: "OUTCOME_DUE", checkpoint: checkpoint.key, ownerId } });
      }
      if (ownerId) await tx.notification.create({ data: { userId: ownerId, kind: "TASK_ASSIGNED", title: "An outcome is due", link: "/tasks" } });
      return input.checkpoints.length;
    });
  } catch (error) {
    // Another process raised the same task a moment ago: nothing to do.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return 0;
    throw error;
  }
}

const lastRun = new Map<string, number>();
const THROTTLE_MS = 60_000;

/**
 * The due check as task lists load: at most once a minute per board in this process, so that opening the task
 * page stays cheap. The hourly run in instrumentation.ts covers users who never open it.
 */
export async function raiseDueOutcomeTasksThrottled(db: PrismaClient, boardIds: readonly string[], now = new Date()) {
  const stale = boardIds.filter((id) => now.getTime() - (lastRun.get(id) ?? 0) >= THROTTLE_MS);
  if (stale.length === 0) return { raised: 0 };
  for (const id of stale) lastRun.set(id, now.getTime());
  return raiseDueOutcomeTasks(db, { boardIds: stale, now });
}

/** A board's schedule changed: the next task list load checks it again at once. */
export function forgetDueCheck(boardId: string) {
  lastRun.delete(boardId);
}
