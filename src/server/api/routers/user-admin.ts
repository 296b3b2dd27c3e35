import { z } from "zod";
import { isEmailAddress } from "@/integrations/mail/smtp";
import { createUser } from "@/server/services/admin/users/create-user";
import { deactivateUser } from "@/server/services/admin/users/deactivate-user";
import { getUser } from "@/server/services/admin/users/get-user";
import { reactivateUser } from "@/server/services/admin/users/reactivate-user";
import { searchUsers } from "@/server/services/admin/users/search-users";
import { sendSetPasswordLink } from "@/server/services/admin/users/send-set-password-link";
import { summarizeAdministration } from "@/server/services/admin/users/summarize-administration";
import { updateUser } from "@/server/services/admin/users/update-user";
import { guardedProcedure, router } from "../trpc";
import { id, roleSchema, specialtySchema } from "./schemas";

// User administration holds no patient data: the administrator alone, on no board.
const adminOnly = guardedProcedure({ roles: ["ADMIN"], scope: { via: "none" } });

const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;
const nameSchema = z.string().trim().min(1, "A name must be given.").max(120, "A name has at most 120 characters.").regex(NO_CONTROL, "A name has no control characters.");
const emailSchema = z.string().trim().max(320, "An e-mail address has at most 320 characters.").refine(isEmailAddress, "This is not an e-mail address.");
const revisionSchema = z.number().int().min(0);
const boardIdsSchema = z.array(id).max(100);
const boardChoiceSchema = z.object({ id: z.string(), name: z.string() });

const profileInput = { name: nameSchema, role: roleSchema, specialty: specialtySchema.nullable(), boardIds: boardIdsSchema };
const revisionOutput = z.object({ revision: z.number().int() });
/** A user account as the list and the user's page show it. */
const accountSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  specialty: specialtySchema.nullable(),
  active: z.boolean(),
  revision: z.number().int(),
  hasPassword: z.boolean(),
  lastSignInAt: z.date().nullable(),
});

export const userAdminRouter = router({
  overview: adminOnly
    .input(z.object({}).optional())
    .output(
      z.object({
        activeUsers: z.number().int(),
        inactiveUsers: z.number().int(),
        activeAdmins: z.number().int(),
        withoutPassword: z.number().int(),
        boards: z.array(z.object({ id: z.string(), name: z.string(), tumourSite: z.string(), activeMembers: z.number().int() })),
        emailConfigured: z.boolean(),
      }),
    )
    .query(({ ctx }) => summarizeAdministration(ctx.db)),

  list: adminOnly
    .input(z.object({ search: z.string().max(200).regex(NO_CONTROL).optional() }))
    .output(
      z.object({
        users: z.array(accountSchema.extend({ boards: z.array(boardChoiceSchema) })),
        boards: z.array(boardChoiceSchema),
        emailConfigured: z.boolean(),
      }),
    )
    .query(({ ctx, input }) => searchUsers(ctx.db, input)),

  get: adminOnly
    .input(z.object({ userId: id }))
    .output(
      z.object({
        user: accountSchema.extend({ boardIds: z.array(z.string()), openSessions: z.number().int() }),
        boards: z.array(boardChoiceSchema),
        emailConfigured: z.boolean(),
      }),
    )
    .query(({ ctx, input }) => getUser(ctx.db, input.userId)),

  create: adminOnly
    .input(z.object({ ...profileInput, email: emailSchema }))
    .output(z.object({ id: z.string(), revision: z.number().int() }))
    .mutation(({ ctx, input }) => createUser(ctx.db, ctx.user, input)),

  update: adminOnly
    .input(z.object({ ...profileInput, userId: id, revision: revisionSchema }))
    .output(revisionOutput)
    .mutation(({ ctx, input }) => updateUser(ctx.db, ctx.user, input)),

  deactivate: adminOnly
    .input(z.object({ userId: id, revision: revisionSchema }))
    .output(z.object({ revision: z.number().int(), sessionsRevoked: z.number().int() }))
    .mutation(({ ctx, input }) => deactivateUser(ctx.db, ctx.user, input)),

  reactivate: adminOnly
    .input(z.object({ userId: id, revision: revisionSchema }))
    .output(revisionOutput)
    .mutation(({ ctx, input }) => reactivateUser(ctx.db, ctx.user, input)),

  sendSetPasswordLink: adminOnly
    .input(z.object({ userId: id, origin: z.url({ protocol: /^https?$/, error: "origin is the address of this site." }).max(200) }))
    .output(z.object({ emailed: z.boolean(), expiresAt: z.date(), link: z.string().nullable() }))
    .mutation(({ ctx, input }) => sendSetPasswordLink(ctx.db, ctx.user, input.userId, { origin: new URL(input.origin).origin })),
});
