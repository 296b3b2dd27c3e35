import { z } from "zod";
import { PERMISSIONS } from "@/domain/permissions";
import { similarCases } from "@/server/services/similar-cases/similar-cases";
import { guardedProcedure, router } from "../trpc";
import { id } from "./schemas";

const text = z.string().nullable();

export const similarCasesRouter = router({
  /** The board's most similar signed decisions to a case, with what followed and why each was chosen. */
  forCase: guardedProcedure({ roles: PERMISSIONS.seePatients, scope: { via: "case", field: "caseId" } })
    .input(z.object({ caseId: id, limit: z.number().int().min(1).max(20).optional() }))
    .output(
      z.object({
        compared: z.number().int(),
        cases: z.array(
          z.object({
            caseId: z.string().nullable(),
            patientName: text,
            pseudonym: z.string(),
            board: z.string(),
            decisionQuarter: z.string(),
            stageGroup: text,
            histology: text,
            biomarkers: text,
            ecog: z.number().int().nullable(),
            ageBand: text,
            intent: text,
            modalities: text,
            treatmentGiven: text,
            treatmentFollowedRecommendation: z.boolean().nullable(),
            osDays: z.number().int().nullable(),
            osEvent: z.boolean().nullable(),
            pfsDays: z.number().int().nullable(),
            pfsEvent: z.boolean().nullable(),
            vitalStatus: text,
            latestDiseaseStatus: text,
            score: z.number(),
            reasons: z.array(z.string()),
          }),
        ),
      }),
    )
    .query(({ ctx, input }) => similarCases(ctx.db, ctx.user, input.caseId, input.limit)),
});
