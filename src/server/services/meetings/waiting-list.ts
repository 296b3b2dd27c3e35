import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";
import { readinessOfCases } from "../readiness/load-readiness";
import { OPEN_MEETING_STATUSES } from "./place-case";

/** The board's waiting list: referred cases on no open agenda, oldest first, with their readiness. */
export async function getWaitingList(db: Db, actor: Actor, boardId: string, now = new Date()) {
  const cases = await db.case.findMany({
    where: { boardId, status: "REFERRED", agendaItems: { none: { status: "PENDING", meeting: { status: { in: [...OPEN_MEETING_STATUSES] } } } } },
    orderBy: [{ urgency: "desc" }, { createdAt: "asc" }],
    select: {
      id: true,
      questionType: true,
      clinicalQuestion: true,
      urgency: true,
      createdAt: true,
      waitingReason: true,
      patientId: true,
      referrer: { select: { name: true } },
      patient: { select: { id: true, mrn: true, familyName: true, givenName: true, birthDate: true, sex: true } },
    },
  });
  const readiness = await readinessOfCases(db, cases.map((c) => c.id), now);
  await recordAudit(db, actor, cases.map((c) => ({ action: "waitinglist.read", entityType: "Board", entityId: boardId, patientId: c.patientId })));
  return cases.map((c) => ({
    caseId: c.id,
    questionType: c.questionType,
    clinicalQuestion: c.clinicalQuestion,
    urgency: c.urgency,
    referredAt: c.createdAt,
    waitingReason: c.waitingReason,
    referrerName: c.referrer.name,
    patient: c.patient,
    readiness: readiness.get(c.id)?.status ?? ("READY" as const),
  }));
}
