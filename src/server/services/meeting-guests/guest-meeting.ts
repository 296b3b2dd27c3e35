/**
 * What a meeting guest reads: the one meeting's agenda and, read-only, each case on it (patient as on the agenda,
 * clinical question, diagnosis). Nothing else: a case not on this meeting's agenda is refused as such. Every read is
 * audited under the guest's address, on the MEETING_GUEST ground.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { GUEST_REFUSALS } from "@/domain/meetings/guest-rules";
import { recordAudit, recordDenial } from "../audit/record-audit";
import type { RequestSource } from "../db-types";
import { slideLayout, STORED_SLIDE } from "../slides/slide-tiles";
import { guestActor, type GuestSession } from "./guest-access";

const STUDY_SELECT = { studyInstanceUid: true, studyDate: true, modality: true, description: true, source: true, series: { orderBy: { seriesNumber: "asc" }, select: { seriesInstanceUid: true, modality: true, description: true, numberOfInstances: true } } } as const;

const patientSelect = { id: true, familyName: true, givenName: true, birthDate: true, sex: true } as const;

export async function loadGuestAgenda(db: PrismaClient, session: GuestSession, source?: RequestSource) {
  const meeting = await db.meeting.findUniqueOrThrow({
    where: { id: session.meetingId },
    select: {
      id: true,
      startsAt: true,
      durationMinutes: true,
      status: true,
      location: true,
      videoLink: true,
      board: { select: { name: true } },
      agendaItems: {
        orderBy: { position: "asc" },
        select: { id: true, position: true, minutesBudget: true, case: { select: { id: true, clinicalQuestion: true, questionType: true, patient: { select: patientSelect } } } },
      },
    },
  });
  // The agenda patients' studies: what the presenter may show, so that a following guest's page can show it too.
  const studies = await db.imagingStudy.findMany({ where: { patientId: { in: meeting.agendaItems.map((i) => i.case.patient.id) } }, orderBy: { studyDate: "desc" }, select: { patientId: true, ...STUDY_SELECT } });
  const actor = guestActor({ id: session.guestId, email: session.email }, source);
  await recordAudit(
    db,
    actor,
    meeting.agendaItems.map((item) => ({ action: "meeting-guest.agenda.read", entityType: "Meeting", entityId: meeting.id, patientId: item.case.patient.id })),
  );
  return {
    id: meeting.id,
    board: meeting.board.name,
    startsAt: meeting.startsAt,
    durationMinutes: meeting.durationMinutes,
    status: meeting.status,
    location: meeting.location,
    videoLink: meeting.videoLink,
    items: meeting.agendaItems.map((item) => ({
      id: item.id,
      position: item.position,
      minutesBudget: item.minutesBudget,
      caseId: item.case.id,
      clinicalQuestion: item.case.clinicalQuestion,
      questionType: item.case.questionType,
      studies: studies.filter((s) => s.patientId === item.case.patient.id),
      patient: { familyName: item.case.patient.familyName, givenName: item.case.patient.givenName, birthDate: item.case.patient.birthDate, sex: item.case.patient.sex },
    })),
  };
}

export type GuestCaseResult = { ok: true; view: Awaited<ReturnType<typeof readCase>> } | { ok: false; message: string };

/** One case of the meeting's agenda, read-only; any other case is refused (and audited) without saying whether it exists. */
export async function loadGuestCase(db: PrismaClient, session: GuestSession, caseId: string, source?: RequestSource): Promise<GuestCaseResult> {
  const actor = guestActor({ id: session.guestId, email: session.email }, source);
  const onAgenda = await db.agendaItem.findFirst({ where: { meetingId: session.meetingId, caseId }, select: { id: true } });
  if (!onAgenda) {
    await recordDenial(db, actor, { action: "meeting-guest.case.read", entityType: "Case", entityId: caseId.length <= 64 ? caseId : null, reason: GUEST_REFUSALS.notOnAgenda });
    return { ok: false, message: GUEST_REFUSALS.notOnAgenda };
  }
  const view = await readCase(db, caseId);
  await recordAudit(db, actor, { action: "meeting-guest.case.read", entityType: "Case", entityId: caseId, patientId: view.patient.id });
  return { ok: true, view };
}

async function readCase(db: PrismaClient, caseId: string) {
  const kase = await db.case.findUniqueOrThrow({
    where: { id: caseId },
    select: {
      id: true,
      clinicalQuestion: true,
      questionType: true,
      urgency: true,
      patient: { select: patientSelect },
      condition: { select: { topographyCode: true, topographyDisplay: true, morphologyCode: true, morphologyDisplay: true } },
      referrer: { select: { name: true } },
    },
  });
  // The patient's images, as the image routes open them to the guest (guest-grant.ts): every study and slide.
  const [studies, slides] = await Promise.all([
    db.imagingStudy.findMany({
      where: { patientId: kase.patient.id },
      orderBy: { studyDate: "desc" },
      select: STUDY_SELECT,
    }),
    db.slide.findMany({ where: { patientId: kase.patient.id }, orderBy: { acquiredAt: "desc" }, select: { ...STORED_SLIDE, label: true, stain: true, specimen: true, micronsPerPixel: true } }),
  ]);
  return {
    ...kase,
    referrer: kase.referrer.name,
    studies,
    // The tile layout the slide viewer needs (null while a slide is not converted).
    slides: await Promise.all(slides.map(async (s) => ({ id: s.id, label: s.label, stain: s.stain, specimen: s.specimen, widthPx: s.widthPx, micronsPerPixel: s.micronsPerPixel, tiles: await slideLayout(s) }))),
  };
}
