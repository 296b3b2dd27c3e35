import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "@/generated/prisma/client";
import { SET_PASSWORD_LINK_HOURS } from "@/domain/admin/user-account";
import { mailConfig, sendMail, type MailConfig, type MailTransport } from "@/integrations/mail/smtp";
import type { Actor } from "../../db-types";
import { recordAudit } from "../../audit/record-audit";
import { ServiceError } from "../../errors";

/** Only this digest of a token is stored: a copy of the database opens no account. */
export const hashSetPasswordToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

export interface SetPasswordLinkOptions {
  /** Where the app is reached when CONCILIUM_PUBLIC_URL is not set: the origin of the administrator's page. */
  origin: string;
  config?: MailConfig | null;
  transport?: MailTransport;
  now?: Date;
}

export type SetPasswordLinkResult =
  | { emailed: true; expiresAt: Date; link: null }
  /** No SMTP_URL: the administrator hands the link over themselves. */
  | { emailed: false; expiresAt: Date; link: string };

/**
 * Issues a single-use set-password link for an active user, valid for 24 hours; any older unused link of theirs stops
 * working. With SMTP configured it goes to the user's address and is not shown; without, the administrator sees it.
 */
export async function sendSetPasswordLink(db: PrismaClient, actor: Actor, userId: string, options: SetPasswordLinkOptions): Promise<SetPasswordLinkResult> {
  const now = options.now ?? new Date();
  const config = options.config === undefined ? mailConfig() : options.config;
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true, active: true } });
  if (!user) throw new ServiceError("NOT_FOUND", "No such user.");
  if (!user.active) throw new ServiceError("CONFLICT", "This user is inactive. Reactivate them before sending a link.");

  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SET_PASSWORD_LINK_HOURS * 3_600_000);
  const base = (process.env.CONCILIUM_PUBLIC_URL?.trim() || options.origin).replace(/\/+$/, "");
  const link = `${base}/set-password?token=${token}`;

  await db.$transaction(async (tx) => {
    await tx.passwordSetToken.updateMany({ where: { userId, usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });
    await tx.passwordSetToken.create({ data: { userId, tokenHash: hashSetPasswordToken(token), expiresAt, createdById: actor.id } });
    await recordAudit(tx, actor, { action: "user.password-link.send", entityType: "User", entityId: userId, detail: { emailed: config !== null, expiresAt: expiresAt.toISOString() } });
  });

  if (!config) return { emailed: false, expiresAt, link };
  try {
    await sendMail(
      config,
      {
        to: user.email,
        subject: "Concilium: set your password",
        text: [
          `Hello ${user.name},`,
          "",
          "An administrator has given you access to Concilium. Open this link to set your password:",
          link,
          "",
          `The link works once and expires in ${SET_PASSWORD_LINK_HOURS} hours. If you did not expect it, ignore this message.`,
        ].join("\n"),
      },
      options.transport,
    );
  } catch {
    throw new ServiceError("SERVICE_UNAVAILABLE", "The e-mail could not be sent. Check the mail server, then send the link again.");
  }
  return { emailed: true, expiresAt, link: null };
}
