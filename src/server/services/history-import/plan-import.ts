import { personMismatch, type HistoryRecord, type PersonFacts } from "@/domain/history-import/history-record";
import type { Db } from "../db-types";

/** A row as read from a file: its line (CSV) or entry (FHIR), and the record or what is wrong with it. */
export interface SourceRow {
  line: number;
  result: { ok: true; record: HistoryRecord } | { ok: false; errors: string[] };
  /** A refused row's case id as written (so that the preview can name the row), when it has one. */
  caseExternalId?: string | null;
}

export interface PlannedRow {
  line: number;
  caseExternalId: string | null;
  /** create: a new case; update: the case of this external id is brought up to date (new versions where it changed). */
  action: "create" | "update" | null;
  patient: "new" | "existing" | null;
  outcomes: number;
  errors: string[];
  record: HistoryRecord | null;
}

export interface ImportPlan {
  rows: PlannedRow[];
  counts: { rows: number; valid: number; refused: number; casesToCreate: number; casesToUpdate: number; patientsToCreate: number; outcomes: number };
}

const CHUNK = 1000;
const chunks = <T>(list: T[]) => Array.from({ length: Math.ceil(list.length / CHUNK) }, (_, i) => list.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * What importing these rows into a board would do, and every row's problems: the checks that need the database
 * (an MRN that belongs to another person, a patient of another board, a case id of another patient) and the ones
 * across rows (a case id twice in the file, one MRN with two people). Reads only.
 */
export async function planImport(db: Db, boardId: string, source: SourceRow[]): Promise<ImportPlan> {
  const valid = source.flatMap((r) => (r.result.ok ? [r.result.record] : []));
  const mrns = [...new Set(valid.map((r) => r.patient.mrn))];
  const caseIds = [...new Set(valid.map((r) => r.caseExternalId))];
  const patients = new Map<string, PersonFacts & { id: string; onBoard: boolean }>();
  for (const part of chunks(mrns)) {
    const found = await db.patient.findMany({
      where: { mrn: { in: part } },
      select: { id: true, mrn: true, familyName: true, birthDate: true, cases: { where: { boardId }, select: { id: true }, take: 1 } },
    });
    for (const p of found) patients.set(p.mrn, { ...p, onBoard: p.cases.length > 0 });
  }
  const cases = new Map<string, { patientMrn: string }>();
  for (const part of chunks(caseIds)) {
    const found = await db.case.findMany({ where: { boardId, externalId: { in: part } }, select: { externalId: true, patient: { select: { mrn: true } } } });
    for (const c of found) cases.set(c.externalId!, { patientMrn: c.patient.mrn });
  }

  const caseLines = new Map<string, number>();
  const personInFile = new Map<string, PersonFacts & { line: number }>();
  const rows: PlannedRow[] = source.map(({ line, result, caseExternalId }) => {
    if (!result.ok) return { line, caseExternalId: caseExternalId ?? null, action: null, patient: null, outcomes: 0, errors: result.errors, record: null };
    const record = result.record;
    const errors: string[] = [];
    const earlier = caseLines.get(record.caseExternalId);
    if (earlier !== undefined) errors.push(`case_external_id ${record.caseExternalId} is already used on line ${earlier}.`);
    else caseLines.set(record.caseExternalId, line);
    const known = patients.get(record.patient.mrn);
    if (known) {
      const mismatch = personMismatch(record.patient, known);
      if (mismatch) errors.push(mismatch);
      else if (!known.onBoard) errors.push(`The MRN ${record.patient.mrn} belongs to a patient of another board: refer the patient to this board first (declaring the treatment relationship), then import.`);
    } else {
      const first = personInFile.get(record.patient.mrn);
      if (!first) personInFile.set(record.patient.mrn, { ...record.patient, line });
      else {
        const mismatch = personMismatch(record.patient, first);
        if (mismatch) errors.push(`${mismatch} (line ${first.line} names the patient of this MRN)`);
      }
    }
    const existing = cases.get(record.caseExternalId);
    if (existing && existing.patientMrn !== record.patient.mrn) errors.push(`The case ${record.caseExternalId} was imported before for another MRN: a re-import cannot move a case to another patient.`);
    return { line, caseExternalId: record.caseExternalId, action: existing ? "update" : "create", patient: known ? "existing" : "new", outcomes: record.outcomes.length, errors, record };
  });

  const ok = rows.filter((r) => r.errors.length === 0);
  const newPatients = new Set(ok.filter((r) => r.patient === "new").map((r) => r.record!.patient.mrn));
  return {
    rows,
    counts: {
      rows: rows.length,
      valid: ok.length,
      refused: rows.length - ok.length,
      casesToCreate: ok.filter((r) => r.action === "create").length,
      casesToUpdate: ok.filter((r) => r.action === "update").length,
      patientsToCreate: newPatients.size,
      outcomes: ok.reduce((n, r) => n + r.outcomes, 0),
    },
  };
}
