import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";
import { recordOutsideLookup } from "./outside-lookups";

/**
 * A search for a patient who may belong to other boards: MRN and birth date must both match. The answer confirms
 * only that the patient exists, as an opaque handle to refer them with; no name, no diagnosis. Rate-limited.
 */
export async function lookupOutsidePatient(db: Db, actor: Actor, input: { mrn: string; birthDate: Date }, now = new Date()) {
  const patient = await db.patient.findFirst({ where: { mrn: { equals: input.mrn.trim(), mode: "insensitive" }, birthDate: input.birthDate }, select: { id: true } });
  const lookup = await recordOutsideLookup(db, actor, patient?.id ?? null, now);
  await recordAudit(db, actor, { action: "patient.lookup", entityType: "Patient", entityId: patient?.id ?? null, patientId: patient?.id ?? null, detail: { found: Boolean(patient), by: "mrn+birthDate" } });
  return { handle: patient ? lookup.id : null };
}
