import { z } from "zod";
import { canAll, PERMISSIONS } from "@/domain/permissions";
import { CLINICAL_ROLES } from "@/domain/roles";
import { mailConfig } from "@/integrations/mail/smtp";
import { inviteGuest } from "@/server/services/meeting-guests/invite-guest";
import { listGuests, revokeGuest } from "@/server/services/meeting-guests/meeting-guests";
import { guardedProcedure, router } from "../trpc";
import { canSchema, id, specialtySchema } from "./schemas";

const MEETING_SCOPE = { via: "meeting", field: "meetingId" } as const;
const ACTIONS = ["inviteGuests"] as const;

const guestOutput = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  affiliation: z.string(),
  note: z.string(),
  specialty: specialtySchema.nullable(),
  invitedBy: z.string(),
  createdAt: z.date(),
  joinedAt: z.date().nullable(),
  status: z.enum(["invited", "joined", "revoked", "ended", "expired", "locked"]),
});

export const meetingGuestRouter = router({
  /** The meeting's guests with the state of each invitation, and whether this user may invite. */
  list: guardedProcedure({ roles: CLINICAL_ROLES, scope: MEETING_SCOPE })
    .input(z.object({ meetingId: id }))
    .output(z.object({ guests: z.array(guestOutput), emailConfigured: z.boolean(), can: canSchema(ACTIONS) }))
    .query(async ({ ctx, input }) => ({
      guests: await listGuests(ctx.db, input.meetingId),
      emailConfigured: mailConfig() !== null,
      can: canAll(ctx.user, ACTIONS, ctx.access.boardIds),
    })),

  /** Invites a guest to this meeting: e-mails them a link (no patient data in the mail). */
  invite: guardedProcedure({ roles: PERMISSIONS.inviteGuests, scope: MEETING_SCOPE })
    .input(
      z.object({
        meetingId: id,
        name: z.string().trim().min(1, "Give the guest's name.").max(200),
        email: z.string().trim().max(254),
        affiliation: z.string().trim().min(1, "Give the guest's hospital and role.").max(300),
        note: z.string().trim().max(2000).default(""),
        specialty: specialtySchema.nullable().default(null),
        origin: z.url({ protocol: /^https?$/, error: "origin is the address of this site." }).max(200),
      }),
    )
    .output(z.object({ id: z.string(), expiresAt: z.date() }))
    .mutation(({ ctx, input }) => inviteGuest(ctx.db, ctx.user, input, { origin: new URL(input.origin).origin })),

  /** Withdraws an invitation at once; a guest in the meeting is refused on their next request. */
  revoke: guardedProcedure({ roles: PERMISSIONS.inviteGuests, scope: MEETING_SCOPE })
    .input(z.object({ meetingId: id, guestId: id }))
    .output(z.object({ revokedAt: z.date() }))
    .mutation(({ ctx, input }) => revokeGuest(ctx.db, ctx.user, input.meetingId, input.guestId)),
});
