/**
 * The one-time code step both kinds of link share (a second-opinion link's, a meeting guest's): at most
 * MAX_CODES_SENT codes per link, a new code replacing the old, only its digest stored, and the code's own e-mail.
 */
import { CODE_MINUTES, MAX_CODES_SENT, REFUSALS } from "@/domain/expert-opinion/share-rules";
import { mailConfig, sendMail, type MailConfig, type MailTransport } from "@/integrations/mail/smtp";
import { recordAudit, recordDenial, type AuditActor } from "../audit/record-audit";
import type { Db } from "../db-types";
import { codeDigest, newCode } from "./share-secrets";

export interface MailOptions {
  config?: MailConfig | null;
  transport?: MailTransport;
  now?: Date;
}

/** What a link stores of a fresh code. */
export interface FreshCode {
  codeHash: string;
  codeExpiresAt: Date;
  codeFailures: 0;
  codesSent: { increment: 1 };
}

export interface CodeLink {
  id: string;
  codesSent: number;
  /** Where the code goes: the address the link itself was sent to. */
  email: string;
}

/** How the step is audited: `action` and its ".denied", under the link's actor. */
export interface CodeAudit {
  actor: AuditActor;
  action: string;
  entityType: string;
  patientId?: string | null;
}

/** Sends a fresh code for an open link; `store` writes it on the link's own row. */
export async function issueOneTimeCode(db: Db, link: CodeLink, audit: CodeAudit, store: (code: FreshCode) => Promise<unknown>, options: MailOptions = {}): Promise<{ ok: true } | { ok: false; message: string }> {
  const now = options.now ?? new Date();
  if (link.codesSent >= MAX_CODES_SENT) {
    await recordDenial(db, audit.actor, { action: audit.action, entityType: audit.entityType, entityId: link.id, patientId: audit.patientId ?? null, reason: REFUSALS.tooManyCodes });
    return { ok: false, message: REFUSALS.tooManyCodes };
  }
  const config = options.config === undefined ? mailConfig() : options.config;
  if (!config) return { ok: false, message: "The code cannot be sent: e-mail is not configured on this server." };
  const code = newCode();
  await store({ codeHash: codeDigest(link.id, code), codeExpiresAt: new Date(now.getTime() + CODE_MINUTES * 60_000), codeFailures: 0, codesSent: { increment: 1 } });
  await recordAudit(db, audit.actor, { action: audit.action, entityType: audit.entityType, entityId: link.id });
  try {
    await sendMail(
      config,
      { to: link.email, subject: "Concilium: your one-time code", text: [`Your code is ${code}.`, "", `It works once, for ${CODE_MINUTES} minutes. Nobody from the hospital will ask you for it.`].join("\n") },
      options.transport,
    );
  } catch {
    return { ok: false, message: "The code could not be sent. Try again in a moment." };
  }
  return { ok: true };
}
