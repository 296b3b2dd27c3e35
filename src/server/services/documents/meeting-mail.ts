import { mailConfig, sendMail, type MailConfig, type MailTransport } from "@/integrations/mail/smtp";
import { formatDateTime } from "@/integrations/pdf/format";
import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";
import { type DocumentActor, meetingAgendaPdf, meetingIcs } from "./meeting-documents";
import { CLINICAL_MEMBERSHIP } from "../boards/clinical-members";

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

type Meeting = { id: string; startsAt: Date; durationMinutes: number; location: string | null; videoLink: string | null; cancelReason: string | null; board: { name: string }; _count: { agendaItems: number } };
type Mail = { subject: string; text: string; attachments: { filename: string; content: string | Uint8Array; contentType: string }[] };

/**
 * Sends one mail per active member of the meeting's board, then audits the sending once. A mail that fails does not
 * stop the others, and never the change (publication, cancellation) that called this.
 */
async function mailBoardMembers(
  db: Db,
  meetingId: string,
  options: AgendaMailOptions,
  action: string,
  compose: (meeting: Meeting, ctx: { baseUrl: string | null; actor: DocumentActor }) => Promise<{ detail: Record<string, unknown>; mailFor: (user: { name: string }) => Mail }>,
): Promise<AgendaMailResult> {
  const config = options.config === undefined ? mailConfig() : options.config;
  if (!config) return { configured: false, sent: [], failed: [] };
  const actor = options.actor ?? SYSTEM;
  const baseUrl = options.baseUrl === undefined ? (process.env.CONCILIUM_PUBLIC_URL?.trim() || null) : options.baseUrl;
  const meeting = await db.meeting.findUniqueOrThrow({
    where: { id: meetingId },
    include: { board: { select: { name: true, memberships: { where: CLINICAL_MEMBERSHIP, select: { user: { select: { email: true, name: true, active: true } } } } } }, _count: { select: { agendaItems: true } } },
  });
  const recipients = meeting.board.memberships.map((m) => m.user).filter((u) => u.active);
  const { detail, mailFor } = await compose(meeting, { baseUrl, actor });

  const result: AgendaMailResult = { configured: true, sent: [], failed: [] };
  for (const user of recipients) {
    try {
      await sendMail(config, { to: user.email, ...mailFor(user) }, options.transport);
      result.sent.push(user.email);
    } catch (error) {
      result.failed.push({ email: user.email, error: error instanceof Error ? error.message : "unknown error" });
    }
  }
  await recordAudit(db, actor, { action, entityType: "Meeting", entityId: meeting.id, detail: { sent: result.sent.length, failed: result.failed.length, ...detail } });
  return result;
}

const meetingLink = (baseUrl: string | null, meetingId: string) => (baseUrl ? `${baseUrl.replace(/\/$/, "")}/meetings/${meetingId}` : null);
const meetingPlace = (meeting: Meeting) => [meeting.location, meeting.videoLink].filter(Boolean).join(" · ") || "place to be announced";

/**
 * E-mails every active member of the meeting's board the published agenda: the meeting in the text, the ICS
 * attached, and the agenda PDF attached unless switched off.
 */
export function sendAgendaPublished(db: Db, meetingId: string, options: AgendaMailOptions = {}): Promise<AgendaMailResult> {
  return mailBoardMembers(db, meetingId, options, "agenda.mail", async (meeting, { baseUrl, actor }) => {
    const ics = await meetingIcs(db, meetingId, baseUrl);
    const pdf = options.attachAgendaPdf === false ? null : await meetingAgendaPdf(db, actor, meetingId);
    const link = meetingLink(baseUrl, meetingId);
    return {
      detail: { withAgendaPdf: pdf !== null },
      mailFor: (user) => ({
        subject: `Agenda published: ${meeting.board.name}, ${formatDateTime(meeting.startsAt)}`,
        text: [
          `Dear ${user.name},`,
          "",
          `The agenda of the ${meeting.board.name} on ${formatDateTime(meeting.startsAt)} (${meeting.durationMinutes} minutes, ${meetingPlace(meeting)}) is published: ${meeting._count.agendaItems} cases.`,
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
      }),
    };
  });
}

/**
 * E-mails every active member of the board that the meeting is cancelled, with the reason and the calendar event
 * marked CANCELLED (same UID, higher sequence: how a published event is withdrawn), so that calendars strike
 * out the invitation they hold.
 */
export function sendMeetingCancelled(db: Db, meetingId: string, options: AgendaMailOptions = {}): Promise<AgendaMailResult> {
  return mailBoardMembers(db, meetingId, options, "meeting.cancel.mail", async (meeting, { baseUrl }) => {
    const ics = await meetingIcs(db, meetingId, baseUrl);
    const link = meetingLink(baseUrl, meetingId);
    return {
      detail: {},
      mailFor: (user) => ({
        subject: `Meeting cancelled: ${meeting.board.name}, ${formatDateTime(meeting.startsAt)}`,
        text: [
          `Dear ${user.name},`,
          "",
          `The ${meeting.board.name} on ${formatDateTime(meeting.startsAt)} (${meetingPlace(meeting)}) is cancelled${meeting.cancelReason ? `: ${meeting.cancelReason}` : "."}`,
          "Its cases move to the next meeting of the board, or to the chair's waiting list.",
          link ? `Details in Concilium: ${link}` : null,
          "",
          "The cancelled calendar event is attached; your calendar strikes the meeting out when you open it.",
        ]
          .filter((l) => l !== null)
          .join("\n"),
        attachments: [{ filename: ics.filename, content: ics.text, contentType: "text/calendar; charset=utf-8; method=PUBLISH" }],
      }),
    };
  });
}
