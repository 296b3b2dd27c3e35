import { z } from "zod";
import { CLINICAL_ROLES } from "@/domain/roles";
import { listOutcomes } from "@/server/services/outcomes/list-outcomes";
import { recordOutcome } from "@/server/services/outcomes/record-outcome";
import { guardedProcedure, router } from "../trpc";
import { decisionStatusSchema, id, intentSchema, outcomeKindSchema } from "./schemas";

const outcomeRow = z.object({
  caseId: z.string(),
  boardName: z.string(),
  patient: z.object({ id: z.string(), mrn: z.string(), familyName: z.string(), givenName: z.string(), researchPseudonym: z.string() }),
  condition: z.object({ topographyDisplay: z.string(), morphologyDisplay: z.string() }).nullable(),
  decision: z.object({
    id: z.string(),
    version: z.number().int(),
    status: decisionStatusSchema,
    decidedAt: z.date(),
    staging: z.string(),
    intent: intentSchema,
    recommendation: z.string(),
  }),
  outcomes: z.array(z.object({ id: z.string(), kind: outcomeKindSchema, occurredOn: z.date(), note: z.string() })),
});

export const outcomeRouter = router({
  list: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "none" } })
    .input(z.object({}).optional())
    .output(z.array(outcomeRow))
    .query(({ ctx }) => listOutcomes(ctx.db, ctx.user, ctx.user.boardIds)),

  record: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "case", field: "caseId" } })
    .input(z.object({ caseId: id, kind: outcomeKindSchema, occurredOn: z.date(), note: z.string().trim().max(2000) }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => recordOutcome(ctx.db, ctx.user, input)),
});
