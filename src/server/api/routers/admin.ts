import { z } from "zod";
import { PERMISSIONS } from "@/domain/permissions";
import { listAuditEvents } from "@/server/services/admin/list-audit-events";
import { listUsers } from "@/server/services/admin/list-users";
import { guardedProcedure, router } from "../trpc";
import { id, roleSchema, specialtySchema } from "./schemas";

const adminOnly = guardedProcedure({ roles: PERMISSIONS.administer, scope: { via: "none" } });

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
        patientId: id.optional(),
        action: z.string().max(64).regex(/^[^\u0000-\u001f\u007f]*$/, "action has no control characters.").optional(),
        // The id of the last event seen; beyond PostgreSQL's bigint it could only fail in the database.
        before: z
          .string()
          .regex(/^\d{1,19}$/, "before is an audit event id.")
          .refine((v) => BigInt(v) <= 9223372036854775807n, "before is an audit event id.")
          .optional(),
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
});
