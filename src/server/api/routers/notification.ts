import { z } from "zod";
import { ROLES } from "@/domain/roles";
import { listNotifications, markNotificationsRead } from "@/server/services/notifications/notifications";
import { guardedProcedure, router } from "../trpc";
import { id } from "./schemas";

const kindSchema = z.enum(["AGENDA_PUBLISHED", "TASK_ASSIGNED", "CASE_REFERRED", "CASE_MOVED", "DECISION_SIGNED", "MEETING_CANCELLED", "RELATIONSHIP_DECLARED", "EXPERT_OPINION"]);

// A user's own notifications only: the services filter by the signed-in user, never by an ID from the input.
export const notificationRouter = router({
  list: guardedProcedure({ roles: ROLES, scope: { via: "none" } })
    .input(z.object({}).optional())
    .output(
      z.object({
        unread: z.number().int(),
        items: z.array(z.object({ id: z.string(), kind: kindSchema, title: z.string(), body: z.string(), link: z.string().nullable(), readAt: z.date().nullable(), createdAt: z.date() })),
      }),
    )
    .query(({ ctx }) => listNotifications(ctx.db, ctx.user.id)),

  markRead: guardedProcedure({ roles: ROLES, scope: { via: "none" } })
    .input(z.object({ ids: z.union([z.array(id).max(200), z.literal("all")]) }))
    .output(z.object({ marked: z.number().int() }))
    .mutation(({ ctx, input }) => markNotificationsRead(ctx.db, ctx.user.id, input.ids)),
});
