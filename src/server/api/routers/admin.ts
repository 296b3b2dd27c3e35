import { z } from "zod";
import { RELATIONSHIP_KINDS } from "@/domain/referrals/outside-patients";
import { listAuditEvents } from "@/server/services/admin/list-audit-events";
import { listDeclaredRelationships } from "@/server/services/admin/list-declared-relationships";
import { listUsers } from "@/server/services/admin/list-users";
import { reviewDeclaredRelationship } from "@/server/services/admin/review-declared-relationship";
import { guardedProcedure, router } from "../trpc";
import { id, roleSchema, specialtySchema } from "./schemas";

const adminOnly = guardedProcedure({ roles: ["ADMIN"], scope: { via: "none" } });

export const adminRouter = router({
  users: adminOnly
    .input(z.object({}).optional())
    .output(
      z.array(
        z.object({
          id: z.string(),
          email: z.string(),
          name: z.string(),
          role: roleSchema,
          specialty: specialtySchema.nullable(),
          active: z.boolean(),
          boards: z.array(z.string()),
        }),
      ),
    )
    .query(({ ctx }) => listUsers(ctx.db)),

  auditLog: adminOnly
    .input(
      z.object({
        patientId: z.string().max(64).optional(),
        action: z.string().max(64).optional(),
        before: z.string().regex(/^\d+$/).optional(),
        limit: z.number().int().min(1).max(500).default(100),
      }),
    )
    .output(
      z.array(
        z.object({
          id: z.string(),
          at: z.date(),
          actorEmail: z.string(),
          action: z.string(),
          entityType: z.string(),
          entityId: z.string().nullable(),
          patientId: z.string().nullable(),
          reason: z.string().nullable(),
        }),
      ),
    )
    .query(({ ctx, input }) => listAuditEvents(ctx.db, { ...input, before: input.before ? BigInt(input.before) : undefined })),

  /** Declared treatment relationships, for the privacy officer to review. */
  relationships: adminOnly
    .input(z.object({ pendingOnly: z.boolean().default(true) }))
    .output(
      z.array(
        z.object({
          id: z.string(),
          kind: z.enum(RELATIONSHIP_KINDS),
          statement: z.string(),
          declaredAt: z.date(),
          declaredBy: z.object({ name: z.string(), email: z.string(), role: roleSchema }),
          patientMrn: z.string(),
          boardName: z.string(),
          reviewedAt: z.date().nullable(),
          reviewedBy: z.string().nullable(),
        }),
      ),
    )
    .query(({ ctx, input }) => listDeclaredRelationships(ctx.db, ctx.user, input)),

  reviewRelationship: adminOnly
    .input(z.object({ relationshipId: id }))
    .output(z.object({ id: z.string(), reviewedAt: z.date() }))
    .mutation(({ ctx, input }) => reviewDeclaredRelationship(ctx.db, ctx.user, input.relationshipId)),
});
