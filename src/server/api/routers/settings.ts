import { z } from "zod";
import { PERMISSIONS } from "@/domain/permissions";
import { MAX_K, MIN_K } from "@/domain/outcomes/research-export";
import { getDatasetPrivacy, updateDatasetPrivacy } from "@/server/services/settings/dataset-privacy";
import { getLetterhead, updateLetterhead } from "@/server/services/settings/letterhead";
import { guardedProcedure, router } from "../trpc";

const adminOnly = guardedProcedure({ roles: PERMISSIONS.administer, scope: { via: "none" } });

const letterheadOutput = z.object({
  hospital: z.string(),
  department: z.string(),
  address: z.string(),
  phone: z.string(),
  email: z.string(),
  isDefault: z.boolean(),
  updatedAt: z.date().nullable(),
});

const datasetPrivacyOutput = z.object({ k: z.number().int(), isDefault: z.boolean() });

export const settingsRouter = router({
  letterhead: adminOnly.input(z.object({}).optional()).output(letterheadOutput).query(({ ctx }) => getLetterhead(ctx.db)),

  updateLetterhead: adminOnly
    .input(
      z.object({
        hospital: z.string().trim().min(1, "Enter the hospital's name.").max(120, "Keep the hospital's name under 120 characters."),
        department: z.string().trim().min(1, "Enter the department (e.g. Multidisciplinary Tumour Board).").max(120, "Keep the department under 120 characters."),
        address: z.string().trim().max(400, "Keep the address under 400 characters.").refine((a) => a.split(/\r?\n/).length <= 6, "Use at most 6 lines for the address."),
        phone: z.string().trim().max(40, "Keep the phone number under 40 characters.").regex(/^[0-9+()\-./ ]*$/, "A phone number has digits, spaces and + ( ) - . / only."),
        email: z.union([z.literal(""), z.email("Enter a valid e-mail address, or leave it empty.").max(254)]),
      }),
    )
    .output(letterheadOutput)
    .mutation(({ ctx, input }) => updateLetterhead(ctx.db, ctx.user, input)),

  /** The k of the pseudonymised exports' k-anonymity check. */
  datasetPrivacy: adminOnly.input(z.object({}).optional()).output(datasetPrivacyOutput).query(({ ctx }) => getDatasetPrivacy(ctx.db)),

  updateDatasetPrivacy: adminOnly
    .input(z.object({ k: z.number({ error: "Enter k as a whole number." }).int("Enter k as a whole number.").min(MIN_K, `k is at least ${MIN_K}.`).max(MAX_K, `k is at most ${MAX_K}.`) }))
    .output(datasetPrivacyOutput)
    .mutation(({ ctx, input }) => updateDatasetPrivacy(ctx.db, ctx.user, input)),
});
