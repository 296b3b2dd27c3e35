/**
 * The expert's side of a second-opinion link: opening it, asking for a one-time code, confirming it (which opens a
 * session carried by a cookie), and the check of that session on every later request. Every refusal is audited as
 * "expert-share.<step>.denied", under the expert's address when the link is known and as "anonymous" otherwise.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { normaliseCode, refusalFor, REFUSALS, sessionExpiry, shareState } from "@/domain/expert-opinion/share-rules";
import { recordAudit, recordDenial, type AuditActor } from "../audit/record-audit";
import type { RequestSource } from "../db-types";
import { issueOneTimeCode, type MailOptions } from "./code-mail";
import { digest, isCurrentCode, isTokenShaped, newToken } from "./share-secrets";

type Share = NonNullable<Awaited<ReturnType<typeof findByToken>>>;

export type LinkCheck = { ok: true; share: Share } | { ok: false; message: string };

async function findByToken(db: PrismaClient, token: string) {
  if (!isTokenShaped(token)) return null;
  return db.expertShare.findUnique({ where: { tokenHash: digest(token) }, include: { case: { select: { patientId: true, boardId: true } }, opinion: { select: { id: true } } } });
}

/** The expert as the audit log names them: no account, their address, on the EXPERT_SHARE ground. */
export function expertActor(share: { id: string; expertEmail: string }, source?: RequestSource): AuditActor {
  return { id: null, email: share.expertEmail, ...(source ? { source } : {}) };
}

/** Whether a link is open; a refusal is audited with the reason (and is the same words for an unknown and a guessed link). */
export async function checkLink(db: PrismaClient, token: string, step: string, source?: RequestSource, now = new Date()): Promise<LinkCheck> {
  const share = await findByToken(db, token);
  if (!share) {
    await recordDenial(db, null, { action: `expert-share.${step}`, entityType: "ExpertShare", reason: REFUSALS.unknown, ...(source ? { source } : {}) });
    return { ok: false, message: REFUSALS.unknown };
  }
  const state = shareState(share, now);
  if (state !== "open") {
    const message = refusalFor(state);
    await recordDenial(db, expertActor(share, source), { action: `expert-share.${step}`, entityType: "ExpertShare", entityId: share.id, patientId: share.case.patientId, reason: message });
    return { ok: false, message };
  }
  return { ok: true, share };
}

/** Sends a fresh one-time code (the older one stops working); at most MAX_CODES_SENT per link. */
export async function sendCode(db: PrismaClient, token: string, source?: RequestSource, options: MailOptions = {}): Promise<{ ok: true } | { ok: false; message: string }> {
  const check = await checkLink(db, token, "code.send", source, options.now ?? new Date());
  if (!check.ok) return check;
  const { share } = check;
  return issueOneTimeCode(
    db,
    { id: share.id, codesSent: share.codesSent, email: share.expertEmail },
    { actor: expertActor(share, source), action: "expert-share.code.send", entityType: "ExpertShare", patientId: share.case.patientId },
    (code) => db.expertShare.update({ where: { id: share.id }, data: code }),
    options,
  );
}

/**
 * Confirms a code. Right: the code is used up and a session opens (its value goes into the expert's cookie, only
 * its digest is stored). Wrong or expired: counted; at MAX_CODE_FAILURES the link locks.
 */
export async function confirmCode(db: PrismaClient, token: string, typed: string, source?: RequestSource, now = new Date()): Promise<{ ok: true; session: string; expiresAt: Date } | { ok: false; message: string }> {
  const check = await checkLink(db, token, "code.confirm", source, now);
  if (!check.ok) return check;
  const { share } = check;
  const code = normaliseCode(typed);
  if (!isCurrentCode(share, code, now)) {
    // Counted in the database itself: parallel guesses cannot slip past the limit.
    await db.expertShare.update({ where: { id: share.id }, data: { codeFailures: { increment: 1 } } });
    await recordDenial(db, expertActor(share, source), { action: "expert-share.code.confirm", entityType: "ExpertShare", entityId: share.id, patientId: share.case.patientId, reason: REFUSALS.wrongCode });
    return { ok: false, message: REFUSALS.wrongCode };
  }
  const session = newToken();
  const expiresAt = sessionExpiry(now, share.expiresAt);
  // The code is used once: cleared in the same update that opens the session, only if it is still the same code.
  const { count } = await db.expertShare.updateMany({
    where: { id: share.id, codeHash: share.codeHash },
    data: { codeHash: null, codeExpiresAt: null, sessionHash: digest(session), sessionExpiresAt: expiresAt },
  });
  if (count === 0) return { ok: false, message: REFUSALS.wrongCode };
  await recordAudit(db, expertActor(share, source), { action: "expert-share.code.confirm", entityType: "ExpertShare", entityId: share.id, patientId: share.case.patientId, ground: "EXPERT_SHARE" });
  return { ok: true, session, expiresAt };
}

export interface ExpertSession {
  shareId: string;
  expertName: string;
  expertEmail: string;
  caseId: string;
  boardId: string;
  patientId: string;
  identifiable: boolean;
  studyInstanceUids: string[];
  slideIds: string[];
  answered: boolean;
}

/**
 * The share a session cookie opens, if it is still open: not revoked, not expired, the session not ended. Checked on
 * every request, so that a revoked link stops working at once. `token`, when given, binds the session to its link.
 */
export async function expertSession(db: PrismaClient, session: string | null, token?: string, now = new Date()): Promise<ExpertSession | null> {
  if (!session || !isTokenShaped(session)) return null;
  const share = await db.expertShare.findUnique({ where: { sessionHash: digest(session) }, include: { case: { select: { patientId: true, boardId: true } }, opinion: { select: { id: true } } } });
  if (!share || !share.sessionExpiresAt || share.sessionExpiresAt <= now || shareState(share, now) !== "open") return null;
  if (token !== undefined && share.tokenHash !== digest(token)) return null;
  return {
    shareId: share.id,
    expertName: share.expertName,
    expertEmail: share.expertEmail,
    caseId: share.caseId,
    boardId: share.case.boardId,
    patientId: share.case.patientId,
    identifiable: share.identifiable,
    studyInstanceUids: share.studyInstanceUids,
    slideIds: share.slideIds,
    answered: share.opinion !== null,
  };
}
