import type { RoleName } from "@/domain/roles";
import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";
import { ServiceError } from "../errors";

/**
 * Who receives a case's letters: the patient's general practitioner (kept on the patient, shared by all their
 * cases) and the case's referring physician (kept on the case, may be outside the hospital).
 *
 * Who may change them: the board's chair and coordinators, and the specialist who referred the case. Other
 * specialists of the board read them but do not edit. Each edit carries the revision it was made on; an edit made on
 * an older revision is refused (CONFLICT) rather than silently overwriting a colleague's change.
 */

export interface GeneralPractitioner {
  name: string | null;
  practice: string | null;
  address: string | null;
  email: string | null;
}

export interface ReferringPhysician {
  name: string | null;
  specialty: string | null;
  address: string | null;
  email: string | null;
}

export interface EditingUser extends Actor {
  role: RoleName;
}

function mayEdit(user: EditingUser, referringUserId: string): boolean {
  return user.role === "CHAIR" || user.role === "COORDINATOR" || user.id === referringUserId;
}

const CONFLICT_MESSAGE = (what: string) =>
  `Someone else changed the ${what} while you were editing. Your change was not saved: check the details now shown and edit again.`;

async function loadCase(db: Db, caseId: string) {
  const kase = await db.case.findUnique({
    where: { id: caseId },
    select: {
      id: true,
      patientId: true,
      referringUserId: true,
      referringPhysicianName: true,
      referringPhysicianSpecialty: true,
      referringPhysicianAddress: true,
      referringPhysicianEmail: true,
      referringPhysicianRevision: true,
      patient: { select: { gpName: true, gpPractice: true, gpAddress: true, gpEmail: true, gpRevision: true } },
    },
  });
  if (!kase) throw new ServiceError("NOT_FOUND", "No such case.");
  return kase;
}

type LoadedCase = Awaited<ReturnType<typeof loadCase>>;

const gpOf = (k: LoadedCase) => ({
  name: k.patient.gpName,
  practice: k.patient.gpPractice,
  address: k.patient.gpAddress,
  email: k.patient.gpEmail,
  revision: k.patient.gpRevision,
});
const referrerOf = (k: LoadedCase) => ({
  name: k.referringPhysicianName,
  specialty: k.referringPhysicianSpecialty,
  address: k.referringPhysicianAddress,
  email: k.referringPhysicianEmail,
  revision: k.referringPhysicianRevision,
});

/** The GP and the referring physician of a case, and whether this user may edit them; audited as a read. */
export async function getCaseContacts(db: Db, user: EditingUser, caseId: string) {
  const kase = await loadCase(db, caseId);
  await recordAudit(db, user, { action: "case.contacts.read", entityType: "Case", entityId: kase.id, patientId: kase.patientId });
  return { caseId: kase.id, gp: gpOf(kase), referringPhysician: referrerOf(kase), canEdit: mayEdit(user, kase.referringUserId) };
}

function refuseUnlessEditor(user: EditingUser, kase: LoadedCase, what: string) {
  if (!mayEdit(user, kase.referringUserId)) {
    throw new ContactEditRefused(`Only the board's chair, a coordinator or the specialist who referred this case may change the ${what}.`);
  }
}

/** A member of the board who may read but not edit (a specialist who did not refer the case): the API answers FORBIDDEN. */
export class ContactEditRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ContactEditRefused";
  }
}

/** Changes the patient's GP (for every case of the patient), on the revision the user saw. */
export async function updatePatientGp(db: Db, user: EditingUser, input: { caseId: string; revision: number; gp: GeneralPractitioner }) {
  const kase = await loadCase(db, input.caseId);
  refuseUnlessEditor(user, kase, "general practitioner");
  // The revision test and the write are one statement: of two saves on the same revision, exactly one wins.
  const { count } = await db.patient.updateMany({
    where: { id: kase.patientId, gpRevision: input.revision },
    data: { gpName: input.gp.name, gpPractice: input.gp.practice, gpAddress: input.gp.address, gpEmail: input.gp.email, gpRevision: { increment: 1 } },
  });
  if (count === 0) throw new ServiceError("CONFLICT", CONFLICT_MESSAGE("general practitioner"));
  await recordAudit(db, user, {
    action: "patient.gp.update",
    entityType: "Patient",
    entityId: kase.patientId,
    patientId: kase.patientId,
    // What changed, not the values: names and addresses of third parties stay out of the audit log.
    detail: { caseId: kase.id, revision: input.revision + 1, changed: changedFields(gpOf(kase), input.gp) },
  });
  return gpOf(await loadCase(db, input.caseId));
}

/** Changes the case's referring physician, on the revision the user saw. */
export async function updateReferringPhysician(db: Db, user: EditingUser, input: { caseId: string; revision: number; referringPhysician: ReferringPhysician }) {
  const kase = await loadCase(db, input.caseId);
  refuseUnlessEditor(user, kase, "referring physician");
  const r = input.referringPhysician;
  const { count } = await db.case.updateMany({
    where: { id: kase.id, referringPhysicianRevision: input.revision },
    data: {
      referringPhysicianName: r.name,
      referringPhysicianSpecialty: r.specialty,
      referringPhysicianAddress: r.address,
      referringPhysicianEmail: r.email,
      referringPhysicianRevision: { increment: 1 },
    },
  });
  if (count === 0) throw new ServiceError("CONFLICT", CONFLICT_MESSAGE("referring physician"));
  await recordAudit(db, user, {
    action: "case.referring-physician.update",
    entityType: "Case",
    entityId: kase.id,
    patientId: kase.patientId,
    detail: { revision: input.revision + 1, changed: changedFields(referrerOf(kase), r) },
  });
  return referrerOf(await loadCase(db, input.caseId));
}

function changedFields<T extends object>(before: T, after: T): string[] {
  return (Object.keys(after) as (keyof T)[]).filter((k) => (before[k] ?? null) !== (after[k] ?? null)).map(String);
}
