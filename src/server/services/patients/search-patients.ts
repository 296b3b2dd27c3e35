import { comparePatientMatches, matchesPatientQuery, type PatientQuery } from "@/domain/patients/patient-search";
import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";

export const SEARCH_RESULT_LIMIT = 50;

/**
 * The patients of the caller's boards that match a search (MRN, part of a name, birth date), with their cases on
 * those boards only: a case on a board the caller is not on stays invisible.
 *
 * Matching ignores diacritics, which the database cannot do without the `unaccent` extension (absent from PGlite),
 * so the board's patients are matched in memory on four short columns. A board sees hundreds to a few thousand
 * patients; when that stops being cheap, add a folded search column and an index.
 *
 * Audit: one `patient.search` event per patient shown; a search that finds no one is still recorded, without the
 * text typed (it may be a name), only which criteria were used.
 */
export async function searchPatients(db: Db, actor: Actor, boardIds: string[], query: PatientQuery) {
  const ofMyBoards = { boardId: { in: boardIds } };
  const candidates = await db.patient.findMany({
    where: { cases: { some: ofMyBoards } },
    select: { id: true, mrn: true, familyName: true, givenName: true, birthDate: true, sex: true },
  });
  const matches = candidates.filter((p) => matchesPatientQuery(p, query)).sort(comparePatientMatches(query));
  const shown = matches.slice(0, SEARCH_RESULT_LIMIT);

  const cases = await db.case.findMany({
    where: { ...ofMyBoards, patientId: { in: shown.map((p) => p.id) } },
    orderBy: { createdAt: "desc" },
    select: { id: true, patientId: true, status: true, questionType: true, createdAt: true, board: { select: { id: true, name: true } } },
  });

  const criteria = [query.text.trim() ? "text" : null, query.birthDate ? "birthDate" : null].filter((c): c is string => c !== null);
  await recordAudit(
    db,
    actor,
    shown.length === 0
      ? { action: "patient.search", entityType: "Patient", detail: { criteria, results: 0 } }
      : shown.map((p) => ({ action: "patient.search", entityType: "Patient", entityId: p.id, patientId: p.id, detail: { criteria, results: shown.length } })),
  );

  return {
    total: matches.length,
    patients: shown.map((p) => {
      const own = cases.filter((c) => c.patientId === p.id);
      const boards = [...new Map(own.map((c) => [c.board.id, c.board])).values()];
      return {
        ...p,
        boards,
        cases: own.map((c) => ({ id: c.id, status: c.status, questionType: c.questionType, referredAt: c.createdAt, boardName: c.board.name })),
      };
    }),
  };
}
