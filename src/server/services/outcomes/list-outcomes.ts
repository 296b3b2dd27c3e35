import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";
import { decisionDiscussedOn, meetingDaySelect } from "../meetings/discussed-on";

/** The outcome dataset as the board sees it: each decided case with its staging, recommendation and what followed. */
export async function listOutcomes(db: Db, actor: Actor, boardIds: string[]) {
  const cases = await db.case.findMany({
    where: { boardId: { in: boardIds }, decisions: { some: {} } },
    orderBy: { updatedAt: "desc" },
    include: {
      board: { select: { name: true } },
      patient: { select: { id: true, mrn: true, familyName: true, givenName: true, researchPseudonym: true } },
      condition: { select: { topographyDisplay: true, morphologyDisplay: true } },
      decisions: { orderBy: { version: "desc" }, take: 1, include: { meeting: { select: meetingDaySelect } } },
      agendaItems: { select: { meetingId: true, discussedAt: true } },
      outcomes: { orderBy: { occurredOn: "asc" } },
    },
  });
  await recordAudit(db, actor, cases.map((c) => ({ action: "outcomes.read", entityType: "Case", entityId: c.id, patientId: c.patientId })));

  return cases.flatMap((c) => {
    const d = c.decisions[0];
    if (!d) return [];
    return [
      {
        caseId: c.id,
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
        outcomes: c.outcomes.map((o) => ({ id: o.id, kind: o.kind, occurredOn: o.occurredOn, note: o.note })),
      },
    ];
  });
}
