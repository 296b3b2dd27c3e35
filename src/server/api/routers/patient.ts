import { z } from "zod";
import { CLINICAL_ROLES } from "@/domain/roles";
import { updatePatientGp } from "@/server/services/patients/contact-details";
import { searchPatients } from "@/server/services/patients/search-patients";
import { guardedProcedure, router } from "../trpc";
import { asContactEdit, generalPractitionerInput, generalPractitionerOutput, revision } from "./contact-details";
import { caseStatusSchema, id, patientHeaderSchema, questionTypeSchema } from "./schemas";

const searchInput = z
  .object({
    text: z.string().trim().max(100, "Search with at most 100 characters."),
    birthDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "Give the birth date as YYYY-MM-DD.")
      // A date that exists: 1971-02-31 would otherwise roll over to 3 March.
      .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "That is not a date.")
      .nullable(),
  })
  .refine((q) => q.text.length >= 2 || q.birthDate !== null, { path: ["text"], message: "Type at least 2 characters of an MRN or name, or give a birth date." });

export const patientRouter = router({
  /** Patients with a case on the caller's boards, by MRN, part of a name or birth date. Administrators see no patients. */
  search: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "none" } })
    .input(searchInput)
    .output(
      z.object({
        total: z.number().int(),
        patients: z.array(
          patientHeaderSchema.extend({
            boards: z.array(z.object({ id: z.string(), name: z.string() })),
            cases: z.array(z.object({ id: z.string(), status: caseStatusSchema, questionType: questionTypeSchema, referredAt: z.date(), boardName: z.string() })),
          }),
        ),
      }),
    )
    .query(({ ctx, input }) => searchPatients(ctx.db, ctx.user, ctx.user.boardIds, input)),

  /** Changes the patient's GP from one of their cases (chair, coordinator, or the specialist who referred the case). */
  updateGp: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "case", field: "caseId" } })
    .input(z.object({ caseId: id, revision, gp: generalPractitionerInput }))
    .output(generalPractitionerOutput)
    .mutation(({ ctx, input }) => asContactEdit(() => updatePatientGp(ctx.db, ctx.user, input))),
});
