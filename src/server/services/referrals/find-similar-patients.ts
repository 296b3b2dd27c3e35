import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";
import { PATIENT_HEADER_SELECT } from "./find-patients";
import { assertOutsideLookupAllowed, recordOutsideLookup } from "./outside-lookups";

export interface PersonDetails {
  familyName: string;
  givenName: string;
  birthDate: Date;
}

const samePerson = (p: PersonDetails) => ({
  familyName: { equals: p.familyName.trim(), mode: "insensitive" as const },
  givenName: { equals: p.givenName.trim(), mode: "insensitive" as const },
  birthDate: p.birthDate,
});

/**
 * Patients with the same name and birth date as a "new" patient about to be referred. Those on the user's boards
 * are returned to choose from; of the others only their existence is told (the MRN is then needed to refer them),
 * and telling it counts as a search outside the user's boards. A user at the limit is refused before anything is
 * looked at, found or not.
 */
export async function findSimilarPatients(db: Db, actor: Actor, boardIds: string[], person: PersonDetails, now = new Date()) {
  await assertOutsideLookupAllowed(db, actor, now);
  const matches = await db.patient.findMany({
    where: samePerson(person),
    orderBy: { mrn: "asc" },
    take: 10,
    select: {
      ...PATIENT_HEADER_SELECT,
      cases: { where: { boardId: { in: boardIds } }, select: { id: true }, take: 1 },
    },
  });
  const mine = matches.filter((m) => m.cases.length > 0);
  const elsewhere = matches.length > mine.length;
  if (elsewhere) await recordOutsideLookup(db, actor, null, now);
  await recordAudit(db, actor, [
    ...mine.map((p) => ({ action: "patient.search", entityType: "Patient", entityId: p.id, patientId: p.id, detail: { by: "name+birthDate" } })),
    ...matches.filter((m) => m.cases.length === 0).map((p) => ({ action: "patient.lookup", entityType: "Patient", entityId: p.id, patientId: p.id, detail: { found: true, by: "name+birthDate" } })),
  ]);
  return { onYourBoards: mine.map(({ cases: _cases, ...p }) => p), elsewhere };
}
