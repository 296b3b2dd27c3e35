import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@/generated/prisma/client";
import { DECLARED_RELATIONSHIP_GROUND, LOOKUP_HANDLE_VALID_MS, relationshipNeedsStatement, type RelationshipKindName } from "@/domain/referrals/outside-patients";
import type { SpecialtyName } from "@/domain/roles";
import { recordAudit } from "../audit/record-audit";
import type { Actor, Db } from "../db-types";
import { ServiceError } from "../errors";
import { meetingWhen } from "../meetings/meeting-rules";
import { placeCaseOnNextMeeting } from "../meetings/place-case";
import { notifyUsers } from "../notifications/notify";
import { findSimilarPatients } from "./find-similar-patients";

export type QuestionType = "DIAGNOSIS" | "STAGING" | "PRIMARY_TREATMENT" | "RECURRENCE" | "FOLLOW_UP" | "OTHER";

export interface ReferralInput {
  boardId: string;
  patient:
    /** A patient of the user's boards, chosen from `findPatients`. */
    | { kind: "existing"; patientId: string }
    /** A patient found outside the user's boards by MRN and birth date: the handle from `lookupOutsidePatient`. */
    | { kind: "found"; handle: string; relationship: { kind: RelationshipKindName; statement: string | null } | null }
    /** `differentPerson`: the user confirmed that a patient with the same name and birth date is someone else. */
    | { kind: "new"; mrn: string; familyName: string; givenName: string; birthDate: Date; sex: "FEMALE" | "MALE" | "OTHER" | "UNKNOWN"; differentPerson: boolean };
  /** The cancer condition (mCODE PrimaryCancerCondition): one the patient has, a new one, or none yet (diagnosis questions). */
  condition: { kind: "existing"; conditionId: string } | { kind: "new"; topographyCode: string; topographyDisplay: string; morphologyCode: string; morphologyDisplay: string; diagnosisDate: Date | null } | null;
  questionType: QuestionType;
  clinicalQuestion: string;
  urgency: "ROUTINE" | "URGENT";
  attachments: { kind: string; label: string; ref?: string | null }[];
  ecog: number | null;
  referringPhysicianName: string | null;
  referringPhysicianAddress: string | null;
}

const pseudonym = () => `CON-${randomBytes(5).toString("hex").toUpperCase()}`;

/**
 * A specialist refers a patient to a board with a structured question. The case lands on the next meeting whose
 * referral cut-off has not passed, or on the chair's waiting list; the board's chairs are told in the app.
 */
