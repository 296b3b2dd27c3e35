import type { PrismaClient } from "@/generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../db-types";
import { ServiceError } from "../errors";
import { sendAgendaPublished } from "../documents/meeting-mail";
import { notifyUsers } from "../notifications/notify";
import { assertAgendaEditable, meetingWhen } from "./meeting-rules";
import { CLINICAL_MEMBERSHIP } from "../boards/clinical-members";

/**
 * Publishes the agenda: sets publishedAt and tells every board member in the app. Publishing again (after a change)
 * is a republish: members' unread "published" notices for the meeting are replaced by one "republished" notice,
 * so nobody gets a pile of them.
 */
export async function publishAgenda(db: PrismaClient, actor: Actor, meetingId: string, now = new Date()) {
  const result = await db.$transaction(async (tx) => {
    const meeting = await tx.meeting.findUniqueOrThrow({
      where: { id: meetingId },
      select: { id: true, startsAt: true, durationMinutes: true, status: true, publishedAt: true, board: { select: { name: true, memberships: { where: CLINICAL_MEMBERSHIP, select: { userId: true } } } }, _count: { select: { agendaItems: true } } },
    });
    assertAgendaEditable(meeting, now);
    if (meeting._count.agendaItems === 0) throw new ServiceError("BAD_REQUEST", "The agenda has no cases yet: add cases before publishing it.");
    const republished = meeting.publishedAt !== null;
    const link = `/meetings/${meeting.id}`;
    const members = meeting.board.memberships.map((m) => m.userId);
    await tx.meeting.update({ where: { id: meeting.id }, data: { publishedAt: now } });
    if (republished) await tx.notification.deleteMany({ where: { userId: { in: members }, kind: "AGENDA_PUBLISHED", link, readAt: null } });
    const notified = await notifyUsers(tx, members, {
      kind: "AGENDA_PUBLISHED",
      title: `Agenda ${republished ? "republished" : "published"}: ${meeting.board.name}, ${meetingWhen(meeting.startsAt)}`,
      body: `${meeting._count.agendaItems} case${meeting._count.agendaItems === 1 ? "" : "s"}.`,
      link,
    });
    await recordAudit(tx, actor, { action: republished ? "agenda.republish" : "agenda.publish", entityType: "Meeting", entityId: meeting.id, detail: { notified } });
    return { publishedAt: now, republished, notified };
  });
  // After the transaction: a mail failure never undoes the publication (and is reported, not thrown).
  const mail = await sendAgendaPublished(db, meetingId, { actor }).catch(() => null);
  // A failure before any mail went out is reported as one failed sending; the agenda stays published.
  return { ...result, mail: mail ? { configured: mail.configured, sent: mail.sent.length, failed: mail.failed.length } : { configured: true, sent: 0, failed: 1 } };
}
