import { isEmailAddress, mailConfig, sendMail, type MailConfig, type MailTransport } from "@/integrations/mail/smtp";
import { renderLetterPdf } from "@/integrations/pdf/letter-pdf";
import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";
import { ServiceError } from "../errors";
import { getLetterhead } from "../settings/letterhead";
import { loadDecisionDiscussedOn, meetingDaySelect } from "../meetings/discussed-on";
import { decisionInclude, decisionSummary, diagnosisLine, SEX_LABELS } from "./document-data";
import { cleanFilename } from "./filename";
import type { DocumentFile } from "./meeting-documents";

export type LetterRecipient = "referrer" | "gp";
const RECIPIENT_WORDS = { referrer: "referring physician", gp: "general practitioner" } as const;

async function loadDecision(db: Db, decisionId: string) {
  const decision = await db.decision.findUnique({
    where: { id: decisionId },
    include: {
      ...decisionInclude,
      meeting: { select: meetingDaySelect },
      case: {
        include: {
          board: { select: { name: true } },
          patient: true,
          condition: true,
        },
      },
    },
  });
  if (!decision) throw new ServiceError("NOT_FOUND", "No such decision.");
  return decision;
}

const lines = (...parts: (string | null | undefined)[]) => parts.map((p) => p?.trim()).filter(Boolean).join("\n") || null;

/**
 * Who the letter goes to, or a message that says what to add first. The referring physician's letter goes to the
 * physician named on the case (never to the GP), the GP's letter to the GP recorded on the patient.
 */
function recipientOf(decision: Awaited<ReturnType<typeof loadDecision>>, recipient: LetterRecipient) {
  const kase = decision.case;
  if (recipient === "referrer") {
    const name = kase.referringPhysicianName?.trim();
    if (!name) {
      throw new ServiceError(
        "BAD_REQUEST",
        "This case has no referring physician. Add the referring physician on the case page (Edit referring physician), then write the letter; the decision is kept as it is.",
      );
    }
    return {
      name,
      address: lines(kase.referringPhysicianSpecialty, kase.referringPhysicianAddress),
      email: kase.referringPhysicianEmail?.trim() || null,
      role: RECIPIENT_WORDS.referrer,
    };
  }
  const name = kase.patient.gpName?.trim();
  if (!name) {
    throw new ServiceError(
      "BAD_REQUEST",
      "The patient has no general practitioner (GP) recorded. Add the GP on the case page (Edit patient details), then write the letter; the decision is kept as it is.",
    );
  }
  return { name, address: lines(kase.patient.gpPractice, kase.patient.gpAddress), email: kase.patient.gpEmail?.trim() || null, role: RECIPIENT_WORDS.gp };
}

async function buildLetter(db: Db, decisionId: string, recipient: LetterRecipient, caseId?: string) {
  const decision = await loadDecision(db, decisionId);
  if (caseId && decision.caseId !== caseId) throw new ServiceError("NOT_FOUND", "This decision does not belong to this case.");
  if (decision.status !== "SIGNED" || !decision.signedBy) {
    throw new ServiceError("BAD_REQUEST", `Letters are written from a signed decision; version ${decision.version} is still a draft. Ask the chair to sign it first.`);
  }
  const to = recipientOf(decision, recipient);
  const { patient } = decision.case;
  const bytes = await renderLetterPdf({
    letterhead: await getLetterhead(db),
    recipient: { name: to.name, address: to.address, role: to.role },
    patient: { ...patient, sex: SEX_LABELS[patient.sex] },
    diagnosis: diagnosisLine(decision.case.condition),
    clinicalQuestion: decision.case.clinicalQuestion,
    board: decision.case.board.name,
    // The day the case was actually discussed, not the day its meeting was planned for.
    meetingDate: decision.meetingId ? await loadDecisionDiscussedOn(db, decision) : null,
    decision: decisionSummary(decision),
    chair: decision.signedBy.name,
  });
  const file: DocumentFile = {
    bytes,
    filename: cleanFilename(["letter", recipient, patient.mrn, `v${decision.version}`], "pdf"),
    contentType: "application/pdf",
  };
  return { decision, file, recipient: to };
}

