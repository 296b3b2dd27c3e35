import { buildIcs } from "@/integrations/calendar/ics";
import { renderAgendaPdf } from "@/integrations/pdf/agenda-pdf";
import { renderMinutesPdf } from "@/integrations/pdf/minutes-pdf";
import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";
import { getLetterhead } from "../settings/letterhead";
import { loadAgenda, loadMinutes } from "./document-data";
import { cleanFilename, localDate } from "./filename";

/** Who is audited: a signed-in user, or the system when a job sends documents. */
export type DocumentActor = Actor | { id: null; email: string };

export interface DocumentFile {
  bytes: Uint8Array;
  filename: string;
  contentType: string;
}

const audit = (db: Db, actor: DocumentActor, action: string, meetingId: string, patientIds: string[]) =>
  recordAudit(
    db,
    actor,
    [...new Set(patientIds)].map((patientId) => ({ action, entityType: "Meeting", entityId: meetingId, patientId })),
  );

/** The printable agenda of a meeting; every patient on it is audited. */
export async function meetingAgendaPdf(db: Db, actor: DocumentActor, meetingId: string): Promise<DocumentFile> {
  const { meeting, document, patientIds } = await loadAgenda(db, meetingId);
  const bytes = await renderAgendaPdf({ ...document, letterhead: await getLetterhead(db) });
  await audit(db, actor, "document.agenda.pdf", meetingId, patientIds);
  return { bytes, filename: cleanFilename(["agenda", meeting.board.slug, localDate(meeting.startsAt)], "pdf"), contentType: "application/pdf" };
}

/** The minutes: attendance, quorum and each case's decision. */
export async function meetingMinutesPdf(db: Db, actor: Actor, meetingId: string): Promise<DocumentFile> {
  const { meeting, document, patientIds } = await loadMinutes(db, meetingId);
  const bytes = await renderMinutesPdf({ ...document, letterhead: await getLetterhead(db) });
  await audit(db, actor, "document.minutes.pdf", meetingId, patientIds);
  return { bytes, filename: cleanFilename(["minutes", meeting.board.slug, localDate(meeting.startsAt)], "pdf"), contentType: "application/pdf" };
}

/** The meeting as a calendar event. It names no patient: calendars leave the hospital's systems. */
export async function meetingIcs(db: Db, meetingId: string, baseUrl: string | null): Promise<DocumentFile & { text: string }> {
  const meeting = await db.meeting.findUniqueOrThrow({ where: { id: meetingId }, include: { board: { select: { name: true, slug: true } }, _count: { select: { agendaItems: true } } } });
  const url = baseUrl ? `${baseUrl.replace(/\/$/, "")}/meetings/${meeting.id}` : null;
  const cases = meeting._count.agendaItems;
  const text = buildIcs({
    uid: `meeting-${meeting.id}@concilium`,
    start: meeting.startsAt,
    end: new Date(meeting.startsAt.getTime() + meeting.durationMinutes * 60_000),
    summary: `${meeting.board.name}${meeting.status === "CANCELLED" ? " (cancelled)" : ""}`,
    cancelled: meeting.status === "CANCELLED",
    location: [meeting.location, meeting.videoLink].filter(Boolean).join(" · ") || null,
    url,
    description: [`${cases} case${cases === 1 ? "" : "s"} on the agenda.`, meeting.videoLink ? `Video: ${meeting.videoLink}` : null, url ? `Agenda: ${url}` : null].filter(Boolean).join("\n"),
    sequence: meeting.agendaRevision,
    method: "PUBLISH",
  });
  return { text, bytes: new TextEncoder().encode(text), filename: cleanFilename(["meeting", meeting.board.slug, localDate(meeting.startsAt)], "ics"), contentType: "text/calendar; charset=utf-8" };
}
