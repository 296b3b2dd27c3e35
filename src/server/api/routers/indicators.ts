import { z } from "zod";
import { PERMISSIONS } from "@/domain/permissions";
import { boardIndicators } from "@/server/services/indicators/board-indicators";
import { guardedProcedure, router } from "../trpc";
import { id } from "./schemas";

const quarter = z.string().regex(/^\d{4}-Q[1-4]$/, "A quarter looks like 2025-Q3.");
const count = z.number().int();
const maybe = z.number().nullable();
const reasons = z.array(z.object({ quarter: z.string(), reason: z.string(), count }));

export const indicatorsRouter = router({
  /** A board's quality indicators per quarter (aggregates only: no patient is named). */
  board: guardedProcedure({ roles: PERMISSIONS.seeDataset, scope: { via: "board", field: "boardId" } })
    .input(z.object({ boardId: id, from: quarter.optional(), to: quarter.optional() }).refine((i) => !i.from || !i.to || i.from <= i.to, { message: "The first quarter comes before the last.", path: ["from"] }))
    .output(
      z.object({
        board: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
        quarters: z.array(
          z.object({
            quarter: z.string(),
            casesDiscussed: count,
            medianDaysReferralToDiscussion: maybe,
            medianDaysDiscussionToTreatment: maybe,
            treated: count,
            discussedBeforeTreatment: count,
            guidelineStated: count,
            guidelineConcordant: count,
            followedStated: count,
            followed: count,
            signed: count,
            signedWithQuorum: count,
            rediscussed: count,
            timedCases: count,
            meanMinutesSpent: maybe,
            meanMinutesBudget: maybe,
            alive: count,
            aliveWithRecentStatus: count,
          }),
        ),
        guidelineDeviations: reasons,
        treatmentDeviations: reasons,
      }),
    )
    .query(({ ctx, input }) => boardIndicators(ctx.db, ctx.user, input.boardId, { from: input.from, to: input.to })),
});