export async function createReferral(db: PrismaClient, actor: Actor & { name: string; boardIds: string[]; specialty?: SpecialtyName | null }, input: ReferralInput, now = new Date()) {
  // Checked before the transaction: a refusal (which counts as an outside search) must not be rolled back.
  if (input.patient.kind === "new" && !input.patient.differentPerson) {
    const similar = await findSimilarPatients(db, actor, actor.boardIds, input.patient, now);
    const known = similar.onYourBoards[0];
    if (known) {
      throw new ServiceError("CONFLICT", `${known.familyName.toUpperCase()}, ${known.givenName} (MRN ${known.mrn}) has the same name and birth date and is known on your boards: choose them, or confirm that this is a different person.`);
    }
    if (similar.elsewhere) {
      throw new ServiceError("CONFLICT", "A patient with this name and birth date exists: give their MRN and birth date under \"Patient of another board?\" to refer them, or confirm that this is a different person.");
    }
  }
  return db.$transaction(async (tx) => {
    let patientId: string;
    let declared: DeclaredGround | null = null;
    if (input.patient.kind !== "new") {
      if (input.patient.kind === "existing") {
        // Only a patient of the user's boards may be named by id; others are reached through an outside search.
        const patient = await tx.patient.findFirst({ where: { id: input.patient.patientId, cases: { some: { boardId: { in: actor.boardIds } } } }, select: { id: true } });
        if (!patient) throw new ServiceError("NOT_FOUND", "No such patient on your boards: search outside your boards by MRN and birth date.");
        patientId = patient.id;
      } else {
        ({ patientId, declared } = await resolveFoundPatient(tx, actor, input.patient, now));
      }
      const open = await tx.case.findFirst({ where: { patientId, boardId: input.boardId, status: { in: ["REFERRED", "SCHEDULED"] } }, select: { clinicalQuestion: true } });
      if (open) throw new ServiceError("CONFLICT", `This patient already has an open referral to this board ("${open.clinicalQuestion}"). Add to that case rather than referring twice.`);
    } else {
      const { kind: _kind, ...p } = input.patient;
      const clash = await tx.patient.findUnique({ where: { mrn: p.mrn }, select: { id: true } });
      if (clash) throw new ServiceError("CONFLICT", `A patient with MRN ${p.mrn} already exists: search for them and choose them instead.`, [{ field: "mrn", message: "This MRN exists already." }]);
      if (p.birthDate.getTime() > now.getTime()) throw new ServiceError("BAD_REQUEST", "The birth date is in the future.", [{ field: "birthDate", message: "The birth date is in the future." }]);
      const { differentPerson: _confirmed, ...person } = p;
      patientId = (await tx.patient.create({ data: { ...person, researchPseudonym: pseudonym() }, select: { id: true } })).id;
    }

    let conditionId: string | null = null;
    if (input.condition?.kind === "existing") {
      const condition = await tx.cancerCondition.findUnique({ where: { id: input.condition.conditionId }, select: { patientId: true } });
      if (!condition || condition.patientId !== patientId) throw new ServiceError("BAD_REQUEST", "That cancer condition belongs to another patient.");
      conditionId = input.condition.conditionId;
    } else if (input.condition?.kind === "new") {
      const { kind: _kind, ...c } = input.condition;
      conditionId = (await tx.cancerCondition.create({ data: { ...c, patientId }, select: { id: true } })).id;
    } else if (input.questionType !== "DIAGNOSIS") {
      throw new ServiceError("BAD_REQUEST", "Give the cancer condition: only a diagnosis question may come without one.", [{ field: "condition", message: "Choose or describe the cancer condition." }]);
    }

    const kase = await tx.case.create({
      data: {
        patientId,
        boardId: input.boardId,
        conditionId,
        questionType: input.questionType,
        clinicalQuestion: input.clinicalQuestion,
        urgency: input.urgency,
        referringUserId: actor.id,
        attachments: input.attachments.map((a) => ({ kind: a.kind, label: a.label, ...(a.ref ? { ref: a.ref } : {}) })),
        ecog: input.ecog,
        ecogRecordedAt: input.ecog == null ? null : now,
        referringPhysicianName: input.referringPhysicianName,
        referringPhysicianAddress: input.referringPhysicianAddress,
        createdAt: now,
      },
      select: { id: true, patient: { select: { familyName: true, givenName: true } }, board: { select: { name: true, memberships: { where: { user: { role: "CHAIR", active: true } }, select: { userId: true } } } } },
    });
    await recordAudit(tx, actor, {
      action: "case.refer",
      entityType: "Case",
      entityId: kase.id,
      patientId,
      reason: declared ? DECLARED_RELATIONSHIP_GROUND : null,
      // NEN 7513: the ground of this access is the declaration, not (yet) a board of the patient.
      ...(declared ? { ground: "DECLARED_RELATIONSHIP" as const } : {}),
      detail: { boardId: input.boardId, urgency: input.urgency, newPatient: input.patient.kind === "new", ...(declared ? { ground: DECLARED_RELATIONSHIP_GROUND, relationship: declared.kind } : {}) },
    });
    if (declared) await declareRelationship(tx, actor, { ...declared, patientId, boardId: input.boardId, caseId: kase.id, boardName: kase.board.name, patientName: `${kase.patient.familyName.toUpperCase()}, ${kase.patient.givenName}` }, now);
    const placement = await placeCaseOnNextMeeting(tx, kase.id, { notBefore: now, now, actor, reason: undefined });
    await notifyUsers(tx, kase.board.memberships.map((m) => m.userId).filter((id) => id !== actor.id), {
      kind: "CASE_REFERRED",
      title: `New ${input.urgency === "URGENT" ? "urgent " : ""}referral to the ${kase.board.name}: ${kase.patient.familyName.toUpperCase()}, ${kase.patient.givenName}`,
      body: placement.meeting ? `On the agenda of ${meetingWhen(placement.meeting.startsAt)}.` : "On the waiting list: no meeting takes referrals yet.",
      link: placement.meeting ? `/meetings/${placement.meeting.id}` : `/cases/${kase.id}`,
    });
    return { caseId: kase.id, patientId, meeting: placement.meeting };
  });
}

