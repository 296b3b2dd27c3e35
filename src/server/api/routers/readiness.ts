import { z } from "zod";
import { PERMISSIONS } from "@/domain/permissions";
import { READINESS_KINDS } from "@/domain/readiness/readiness";
import { CLINICAL_ROLES } from "@/domain/roles";
import { getCaseReadiness, requestReadinessItem } from "@/server/services/readiness/case-readiness";
import { readinessRulesSchema } from "@/server/services/readiness/rule-schema";
import { getRuleSet, saveRuleSet } from "@/server/services/readiness/rule-sets";
import { guardedProcedure, router } from "../trpc";
import { id, specialtySchema } from "./schemas";

export const readinessRouter = router({
  rules: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "board", field: "boardId" } })
    .input(z.object({ boardId: id }))
    .output(z.object({ boardId: z.string(), version: z.number().int(), rules: readinessRulesSchema, createdAt: z.date().nullable(), createdBy: z.string().nullable() }))
    .query(({ ctx, input }) => getRuleSet(ctx.db, input.boardId)),

  saveRules: guardedProcedure({ roles: PERMISSIONS.editBoardSettings, scope: { via: "board", field: "boardId" } })
    .input(z.object({ boardId: id, expectedVersion: z.number().int().min(0), rules: readinessRulesSchema }))
    .output(z.object({ version: z.number().int() }))
    .mutation(({ ctx, input }) => saveRuleSet(ctx.db, ctx.user, input)),

  forCase: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "case", field: "caseId" } })
    .input(z.object({ caseId: id }))
    .output(
      z.object({
        caseId: z.string(),
        ruleSetVersion: z.number().int(),
        status: z.enum(["READY", "STALE", "NOT_READY"]),
        missing: z.number().int(),
        stale: z.number().int(),
        items: z.array(
          z.object({
            key: z.string(),
            label: z.string(),
            kind: z.enum(READINESS_KINDS),
            state: z.enum(["CURRENT", "STALE", "MISSING"]),
            detail: z.string(),
            responsibleSpecialty: specialtySchema,
            evidenceDate: z.date().nullable(),
            request: z.object({ ownerLabel: z.string(), createdAt: z.date() }).nullable(),
            candidates: z.array(z.object({ id: z.string(), name: z.string() })),
          }),
        ),
      }),
    )
    .query(({ ctx, input }) => getCaseReadiness(ctx.db, ctx.user, input.caseId)),

  request: guardedProcedure({ roles: PERMISSIONS.requestReadiness, scope: { via: "case", field: "caseId" } })
    .input(z.object({ caseId: id, readinessKey: z.string().min(1).max(40), ownerId: id.nullish(), note: z.string().trim().max(500).optional() }))
    .output(z.object({ taskId: z.string(), alreadyRequested: z.boolean(), notified: z.number().int() }))
    .mutation(({ ctx, input }) => requestReadinessItem(ctx.db, ctx.user, input)),
});
