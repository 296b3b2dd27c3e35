import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";

/** What a referrer sees of a patient they may pick: identifiers and the conditions on record. */
export const PATIENT_HEADER_SELECT = {
  id: true,
  mrn: true,
  familyName: true,
  givenName: true,
  birthDate: true,
  sex: true,
  conditions: { select: { id: true, topographyCode: true, topographyDisplay: true, morphologyCode: true, morphologyDisplay: true } },
} as const;

/**
 * Patients a referrer may choose by MRN or family name: only those with a case on one of the user's boards.
 * Patients of other boards are found with `lookupOutsidePatient` (MRN and birth date), never here.
 */
export async function findPatients(db: Db, actor: Actor, boardIds: string[], query: string) {
  const q = query.trim();
  const patients = await db.patient.findMany({
    where: { cases: { some: { boardId: { in: boardIds } } }, OR: [{ mrn: { startsWith: q, mode: "insensitive" } }, { familyName: { startsWith: q, mode: "insensitive" } }] },
    orderBy: [{ familyName: "asc" }, { givenName: "asc" }],
    take: 10,
    select: PATIENT_HEADER_SELECT,
  });
  await recordAudit(db, actor, patients.map((p) => ({ action: "patient.search", entityType: "Patient", entityId: p.id, patientId: p.id })));
  return patients;
}

/** The cases the user referred, newest first, with where each one stands. */
export async function listMyReferrals(db: Db, actor: Actor) {
  const cases = await db.case.findMany({
    where: { referringUserId: actor.id },
    orderBy: { createdAt: "desc" },
    take: 30,
    select: {
      id: true,
      patientId: true,
      status: true,
      urgency: true,
      questionType: true,
      createdAt: true,
      waitingReason: true,
      board: { select: { name: true } },
      patient: { select: { id: true, mrn: true, familyName: true, givenName: true, birthDate: true, sex: true } },
      agendaItems: { where: { status: "PENDING" }, select: { meeting: { select: { id: true, startsAt: true, status: true } } } },
    },
  });
  await recordAudit(db, actor, cases.map((c) => ({ action: "referral.read", entityType: "Case", entityId: c.id, patientId: c.patientId })));
  return cases.map((c) => {
    const next = c.agendaItems.map((i) => i.meeting).find((m) => m.status === "PLANNED" || m.status === "IN_PROGRESS") ?? null;
    return { caseId: c.id, boardName: c.board.name, status: c.status, urgency: c.urgency, questionType: c.questionType, referredAt: c.createdAt, waitingReason: c.waitingReason, patient: c.patient, meeting: next && { id: next.id, startsAt: next.startsAt } };
  });
}