/** The letter as a PDF to download; audited against the patient. */
export async function letterPdf(db: Db, actor: Actor, input: { caseId?: string; decisionId: string; recipient: LetterRecipient }): Promise<DocumentFile> {
  const { decision, file } = await buildLetter(db, input.decisionId, input.recipient, input.caseId);
  await recordAudit(db, actor, {
    action: "letter.download",
    entityType: "Decision",
    entityId: decision.id,
    patientId: decision.case.patientId,
    detail: { recipient: input.recipient, version: decision.version },
  });
  return file;
}

export const MAIL_NOT_CONFIGURED = "E-mail is not configured on this server (SMTP_URL is not set). Download the letter instead.";

/** E-mails the letter PDF to an address the user typed. Nothing is recorded as sent unless the server accepted it. */
export async function sendLetter(
  db: Db,
  actor: Actor,
  input: { decisionId: string; recipient: LetterRecipient; to: string },
  options: { config?: MailConfig | null; transport?: MailTransport } = {},
): Promise<{ sentTo: string; filename: string }> {
  const to = input.to.trim();
  if (!isEmailAddress(to)) throw new ServiceError("BAD_REQUEST", "Enter one valid e-mail address, e.g. dr.smith@practice.example.org.", [{ field: "to", message: "Not a valid e-mail address." }]);
  const config = options.config === undefined ? mailConfig() : options.config;
  if (!config) throw new ServiceError("SERVICE_UNAVAILABLE", MAIL_NOT_CONFIGURED);
  const { decision, file, recipient } = await buildLetter(db, input.decisionId, input.recipient);
  const { patient } = decision.case;
  try {
    await sendMail(
      config,
      {
        to,
        subject: `Tumour board letter: ${patient.familyName.toUpperCase()}, ${patient.givenName} (MRN ${patient.mrn})`,
        text: `Dear ${recipient.name},\n\nPlease find attached the letter of the ${decision.case.board.name} about your patient.\n\nThis message contains confidential patient information.`,
        attachments: [{ filename: file.filename, content: file.bytes, contentType: file.contentType }],
      },
      options.transport,
    );
  } catch (error) {
    // The name only: SMTP messages can quote addresses.
    console.error("Sending a letter failed:", error instanceof Error ? error.name : "unknown error");
    throw new ServiceError("SERVICE_UNAVAILABLE", "The mail server did not accept the letter, so it was not sent. Try again, or download it instead.");
  }
  await recordAudit(db, actor, {
    action: "letter.send",
    entityType: "Decision",
    entityId: decision.id,
    patientId: decision.case.patientId,
    detail: { recipient: input.recipient, to, version: decision.version },
  });
  return { sentTo: to, filename: file.filename };
}

/** What the case page's documents panel needs: the signed decisions, who can receive a letter, whether mail works. */
export async function caseDocumentStatus(db: Db, actor: Actor, caseId: string) {
  const kase = await db.case.findUniqueOrThrow({
    where: { id: caseId },
    select: {
      id: true,
      patientId: true,
      referringPhysicianName: true,
      referringPhysicianEmail: true,
      patient: { select: { gpName: true, gpEmail: true } },
      decisions: { orderBy: { version: "desc" }, select: { id: true, version: true, status: true, signedAt: true } },
    },
  });
  await recordAudit(db, actor, { action: "case.documents.read", entityType: "Case", entityId: kase.id, patientId: kase.patientId });
  const latest = kase.decisions[0] ?? null;
  return {
    caseId: kase.id,
    latestDecision: latest ? { id: latest.id, version: latest.version, status: latest.status } : null,
    signedDecisions: kase.decisions.filter((d) => d.status === "SIGNED").map((d) => ({ id: d.id, version: d.version, signedAt: d.signedAt! })),
    referrer: kase.referringPhysicianName?.trim() || null,
    referrerEmail: kase.referringPhysicianEmail?.trim() || null,
    gp: kase.patient.gpName?.trim() || null,
    gpEmail: kase.patient.gpEmail?.trim() || null,
    mailConfigured: mailConfig() !== null,
  };
}
