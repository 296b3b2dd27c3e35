import { z } from "zod";
import { DECISION_RECORDERS } from "@/domain/roles";
import { saveDecision } from "@/server/services/decisions/save-decision";
import { signDecision } from "@/server/services/decisions/sign-decision";
import { guardedProcedure, router } from "../trpc";
import { decisionStatusSchema, id, intentSchema, tnmPrefixSchema } from "./schemas";

const category = z.string().trim().max(20).nullable().transform((v) => v || null);
const decisionRef = z.object({ id: z.string(), version: z.number().int(), status: decisionStatusSchema });

export const decisionRouter = router({
  save: guardedProcedure({ roles: DECISION_RECORDERS, scope: { via: "case", field: "caseId" } })
    .input(
      z.object({
        caseId: id,
        meetingId: id.nullable(),
        tnmPrefix: tnmPrefixSchema.nullable(),
        tCategory: category,
        nCategory: category,
        mCategory: category,
        stageGroup: category,
        intent: intentSchema,
        recommendation: z.string().trim().min(1, "Write the board's recommendation.").max(4000),
        rationale: z.string().trim().max(4000),
      }),
    )
    .output(decisionRef)
    .mutation(({ ctx, input }) => saveDecision(ctx.db, ctx.user, input)),

  sign: guardedProcedure({ roles: ["CHAIR"], scope: { via: "decision", field: "decisionId" } })
    .input(z.object({ decisionId: id }))
    .output(decisionRef)
    .mutation(({ ctx, input }) => signDecision(ctx.db, ctx.user, input.decisionId)),
});
