/**
 * What an outside expert sees of the one case shared with them, and their answer. Pseudonymised by default: the
 * research pseudonym, sex and age instead of name, MRN and birth date. Every view is audited under their address.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { REFUSALS } from "@/domain/expert-opinion/share-rules";
import { recordAudit } from "../audit/record-audit";
import type { RequestSource } from "../db-types";
import { notifyUsers } from "../notifications/notify";
import { slideLayout, STORED_SLIDE } from "../slides/slide-tiles";
import { expertActor, type ExpertSession } from "./expert-access";

export async function loadExpertCase(db: PrismaClient, session: ExpertSession, source?: RequestSource) {
  const share = await db.expertShare.findUniqueOrThrow({
    where: { id: session.shareId },
    include: {
      createdBy: { select: { name: true } },
      opinion: true,
      case: {
        select: {
          questionType: true,
          board: { select: { name: true } },
          condition: { select: { topographyDisplay: true, topographyCode: true, morphologyDisplay: true, morphologyCode: true } },
          patient: { select: { familyName: true, givenName: true, mrn: true, birthDate: true, sex: true, researchPseudonym: true } },
        },
      },
    },
  });
  const [studies, slides, decision] = await Promise.all([
    db.imagingStudy.findMany({
      where: { studyInstanceUid: { in: share.studyInstanceUids }, patientId: session.patientId },
      orderBy: { studyDate: "desc" },
      select: { studyInstanceUid: true, studyDate: true, modality: true, description: true, source: true, series: { orderBy: { seriesNumber: "asc" }, select: { seriesInstanceUid: true, modality: true, description: true, numberOfInstances: true } } },
    }),
    db.slide.findMany({
      where: { id: { in: share.slideIds }, patientId: session.patientId },
      orderBy: { acquiredAt: "desc" },
      select: { ...STORED_SLIDE, label: true, stain: true, specimen: true, micronsPerPixel: true },
    }),
    share.decisionId
      ? db.decision.findUnique({ where: { id: share.decisionId }, select: { status: true, intent: true, recommendation: true, rationale: true, tCategory: true, nCategory: true, mCategory: true, stageGroup: true, tnmPrefix: true } })
      : null,
  ]);
  await recordAudit(db, expertActor(share, source), {
    action: "expert-share.view",
    entityType: "ExpertShare",
    entityId: share.id,
    patientId: session.patientId,
    ground: "EXPERT_SHARE",
    detail: { identifiable: share.identifiable },
  });
  const p = share.case.patient;
  const age = Math.floor((Date.now() - p.birthDate.getTime()) / (365.25 * 86_400_000));
  return {
    expertName: share.expertName,
    sharedBy: share.createdBy.name,
    board: share.case.board.name,
    expiresAt: share.expiresAt,
    question: share.question,
    patient: share.identifiable
      ? { label: `${p.familyName}, ${p.givenName}`, detail: `MRN ${p.mrn} · born ${p.birthDate.toISOString().slice(0, 10)} · ${p.sex.toLowerCase()}` }
      : { label: `Patient ${p.researchPseudonym}`, detail: `${age} years · ${p.sex.toLowerCase()} · pseudonymised` },
    condition: share.case.condition,
    decision,
    studies,
    // The tile layout the slide viewer needs (null while a slide is not converted).
    slides: await Promise.all(slides.map(async (s) => ({ id: s.id, label: s.label, stain: s.stain, specimen: s.specimen, widthPx: s.widthPx, micronsPerPixel: s.micronsPerPixel, tiles: await slideLayout(s) }))),
    opinion: share.opinion,
  };
}

export interface OpinionInput {
  agreesWithPlan: boolean;
  alternative: string;
  reasons: string;
  comment: string;
}

/**
 * The expert's answer: once per link. It lands on the case (timeline) and notifies whoever shared the case and the
 * board's chairs and coordinators, with a link to the case and no patient data in the title.
 */
export async function submitOpinion(db: PrismaClient, session: ExpertSession, input: OpinionInput, source?: RequestSource): Promise<{ ok: true } | { ok: false; message: string }> {
  if (!input.agreesWithPlan && !input.alternative.trim()) return { ok: false, message: "Say what you would recommend instead." };
  const share = await db.expertShare.findUniqueOrThrow({ where: { id: session.shareId }, select: { id: true, expertName: true, expertEmail: true, createdById: true, caseId: true, opinion: { select: { id: true } }, case: { select: { boardId: true, patientId: true } } } });
  if (share.opinion) {
    await recordDenial(db, share, source, REFUSALS.answered);
    return { ok: false, message: REFUSALS.answered };
  }
  const members = await db.user.findMany({ where: { active: true, role: { in: ["CHAIR", "COORDINATOR"] }, memberships: { some: { boardId: share.case.boardId } } }, select: { id: true } });
  try {
    await db.$transaction(async (tx) => {
      const opinion = await tx.expertOpinion.create({
        data: { shareId: share.id, agreesWithPlan: input.agreesWithPlan, alternative: input.alternative.trim(), reasons: input.reasons.trim(), comment: input.comment.trim() },
      });
      await recordAudit(tx, expertActor(share, source), { action: "expert-opinion.submit", entityType: "ExpertOpinion", entityId: opinion.id, patientId: share.case.patientId, ground: "EXPERT_SHARE" });
      await notifyUsers(tx, [share.createdById, ...members.map((m) => m.id)], {
        kind: "EXPERT_OPINION",
        title: `Second opinion from ${share.expertName}`,
        body: input.agreesWithPlan ? "Agrees with the board's plan." : "Proposes another plan.",
        link: `/cases/${share.caseId}#second-opinions`,
      });
    });
  } catch (error) {
    // Two submissions at once: the unique share id lets one through.
    if ((error as { code?: string }).code === "P2002") return { ok: false, message: REFUSALS.answered };
    throw error;
  }
  return { ok: true };
}

async function recordDenial(db: PrismaClient, share: { id: string; expertEmail: string; case: { patientId: string } }, source: RequestSource | undefined, reason: string) {
  await recordAudit(db, expertActor(share, source), { action: "expert-opinion.submit.denied", entityType: "ExpertShare", entityId: share.id, patientId: share.case.patientId, reason, ground: null });
}
