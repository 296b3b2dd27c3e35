import { z } from "zod";
import { PERMISSIONS } from "@/domain/permissions";
import { estimateForCase } from "@/server/services/estimates/estimate-for-case";
import { guardedProcedure, router } from "../trpc";
import { id, sexSchema } from "./schemas";

const validationSchema = z
  .object({
    folds: z.number().int(),
    concordance: z.number().nullable(),
    calibration: z.object({ atDays: z.number(), predicted: z.number(), observed: z.number(), lower: z.number(), upper: z.number() }).nullable(),
    calibrationSlope: z.number().nullable(),
  })
  .nullable();

const optionStats = z.object({ key: z.string(), label: z.string(), patients: z.number().int(), events: z.number().int() });

export const caseEstimateSchema = z.object({
  status: z.enum(["estimated", "unavailable"]),
  reason: z.string().nullable(),
  modelVersion: z.string(),
  fittedAt: z.date(),
  caveat: z.string(),
  inputs: z.object({ site: z.string().nullable(), stageGroup: z.string().nullable(), ecog: z.number().nullable(), ageBand: z.string(), sex: sexSchema }),
  patients: z.number().int(),
  events: z.number().int(),
  validation: validationSchema,
  options: z.array(
    optionStats.extend({
      estimates: z.array(
        z.object({ years: z.number(), survival: z.number().nullable(), lower: z.number().nullable(), upper: z.number().nullable(), note: z.enum(["beyond follow-up", "too uncertain"]).nullable() }),
      ),
      sentence: z.string().nullable(),
    }),
  ),
  notEstimated: z.array(optionStats.omit({ key: true }).extend({ key: z.string() })),
});

/**
 * The outcome estimate per treatment option beside the decision form. It is about one patient, so it needs a
 * clinical role on the case's board (researchers see no patient), and it is audited as an analysis.
 */
export const estimateRouter = router({
  forCase: guardedProcedure({ roles: PERMISSIONS.seePatients, scope: { via: "case", field: "caseId" } })
    .input(z.object({ caseId: id, stageGroup: z.string().trim().max(20).nullable().optional(), ecog: z.number().int().min(0).max(5).nullable().optional() }))
    .output(caseEstimateSchema)
    .query(async ({ ctx, input }) => {
      const { patientId: _patientId, ...estimate } = await estimateForCase(ctx.db, ctx.user, input);
      return estimate;
    }),
});
