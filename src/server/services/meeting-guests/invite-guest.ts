import type { PrismaClient } from "@/generated/prisma/client";
import { guestExpiry } from "@/domain/meetings/guest-rules";
import type { SpecialtyName } from "@/domain/roles";
import { isEmailAddress, mailConfig, sendMail, type MailConfig, type MailTransport } from "@/integrations/mail/smtp";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../db-types";
import { ServiceError } from "../errors";
import { formatCalendarDateIn } from "../expert-opinion/share-format";
import { digest, newToken } from "../expert-opinion/share-secrets";

export interface InviteGuestInput {
  meetingId: string;
  name: string;
  email: string;
  affiliation: string;
  note: string;
  specialty: SpecialtyName | null;
}

export interface InviteOptions {
  /** Where the app is reached when CONCILIUM_PUBLIC_URL is not set: the origin of the chair's page. */
  origin: string;
  config?: MailConfig | null;
  transport?: MailTransport;
}

/**
 * Invites an outside specialist to one meeting. The e-mail carries the link, the board's name and the meeting's date,
 * never a patient; the link opens nothing until a one-time code, sent separately, is confirmed. Without SMTP nobody is
 * invited: the code could not reach the guest.
 */
export async function inviteGuest(db: PrismaClient, actor: Actor, input: InviteGuestInput, options: InviteOptions) {
  const config = options.config === undefined ? mailConfig() : options.config;
  const email = input.email.trim().toLowerCase();
  if (!isEmailAddress(email)) throw new ServiceError("BAD_REQUEST", "Give the guest's e-mail address.", [{ field: "email", message: "Give the guest's e-mail address." }]);
  if (!config) throw new ServiceError("SERVICE_UNAVAILABLE", "E-mail is not configured on this server (SMTP_URL): guests cannot be invited.");
  const meeting = await db.meeting.findUniqueOrThrow({ where: { id: input.meetingId }, select: { id: true, status: true, startsAt: true, durationMinutes: true, board: { select: { name: true } } } });
  if (meeting.status !== "PLANNED" && meeting.status !== "IN_PROGRESS") throw new ServiceError("BAD_REQUEST", "Guests can be invited only to a planned meeting or one in progress.");
  const token = newToken();
  const guest = await db.$transaction(async (tx) => {
    const created = await tx.meetingGuest.create({
      data: {
        meetingId: meeting.id,
        invitedById: actor.id,
        name: input.name.trim(),
        email,
        affiliation: input.affiliation.trim(),
        note: input.note.trim(),
        specialty: input.specialty,
        tokenHash: digest(token),
        expiresAt: guestExpiry(meeting.startsAt, meeting.durationMinutes),
      },
    });
    await recordAudit(tx, actor, { action: "meeting-guest.invite", entityType: "Meeting", entityId: meeting.id, detail: { guestId: created.id, email } });
    return created;
  });

  const base = (process.env.CONCILIUM_PUBLIC_URL?.trim() || options.origin).replace(/\/+$/, "");
  try {
    await sendMail(
      config,
      {
        to: email,
        subject: `Concilium: an invitation to the ${meeting.board.name}`,
        text: [
          `Dear ${guest.name},`,
          "",
          `${actorName(actor)} invites you as a guest to the ${meeting.board.name} on ${formatCalendarDateIn(meeting.startsAt)}. Open this link to join:`,
          `${base}/guest/${token}`,
          ...(guest.note ? ["", guest.note] : []),
          "",
          "For your protection, a one-time code is sent to this address in a separate e-mail when you open the link.",
          "The link works only while the meeting is planned or in progress, and can be withdrawn by the board at any time.",
          "This e-mail contains no patient data. If you did not expect it, ignore it.",
        ].join("\n"),
      },
      options.transport,
    );
  } catch {
    // An invitation nobody received must not stay usable.
    await db.meetingGuest.update({ where: { id: guest.id }, data: { revokedAt: new Date(), revokedById: actor.id } });
    throw new ServiceError("SERVICE_UNAVAILABLE", "The e-mail could not be sent, so nobody was invited. Check the mail server and try again.");
  }
  return { id: guest.id, expiresAt: guest.expiresAt };
}

const actorName = (actor: Actor) => ("name" in actor && typeof actor.name === "string" ? actor.name : actor.email);
