import { utcDay } from "@/domain/outcomes/schedule";
import { describeOutcome } from "@/domain/outcomes/describe-outcome";
import type { OutcomeKindName } from "@/domain/outcomes/vocabulary";
import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";
import { decisionDiscussedOn, meetingDaySelect } from "../meetings/discussed-on";
import { CURRENT_OUTCOME } from "./read-dataset";

export interface OutcomeListFilter {
  boardId?: string;
  /** The kind of the case's latest current outcome; "NONE" for cases with none yet. */
  latestKind?: OutcomeKindName | "NONE";
  /** Cases with an open outcome task ("due"), or one past its date ("overdue"). */
  followUp?: "due" | "overdue";
  /** Part of the patient's family or given name, or MRN. */
  patient?: string;
  /** 1-based page of OUTCOME_PAGE_SIZE rows, newest decision first. */
  page?: number;
}

/** A page a chair can scan at a glance; a board's history runs to thousands of decided cases. */
export const OUTCOME_PAGE_SIZE = 50;

/**
 * The outcome dataset as the board sees it: each decided case with its staging, recommendation and its current
 * outcomes (corrections replace, withdrawals drop out), filtered by board, patient, latest outcome and follow-up due,
 * newest decision first, one page at a time. Only the rows on the page are audited as read: they are what was shown.
 */
export async function listOutcomes(db: Db, actor: Actor, boardIds: string[], filter: OutcomeListFilter = {}, now = new Date()) {
  const today = utcDay(now);
  const boards = filter.boardId ? boardIds.filter((b) => b === filter.boardId) : boardIds;
  const openTask = { kind: "OUTCOME_DUE" as const, status: "OPEN" as const };
  const search = filter.patient?.trim();
  const contains = (value: string) => ({ contains: value, mode: "insensitive" as const });
  const cases = await db.case.findMany({
    where: {
      boardId: { in: boards },
      decisions: { some: {} },
      ...(search ? { patient: { OR: [{ familyName: contains(search) }, { givenName: contains(search) }, { mrn: contains(search) }] } } : {}),
      ...(filter.followUp ? { tasks: { some: { ...openTask, ...(filter.followUp === "overdue" ? { dueOn: { lt: today } } : {}) } } } : {}),
    },
    orderBy: { id: "asc" },
    include: {
      board: { select: { name: true } },
      patient: { select: { id: true, mrn: true, familyName: true, givenName: true, researchPseudonym: true } },
      condition: { select: { topographyDisplay: true, morphologyDisplay: true } },
      decisions: { orderBy: { version: "desc" }, take: 1, include: { meeting: { select: meetingDaySelect } } },
      agendaItems: { select: { meetingId: true, discussedAt: true } },
      outcomes: { where: CURRENT_OUTCOME, orderBy: [{ occurredOn: "asc" }, { createdAt: "asc" }] },
      tasks: { where: openTask, select: { dueOn: true }, orderBy: { dueOn: "asc" } },
    },
  });

  const rows = cases.flatMap((c) => {
    const d = c.decisions[0];
    if (!d) return [];
    const latest = c.outcomes.at(-1) ?? null;
    if (filter.latestKind && (latest?.kind ?? "NONE") !== filter.latestKind) return [];
    return [
      {
        caseId: c.id,
        patientId: c.patientId,
        boardName: c.board.name,
        patient: c.patient,
        condition: c.condition,
        decision: {
          id: d.id,
          version: d.version,
          status: d.status,
          // The day the board discussed it, not the day the meeting was planned for.
          decidedAt: decisionDiscussedOn(d, c.agendaItems),
          staging: [d.tnmPrefix && `${d.tnmPrefix}${d.tCategory ?? ""}${d.nCategory ?? ""}${d.mCategory ?? ""}`, d.stageGroup && `stage ${d.stageGroup}`]
            .filter(Boolean)
            .join(", "),
          intent: d.intent,
          recommendation: d.recommendation,
        },
        outcomes: c.outcomes.map((o) => ({ id: o.id, kind: o.kind, occurredOn: o.occurredOn, note: o.note, summary: describeOutcome(o), corrected: o.version > 1 })),
        followUp: { open: c.tasks.length, overdue: c.tasks.filter((t) => t.dueOn && t.dueOn < today).length, nextDueOn: c.tasks[0]?.dueOn ?? null },
      },
    ];
  });
  // Newest decision first; the case id keeps equal days in a stable order from page to page.
  rows.sort((a, b) => b.decision.decidedAt.getTime() - a.decision.decidedAt.getTime() || a.caseId.localeCompare(b.caseId));
  const pages = Math.max(1, Math.ceil(rows.length / OUTCOME_PAGE_SIZE));
  const page = Math.min(Math.max(1, filter.page ?? 1), pages);
  const shown = rows.slice((page - 1) * OUTCOME_PAGE_SIZE, page * OUTCOME_PAGE_SIZE);
  await recordAudit(db, actor, shown.map((r) => ({ action: "outcomes.read", entityType: "Case", entityId: r.caseId, patientId: r.patientId })));
  return { total: rows.length, page, pages, rows: shown.map(({ patientId: _patientId, ...row }) => row) };
}
