import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { RELATIONSHIP_KINDS } from "@/domain/referrals/outside-patients";
import { CLINICAL_ROLES } from "@/domain/roles";
import { createReferral } from "@/server/services/referrals/create-referral";
import { findPatients, listMyReferrals } from "@/server/services/referrals/find-patients";
import { findSimilarPatients } from "@/server/services/referrals/find-similar-patients";
import { lookupOutsidePatient } from "@/server/services/referrals/lookup-outside-patient";
import { OutsideLookupLimitError } from "@/server/services/referrals/outside-lookups";
import { guardedProcedure, router } from "../trpc";
import { caseStatusSchema, id, patientHeaderSchema, questionTypeSchema, sexSchema, urgencySchema } from "./schemas";

const text = (max: number, message: string) => z.string().trim().min(1, message).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullish().transform((v) => v || null);
const birthDate = z.date({ error: "Give the birth date." });

/** Searches outside the user's boards are rate-limited: the limit's refusal becomes TOO_MANY_REQUESTS. */
async function rateLimited<T>(search: () => Promise<T>): Promise<T> {
  try {
    return await search();
  } catch (error) {
    if (error instanceof OutsideLookupLimitError) throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: error.message, cause: error });
    throw error;
  }
}

const conditionSummary = z.object({ id: z.string(), topographyCode: z.string(), topographyDisplay: z.string(), morphologyCode: z.string(), morphologyDisplay: z.string() });

export const referralInput = z.object({
  boardId: id,
  patient: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("existing"), patientId: id }),
    z.object({
      kind: z.literal("found"),
      handle: id,
      relationship: z.object({ kind: z.enum(RELATIONSHIP_KINDS), statement: optionalText(500) }).nullable(),
    }),
    z.object({
      kind: z.literal("new"),
      mrn: text(40, "Give the patient's MRN."),
      familyName: text(100, "Give the family name."),
      givenName: text(100, "Give the given name."),
      birthDate,
      sex: sexSchema,
      differentPerson: z.boolean().default(false),
    }),
  ]),
  condition: z
    .discriminatedUnion("kind", [
      z.object({ kind: z.literal("existing"), conditionId: id }),
      z.object({
        kind: z.literal("new"),
        topographyCode: z.string().trim().regex(/^C\d{2}(\.\d)?$/, "The topography must be an ICD-O-3 code such as C34.1."),
        topographyDisplay: text(120, "Describe the site."),
        morphologyCode: z.string().trim().regex(/^\d{4}\/\d$/, "The morphology must be an ICD-O-3 code such as 8140/3."),
        morphologyDisplay: text(120, "Describe the morphology."),
        diagnosisDate: z.date().nullable(),
      }),
    ])
    .nullable(),
  questionType: questionTypeSchema,
  clinicalQuestion: text(2000, "Write the question for the board."),
  urgency: urgencySchema,
  attachments: z.array(z.object({ kind: z.enum(["IMAGING", "PATHOLOGY", "LABORATORY", "LETTER", "OTHER"]), label: text(200, "Describe each attachment."), ref: optionalText(500) })).max(20),
  ecog: z.number().int().min(0, "ECOG is 0 to 5.").max(5, "ECOG is 0 to 5.").nullable(),
  referringPhysicianName: optionalText(200),
  referringPhysicianAddress: optionalText(500),
});

export const referralRouter = router({
  create: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "board", field: "boardId" } })
    .input(referralInput)
    .output(z.object({ caseId: z.string(), patientId: z.string(), meeting: z.object({ id: z.string(), startsAt: z.date() }).nullable() }))
    .mutation(({ ctx, input }) => rateLimited(() => createReferral(ctx.db, ctx.user, input))),

  findPatients: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "none" } })
    .input(z.object({ query: z.string().trim().min(2, "Type at least 2 characters.").max(100) }))
    .output(
      z.array(
        patientHeaderSchema.extend({ conditions: z.array(conditionSummary) }),
      ),
    )
    .query(({ ctx, input }) => findPatients(ctx.db, ctx.user, ctx.user.boardIds, input.query)),

  /** Outside the user's boards: MRN and birth date, answered with an opaque handle or nothing. Rate-limited. */
  lookup: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "none" } })
    .input(z.object({ mrn: text(40, "Give the patient's MRN."), birthDate }))
    .output(z.object({ handle: z.string().nullable() }))
    // A mutation: each search counts against the limit, so it runs only when the user asks (never refetched).
    .mutation(({ ctx, input }) => rateLimited(() => lookupOutsidePatient(ctx.db, ctx.user, input))),

  /** Before referring a new patient: others with the same name and birth date (details only of the user's boards' patients). */
  similarPatients: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "none" } })
    .input(z.object({ familyName: text(100, "Give the family name."), givenName: text(100, "Give the given name."), birthDate }))
    .output(z.object({ onYourBoards: z.array(patientHeaderSchema.extend({ conditions: z.array(conditionSummary) })), elsewhere: z.boolean() }))
    .mutation(({ ctx, input }) => rateLimited(() => findSimilarPatients(ctx.db, ctx.user, ctx.user.boardIds, input))),

  mine: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "none" } })
    .input(z.object({}).optional())
    .output(
      z.array(
        z.object({
          caseId: z.string(),
          boardName: z.string(),
          status: caseStatusSchema,
          urgency: urgencySchema,
          questionType: questionTypeSchema,
          referredAt: z.date(),
          waitingReason: z.string().nullable(),
          patient: patientHeaderSchema,
          meeting: z.object({ id: z.string(), startsAt: z.date() }).nullable(),
        }),
      ),
    )
    .query(({ ctx }) => listMyReferrals(ctx.db, ctx.user)),
});
