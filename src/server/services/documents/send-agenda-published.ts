import { mailConfig, sendMail, type MailConfig, type MailTransport } from "@/integrations/mail/smtp";
import { formatDateTime } from "@/integrations/pdf/format";
import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";
import { type DocumentActor, meetingAgendaPdf, meetingIcs } from "./meeting-documents";

export interface AgendaMailOptions {
  /** Who published (audited as the sender); defaults to the system. */
  actor?: Actor;
  /** Where the app is reached, for the link in the mail and the ICS (default CONCILIUM_PUBLIC_URL). */
  baseUrl?: string | null;
  /** Attach the printable agenda (it names the patients); default true. */
  attachAgendaPdf?: boolean;
  config?: MailConfig | null;
  transport?: MailTransport;
}

export interface AgendaMailResult {
  /** false: SMTP_URL is not set and nothing was sent (the UI says e-mail is not configured). */
  configured: boolean;
  sent: string[];
  failed: { email: string; error: string }[];
}

const SYSTEM: DocumentActor = { id: null, email: "system" };

/**
 * E-mails every active member of the meeting's board the published agenda: the meeting in the text, the ICS
 * attached, and the agenda PDF attached unless switched off. A mail that fails does not stop the others, and never
 * the publication that called this.
 */
export async function sendAgendaPublished(db: Db, meetingId: string, options: AgendaMailOptions = {}): Promise<AgendaMailResult> {
  const config = options.config === undefined ? mailConfig() : options.config;
  if (!config) return { configured: false, sent: [], failed: [] };
  const actor = options.actor ?? SYSTEM;
  const baseUrl = options.baseUrl === undefined ? (process.env.CONCILIUM_PUBLIC_URL?.trim() || null) : options.baseUrl;

  const meeting = await db.meeting.findUniqueOrThrow({
    where: { id: meetingId },
    include: {
      board: { select: { name: true, memberships: { select: { user: { select: { email: true, name: true, active: true } } } } } },
      _count: { select: { agendaItems: true } },
    },
  });
  const recipients = meeting.board.memberships.map((m) => m.user).filter((u) => u.active);
  const ics = await meetingIcs(db, meetingId, baseUrl);
  const pdf = options.attachAgendaPdf === false ? null : await meetingAgendaPdf(db, actor, meetingId);
  const link = baseUrl ? `${baseUrl.replace(/\/$/, "")}/meetings/${meeting.id}` : null;
  const where = [meeting.location, meeting.videoLink].filter(Boolean).join(" · ") || "place to be announced";

  const result: AgendaMailResult = { configured: true, sent: [], failed: [] };
  for (const user of recipients) {
    try {
      await sendMail(
        config,
        {
          to: user.email,
          subject: `Agenda published: ${meeting.board.name}, ${formatDateTime(meeting.startsAt)}`,
          text: [
            `Dear ${user.name},`,
            "",
            `The agenda of the ${meeting.board.name} on ${formatDateTime(meeting.startsAt)} (${meeting.durationMinutes} minutes, ${where}) is published: ${meeting._count.agendaItems} cases.`,
            link ? `Open it in Concilium: ${link}` : null,
            "",
            "The meeting is attached as a calendar event." + (pdf ? " The printable agenda is attached; it contains confidential patient information." : ""),
          ]
            .filter((l) => l !== null)
            .join("\n"),
          attachments: [
            { filename: ics.filename, content: ics.text, contentType: "text/calendar; charset=utf-8; method=PUBLISH" },
            ...(pdf ? [{ filename: pdf.filename, content: pdf.bytes, contentType: pdf.contentType }] : []),
          ],
        },
        options.transport,
      );
      result.sent.push(user.email);
    } catch (error) {
      result.failed.push({ email: user.email, error: error instanceof Error ? error.message : "unknown error" });
    }
  }
  await recordAudit(db, actor, {
    action: "agenda.mail",
    entityType: "Meeting",
    entityId: meeting.id,
    detail: { sent: result.sent.length, failed: result.failed.length, withAgendaPdf: pdf !== null },
  });
  return result;
}
