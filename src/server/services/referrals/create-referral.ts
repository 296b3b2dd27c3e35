import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@/generated/prisma/client";
import type { SpecialtyName } from "@/domain/roles";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../db-types";
import { ServiceError } from "../errors";
import { meetingWhen } from "../meetings/meeting-rules";
import { placeCaseOnNextMeeting } from "../meetings/place-case";
import { notifyUsers } from "../notifications/notify";

export type QuestionType = "DIAGNOSIS" | "STAGING" | "PRIMARY_TREATMENT" | "RECURRENCE" | "FOLLOW_UP" | "OTHER";

export interface ReferralInput {
  boardId: string;
  patient: { kind: "existing"; patientId: string } | { kind: "new"; mrn: string; familyName: string; givenName: string; birthDate: Date; sex: "FEMALE" | "MALE" | "OTHER" | "UNKNOWN" };
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
export async function createReferral(db: PrismaClient, actor: Actor & { specialty?: SpecialtyName | null }, input: ReferralInput, now = new Date()) {
  return db.$transaction(async (tx) => {
    let patientId: string;
    if (input.patient.kind === "existing") {
      const patient = await tx.patient.findUnique({ where: { id: input.patient.patientId }, select: { id: true } });
      if (!patient) throw new ServiceError("NOT_FOUND", "No such patient.");
      patientId = patient.id;
      const open = await tx.case.findFirst({ where: { patientId, boardId: input.boardId, status: { in: ["REFERRED", "SCHEDULED"] } }, select: { clinicalQuestion: true } });
      if (open) throw new ServiceError("CONFLICT", `This patient already has an open referral to this board ("${open.clinicalQuestion}"). Add to that case rather than referring twice.`);
    } else {
      const { kind: _kind, ...p } = input.patient;
      const clash = await tx.patient.findUnique({ where: { mrn: p.mrn }, select: { id: true } });
      if (clash) throw new ServiceError("CONFLICT", `A patient with MRN ${p.mrn} already exists: search for them and choose them instead.`, [{ field: "mrn", message: "This MRN exists already." }]);
      if (p.birthDate.getTime() > now.getTime()) throw new ServiceError("BAD_REQUEST", "The birth date is in the future.", [{ field: "birthDate", message: "The birth date is in the future." }]);
      patientId = (await tx.patient.create({ data: { ...p, researchPseudonym: pseudonym() }, select: { id: true } })).id;
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
    await recordAudit(tx, actor, { action: "case.refer", entityType: "Case", entityId: kase.id, patientId, detail: { boardId: input.boardId, urgency: input.urgency, newPatient: input.patient.kind === "new" } });
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
