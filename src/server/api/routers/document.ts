import { z } from "zod";
import { PERMISSIONS } from "@/domain/permissions";
import { CLINICAL_ROLES } from "@/domain/roles";
import { caseDocumentStatus, sendLetter } from "@/server/services/documents/letters";
import { guardedProcedure, router } from "../trpc";
import { decisionStatusSchema, id } from "./schemas";

export const letterRecipientSchema = z.enum(["referrer", "gp"]);

export const documentRouter = router({
  /** What the case's documents panel shows: signed decisions, letter recipients on file, whether e-mail works. */
  caseDocuments: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "case", field: "caseId" } })
    .input(z.object({ caseId: id }))
    .output(
      z.object({
        caseId: z.string(),
        latestDecision: z.object({ id: z.string(), version: z.number().int(), status: decisionStatusSchema }).nullable(),
        signedDecisions: z.array(z.object({ id: z.string(), version: z.number().int(), signedAt: z.date() })),
        referrer: z.string().nullable(),
        referrerEmail: z.string().nullable(),
        gp: z.string().nullable(),
        gpEmail: z.string().nullable(),
        mailConfigured: z.boolean(),
      }),
    )
    .query(({ ctx, input }) => caseDocumentStatus(ctx.db, ctx.user, input.caseId)),

  /** E-mails the letter of a signed decision to the referring physician or the GP, at an address the user types. */
  sendLetter: guardedProcedure({ roles: PERMISSIONS.sendLetters, scope: { via: "decision", field: "decisionId" } })
    .input(
      z.object({
        decisionId: id,
        recipient: letterRecipientSchema,
        to: z.string().trim().min(1, "Enter the e-mail address to send the letter to.").max(254, "That e-mail address is too long."),
      }),
    )
    .output(z.object({ sentTo: z.string(), filename: z.string() }))
    .mutation(({ ctx, input }) => sendLetter(ctx.db, ctx.user, input)),
});
