import { z } from "zod";
import { PERMISSIONS } from "@/domain/permissions";
import { CLINICAL_ROLES } from "@/domain/roles";
import { liveSnapshotSchema, liveViewSchema } from "@/server/services/live/live-view";
import {
  getLiveState,
  handOver,
  listPresenterCandidates,
  publishView,
  recordCaseTime,
  startPresenting,
  stopPresenting,
  takeOver,
} from "@/server/services/live/presenting";
import { guardedProcedure, router } from "../trpc";
import { id, roleSchema, specialtySchema } from "./schemas";

const viaMeeting = (roles: readonly ("CHAIR" | "SPECIALIST" | "COORDINATOR")[]) => ({ roles, scope: { via: "meeting", field: "meetingId" } }) as const;
const meetingInput = z.object({ meetingId: id });
/** Starting a meeting planned for another day moves it to today: the chair confirms that with `moveToToday`. */
const startInput = z.object({ meetingId: id, moveToToday: z.boolean().optional() });

export const liveRouter = router({
  /** The presenter and their latest view (what a follower applies on opening the page). */
  state: guardedProcedure(viaMeeting(CLINICAL_ROLES)).input(meetingInput).output(liveSnapshotSchema).query(({ ctx, input }) => getLiveState(ctx.db, input.meetingId)),

  /** Board members who can take the presenter role. */
  candidates: guardedProcedure(viaMeeting(CLINICAL_ROLES))
    .input(meetingInput)
    .output(z.array(z.object({ id: z.string(), name: z.string(), role: roleSchema, specialty: specialtySchema.nullable(), attending: z.boolean(), presenting: z.boolean() })))
    .query(({ ctx, input }) => listPresenterCandidates(ctx.db, input.meetingId)),

  start: guardedProcedure(viaMeeting(PERMISSIONS.present)).input(startInput).output(liveSnapshotSchema).mutation(({ ctx, input }) => startPresenting(ctx.db, ctx.user, input)),

  takeOver: guardedProcedure(viaMeeting(PERMISSIONS.present)).input(startInput).output(liveSnapshotSchema).mutation(({ ctx, input }) => takeOver(ctx.db, ctx.user, input)),

  handOver: guardedProcedure(viaMeeting(CLINICAL_ROLES))
    .input(z.object({ meetingId: id, toUserId: id }))
    .output(liveSnapshotSchema)
    .mutation(({ ctx, input }) => handOver(ctx.db, ctx.user, input)),

  stop: guardedProcedure(viaMeeting(CLINICAL_ROLES)).input(meetingInput).output(liveSnapshotSchema).mutation(({ ctx, input }) => stopPresenting(ctx.db, ctx.user, input.meetingId)),

  publish: guardedProcedure(viaMeeting(CLINICAL_ROLES))
    .input(z.object({ meetingId: id, view: liveViewSchema }))
    .output(z.object({ seq: z.number().int() }))
    .mutation(({ ctx, input }) => publishView(ctx.db, ctx.user, input)),

  recordTime: guardedProcedure(viaMeeting(CLINICAL_ROLES))
    .input(z.object({ meetingId: id, agendaItemId: id, seconds: z.number().int().min(1, "At least one second.").max(86_400, "At most a day.") }))
    .output(z.object({ agendaItemId: z.string(), secondsSpent: z.number().int() }))
    .mutation(({ ctx, input }) => recordCaseTime(ctx.db, ctx.user, input)),
});
