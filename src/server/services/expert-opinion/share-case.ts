import type { PrismaClient } from "@/generated/prisma/client";
import { DEFAULT_SHARE_DAYS, shareExpiry } from "@/domain/expert-opinion/share-rules";
import { formatCalendarDateIn } from "./share-format";
import { isEmailAddress, mailConfig, sendMail, type MailConfig, type MailTransport } from "@/integrations/mail/smtp";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../db-types";
import { ServiceError } from "../errors";
import { digest, newToken } from "./share-secrets";

export interface ShareCaseInput {
  caseId: string;
  expertName: string;
  expertEmail: string;
  question: string;
  studyInstanceUids: string[];
  slideIds: string[];
  /** Show the expert the board's latest recommendation (draft or signed). */
  includeDecision: boolean;
  /** false by default: the expert sees the research pseudonym instead of name, MRN and birth date. */
  identifiable: boolean;
  days?: number;
}

export interface ShareOptions {
  /** Where the app is reached when CONCILIUM_PUBLIC_URL is not set: the origin of the sharer's page. */
  origin: string;
  config?: MailConfig | null;
  transport?: MailTransport;
  now?: Date;
}

/**
 * Shares one case with an outside expert: the chosen studies and slides (of the case's patient only), the question
 * and, if chosen, the board's recommendation. The e-mail carries the link and the sharer's name, never patient data;
 * the link opens nothing until a one-time code, sent separately, is confirmed. Without SMTP nothing is shared: the
 * code could not reach the expert.
 */
export async function shareCase(db: PrismaClient, actor: Actor, input: ShareCaseInput, options: ShareOptions) {
  const now = options.now ?? new Date();
  const config = options.config === undefined ? mailConfig() : options.config;
  const expertEmail = input.expertEmail.trim().toLowerCase();
  if (!isEmailAddress(expertEmail)) throw new ServiceError("BAD_REQUEST", "Give the expert's e-mail address.", [{ field: "expertEmail", message: "Give the expert's e-mail address." }]);
  if (!config) throw new ServiceError("SERVICE_UNAVAILABLE", "E-mail is not configured on this server (SMTP_URL): a case cannot be shared with an outside expert.");
  if (input.studyInstanceUids.length + input.slideIds.length === 0) {
    throw new ServiceError("BAD_REQUEST", "Choose at least one study or slide to share.", [{ field: "material", message: "Choose at least one study or slide to share." }]);
  }
  const kase = await db.case.findUniqueOrThrow({
    where: { id: input.caseId },
    select: { id: true, patientId: true, board: { select: { name: true } }, decisions: { orderBy: [{ version: "desc" }, { updatedAt: "desc" }], take: 1, select: { id: true } } },
  });
  // Only material of this case's patient can be shared: an id of anyone else's is refused, not skipped.
  const [studies, slides] = await Promise.all([
    db.imagingStudy.count({ where: { patientId: kase.patientId, studyInstanceUid: { in: input.studyInstanceUids } } }),
    db.slide.count({ where: { patientId: kase.patientId, id: { in: input.slideIds } } }),
  ]);
  if (studies !== new Set(input.studyInstanceUids).size || slides !== new Set(input.slideIds).size) {
    throw new ServiceError("BAD_REQUEST", "Only this patient's studies and slides can be shared.");
  }
  const decisionId = input.includeDecision ? (kase.decisions[0]?.id ?? null) : null;
  const token = newToken();
  const expiresAt = shareExpiry(now, input.days ?? DEFAULT_SHARE_DAYS);
  const share = await db.$transaction(async (tx) => {
    const created = await tx.expertShare.create({
      data: {
        caseId: kase.id,
        createdById: actor.id,
        expertName: input.expertName.trim(),
        expertEmail,
        question: input.question.trim(),
        studyInstanceUids: [...new Set(input.studyInstanceUids)],
        slideIds: [...new Set(input.slideIds)],
        decisionId,
        identifiable: input.identifiable,
        tokenHash: digest(token),
        expiresAt,
      },
    });
    await recordAudit(tx, actor, {
      action: "expert-share.create",
      entityType: "ExpertShare",
      entityId: created.id,
      patientId: kase.patientId,
      detail: { expertEmail, studies: created.studyInstanceUids.length, slides: created.slideIds.length, decision: decisionId !== null, identifiable: input.identifiable, expiresAt: expiresAt.toISOString() },
    });
    return created;
  });

  const base = (process.env.CONCILIUM_PUBLIC_URL?.trim() || options.origin).replace(/\/+$/, "");
  try {
    await sendMail(
      config,
      {
        to: expertEmail,
        subject: "Concilium: a request for your second opinion",
        text: [
          `Dear ${share.expertName},`,
          "",
          `${actorName(actor)} of the ${kase.board.name} asks for your opinion on one case. Open this link to see it:`,
          `${base}/opinion/${token}`,
          "",
          "For your protection, a one-time code is sent to this address in a separate e-mail when you open the link.",
          `The link works until ${formatCalendarDateIn(expiresAt)} and can be withdrawn by the board at any time.`,
          "This e-mail contains no patient data. If you did not expect it, ignore it.",
        ].join("\n"),
      },
      options.transport,
    );
  } catch {
    // A link nobody received must not stay usable.
    await db.expertShare.update({ where: { id: share.id }, data: { revokedAt: new Date(), revokedById: actor.id } });
    throw new ServiceError("SERVICE_UNAVAILABLE", "The e-mail could not be sent, so nothing was shared. Check the mail server and try again.");
  }
  return { id: share.id, expiresAt };
}

const actorName = (actor: Actor) => ("name" in actor && typeof actor.name === "string" ? actor.name : actor.email);