interface DeclaredGround {
  kind: RelationshipKindName;
  statement: string;
  /** Boards that already have a case of the patient, none of them the user's: their chairs are told. */
  otherBoardIds: string[];
}

/**
 * The patient behind an outside search's handle. One with no case on any of the user's boards may be referred
 * only on a declared treatment relationship, which this returns to be stored, audited and told.
 */
async function resolveFoundPatient(tx: Db, actor: Actor & { boardIds: string[] }, found: { handle: string; relationship: { kind: RelationshipKindName; statement: string | null } | null }, now: Date) {
  const lookup = await tx.patientLookup.findFirst({
    where: { id: found.handle, userId: actor.id, patientId: { not: null }, at: { gt: new Date(now.getTime() - LOOKUP_HANDLE_VALID_MS) } },
    select: { patientId: true },
  });
  if (!lookup?.patientId) throw new ServiceError("NOT_FOUND", "This search result has expired: search again by MRN and birth date.");
  const patientId = lookup.patientId;
  const boards = await tx.case.findMany({ where: { patientId }, select: { boardId: true }, distinct: ["boardId"] });
  if (boards.some((b) => actor.boardIds.includes(b.boardId))) return { patientId, declared: null };

  const relationship = found.relationship;
  if (!relationship) {
    throw new ServiceError("BAD_REQUEST", "This patient is not known on your boards: declare your treatment relationship with them.", [{ field: "relationship", message: "Declare your treatment relationship." }]);
  }
  const statement = relationship.statement?.trim() ?? "";
  if (relationshipNeedsStatement(relationship.kind) && statement.length < 3) {
    throw new ServiceError("BAD_REQUEST", "Say who requested the second opinion, or on what ground you refer this patient.", [{ field: "relationshipStatement", message: "Say who, or on what ground." }]);
  }
  return { patientId, declared: { kind: relationship.kind, statement, otherBoardIds: boards.map((b) => b.boardId) } satisfies DeclaredGround };
}

/** Stores the declared relationship for the privacy officer's review, audits it and tells the patient's other boards' chairs. */
async function declareRelationship(
  tx: Db,
  actor: Actor & { name: string },
  d: DeclaredGround & { patientId: string; boardId: string; caseId: string; boardName: string; patientName: string },
  now: Date,
) {
  const row = await tx.declaredRelationship.create({
    data: { userId: actor.id, patientId: d.patientId, boardId: d.boardId, caseId: d.caseId, kind: d.kind, statement: d.statement, createdAt: now },
    select: { id: true },
  });
  await recordAudit(tx, actor, {
    action: "patient.relationship.declare",
    entityType: "DeclaredRelationship",
    entityId: row.id,
    patientId: d.patientId,
    reason: DECLARED_RELATIONSHIP_GROUND,
    ground: "DECLARED_RELATIONSHIP",
    detail: { ground: DECLARED_RELATIONSHIP_GROUND, kind: d.kind, statement: d.statement, boardId: d.boardId, caseId: d.caseId },
  });
  // Each chair is told on the case of their own board, which they may open; the title names what they already see.
  const otherCases = await tx.case.findMany({
    where: { patientId: d.patientId, boardId: { in: d.otherBoardIds } },
    orderBy: { createdAt: "desc" },
    distinct: ["boardId"],
    select: { id: true, board: { select: { memberships: { where: { user: { role: "CHAIR", active: true } }, select: { userId: true } } } } },
  });
  const ground = d.kind === "TREATING_PHYSICIAN" ? "as the treating physician" : d.kind === "SECOND_OPINION" ? `for a second opinion requested by ${d.statement}` : `on the ground: ${d.statement}`;
  for (const c of otherCases) {
    await notifyUsers(
      tx,
      c.board.memberships.map((m) => m.userId).filter((id) => id !== actor.id),
      { kind: "RELATIONSHIP_DECLARED", title: `${actor.name} referred your patient ${d.patientName} to the ${d.boardName}`, body: `Declared relationship: ${ground}.`, link: `/cases/${c.id}` },
    );
  }
}
