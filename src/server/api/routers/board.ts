import { z } from "zod";
import { canAll, PERMISSIONS } from "@/domain/permissions";
import { CLINICAL_ROLES, ROLES } from "@/domain/roles";
import { getBoardSettings, updateBoardSettings } from "@/server/services/boards/board-settings";
import { listBoards } from "@/server/services/boards/list-my-boards";
import { boardOutcomeCompleteness } from "@/server/services/outcomes/outcome-completeness";
import { SCHEDULE_LIMITS } from "@/domain/outcomes/schedule";
import { getWaitingList } from "@/server/services/meetings/waiting-list";
import { readinessRuleSchema } from "@/server/services/readiness/rule-schema";
import { guardedProcedure, router } from "../trpc";
import { canSchema, id, roleSchema, specialtySchema, waitingCaseSchema } from "./schemas";

export const boardRouter = router({
  mine: guardedProcedure({ roles: ROLES, scope: { via: "none" } })
    .input(z.object({}).optional())
    .output(z.array(z.object({ id: z.string(), slug: z.string(), name: z.string(), tumourSite: z.string(), quorumSpecialties: z.array(specialtySchema) })))
    .query(({ ctx }) => listBoards(ctx.db, ctx.user.boardIds)),

  get: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "board", field: "boardId" } })
    .input(z.object({ boardId: id }))
    .output(
      z.object({
        id: z.string(),
        slug: z.string(),
        name: z.string(),
        tumourSite: z.string(),
        quorumSpecialties: z.array(specialtySchema),
        referralCutoffHours: z.number().int(),
        treatmentStartWeeks: z.number().int(),
        followUpMonths: z.array(z.number().int()),
        guestsCountTowardsQuorum: z.boolean(),
        /** Of the living patients with a signed decision, how many have an outcome dated in the last `months` months. */
        outcomeCompleteness: z.object({ months: z.number().int(), living: z.number().int(), withRecentStatus: z.number().int(), share: z.number().nullable() }),
        members: z.array(z.object({ id: z.string(), name: z.string(), role: roleSchema, specialty: specialtySchema.nullable() })),
        readiness: z.object({ version: z.number().int(), rules: z.array(readinessRuleSchema), createdAt: z.date().nullable(), createdBy: z.string().nullable() }),
        can: canSchema(["editBoardSettings"]),
      }),
    )
    .query(async ({ ctx, input }) => ({
      ...(await getBoardSettings(ctx.db, input.boardId)),
      outcomeCompleteness: await boardOutcomeCompleteness(ctx.db, input.boardId),
      can: canAll(ctx.user, ["editBoardSettings"], ctx.access.boardIds),
    })),

  updateSettings: guardedProcedure({ roles: PERMISSIONS.editBoardSettings, scope: { via: "board", field: "boardId" } })
    .input(
      z.object({
        boardId: id,
        quorumSpecialties: z.array(specialtySchema).max(7),
        referralCutoffHours: z.number().int().min(0, "The cut-off cannot be negative.").max(336, "The cut-off is at most 14 days (336 hours)."),
        // The outcome schedule; the service checks order and ranges (domain/outcomes/schedule.ts).
        treatmentStartWeeks: z.number().int("Give whole weeks.").optional(),
        followUpMonths: z.array(z.number().int("Give whole months.")).max(SCHEDULE_LIMITS.maxCheckpoints, `At most ${SCHEDULE_LIMITS.maxCheckpoints} follow-up checkpoints.`).optional(),
        /** Whether meeting guests who joined count towards the quorum (off by default). */
        guestsCountTowardsQuorum: z.boolean().optional(),
      }),
    )
    .output(z.object({ quorumSpecialties: z.array(specialtySchema), referralCutoffHours: z.number().int(), treatmentStartWeeks: z.number().int(), followUpMonths: z.array(z.number().int()), guestsCountTowardsQuorum: z.boolean() }))
    .mutation(({ ctx, input }) => updateBoardSettings(ctx.db, ctx.user, input)),

  waitingList: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "board", field: "boardId" } })
    .input(z.object({ boardId: id }))
    .output(z.array(waitingCaseSchema))
    .query(({ ctx, input }) => getWaitingList(ctx.db, ctx.user, input.boardId)),
});
