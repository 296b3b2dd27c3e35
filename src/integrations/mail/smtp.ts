/**
 * Outgoing mail through the site's SMTP server. SMTP_URL (e.g. smtp://user:pass@mail.example.org:587 or
 * smtp://127.0.0.1:2525) and SMTP_FROM come from the environment; without SMTP_URL nothing is sent and callers say so.
 */
import nodemailer, { type Transporter } from "nodemailer";

export interface MailConfig {
  url: string;
  from: string;
}

export interface MailAttachment {
  filename: string;
  content: Uint8Array | string;
  contentType: string;
}

export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
  attachments?: MailAttachment[];
}

/** What sendMail needs: a nodemailer transport, or anything with the same sendMail (tests use a real SMTP server). */
export type MailTransport = Pick<Transporter, "sendMail">;

export function mailConfig(env: Record<string, string | undefined> = process.env): MailConfig | null {
  const url = env.SMTP_URL?.trim();
  if (!url) return null;
  return { url, from: env.SMTP_FROM?.trim() || "Concilium <concilium@localhost>" };
}

const transports = new Map<string, Transporter>();

/** One pooled transport per SMTP URL. */
export function transportFor(config: MailConfig): Transporter {
  let transport = transports.get(config.url);
  if (!transport) {
    const url = new URL(config.url);
    // A local relay without TLS (smtp://host:port) must not be upgraded by STARTTLS against its will.
    const plain = url.protocol === "smtp:" && (url.hostname === "127.0.0.1" || url.hostname === "localhost");
    transport = nodemailer.createTransport(config.url, plain ? { ignoreTLS: true } : {});
    transports.set(config.url, transport);
  }
  return transport;
}

/** A deliberately plain check of an address someone typed: one @, a dot in the domain, no spaces. */
export function isEmailAddress(value: string): boolean {
  return /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]{2,}$/.test(value);
}

export async function sendMail(config: MailConfig, message: MailMessage, transport: MailTransport = transportFor(config)): Promise<{ messageId: string; accepted: string[] }> {
  const info = await transport.sendMail({
    from: config.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    attachments: message.attachments?.map((a) => ({
      filename: a.filename,
      content: typeof a.content === "string" ? a.content : Buffer.from(a.content),
      contentType: a.contentType,
    })),
  });
  return { messageId: String(info.messageId ?? ""), accepted: ((info.accepted ?? []) as unknown[]).map(String) };
}
