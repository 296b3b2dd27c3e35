import { z } from "zod";
import { canAll, PERMISSIONS } from "@/domain/permissions";
import { CLINICAL_ROLES } from "@/domain/roles";
import { getAttendance, setAttendance } from "@/server/services/meetings/attendance";
import { cancelMeeting } from "@/server/services/meetings/cancel-meeting";
import { addCaseToAgenda, removeCaseFromAgenda, reorderAgenda, setAgendaMinutes } from "@/server/services/meetings/edit-agenda";
import { finishMeeting } from "@/server/services/meetings/finish-meeting";
import { getAgenda } from "@/server/services/meetings/get-agenda";
import { listMeetings } from "@/server/services/meetings/list-meetings";
import { publishAgenda } from "@/server/services/meetings/publish-agenda";
import { createMeeting, updateMeeting } from "@/server/services/meetings/schedule-meeting";
import { getWaitingList } from "@/server/services/meetings/waiting-list";
import { guardedProcedure, router } from "../trpc";
import {
  agendaItemStatusSchema,
  decisionStatusSchema,
  id,
  intentSchema,
  meetingStatusSchema,
  patientHeaderSchema,
  readinessStatusSchema,
  questionTypeSchema,
  roleSchema,
  specialtySchema,
  urgencySchema,
  waitingCaseSchema,
  canSchema,
} from "./schemas";

/** What an agenda's reader may do with it: build it and run the meeting, present it live. */
const AGENDA_ACTIONS = ["editAgenda", "present"] as const;

/** Who prepares and runs the agenda: the chair and the coordinator. */
const AGENDA_EDITORS = PERMISSIONS.editAgenda;

const meetingSummary = z.object({
  id: z.string(),
  boardId: z.string(),
  boardName: z.string(),
  startsAt: z.date(),
  durationMinutes: z.number().int(),
  location: z.string().nullable(),
  status: meetingStatusSchema,
  caseCount: z.number().int(),
  decisionCount: z.number().int(),
});

const itemStateSchema = z.enum(["CURRENT", "STALE", "MISSING"]);
const budgetSchema = z.object({ plannedMinutes: z.number(), meetingMinutes: z.number(), overrunMinutes: z.number(), fill: z.number() });

const agenda = z.object({
  id: z.string(),
  board: z.object({ id: z.string(), name: z.string() }),
  startsAt: z.date(),
  durationMinutes: z.number().int(),
  location: z.string().nullable(),
  videoLink: z.string().nullable(),
  status: meetingStatusSchema,
  revision: z.number().int(),
  publishedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  cancelledAt: z.date().nullable(),
  cancelReason: z.string().nullable(),
  budget: budgetSchema,
  suggestedOrder: z.object({ ids: z.array(z.string()), reasons: z.record(z.string(), z.string()) }),
  items: z.array(
    z.object({
      id: z.string(),
      position: z.number().int(),
      minutesBudget: z.number().int(),
      status: agendaItemStatusSchema,
      deferredReason: z.string().nullable(),
      caseId: z.string(),
      questionType: questionTypeSchema,
      clinicalQuestion: z.string(),
      urgency: urgencySchema,
      referredAt: z.date(),
      referrerName: z.string(),
      waitingReason: z.string().nullable(),
      patient: patientHeaderSchema,
      condition: z.object({ topographyCode: z.string(), topographyDisplay: z.string(), morphologyDisplay: z.string() }).nullable(),
      latestDecision: z.object({ id: z.string(), status: decisionStatusSchema, stageGroup: z.string().nullable(), intent: intentSchema }).nullable(),
      readiness: z.object({
        status: readinessStatusSchema,
        missing: z.number().int(),
        stale: z.number().int(),
        items: z.array(z.object({ key: z.string(), label: z.string(), state: itemStateSchema, detail: z.string(), responsibleSpecialty: specialtySchema, requested: z.boolean() })),
      }),
    }),
  ),
});
/** An agenda as its reader gets it: with what they may do with it. */
const agendaForReader = agenda.extend({ can: canSchema(AGENDA_ACTIONS) });
export type Agenda = z.infer<typeof agendaForReader>;

const agendaChange = z.object({ revision: z.number().int(), budget: budgetSchema, warning: z.string().nullable() });
const revision = z.number().int().min(0);
const minutes = z.number().int().min(1, "Give at least 1 minute.").max(120, "A case may take at most 120 minutes.");
const meetingFields = {
  startsAt: z.date(),
  durationMinutes: z.number().int().min(10, "A meeting lasts at least 10 minutes.").max(480, "A meeting lasts at most 8 hours."),
  location: z.string().trim().max(200).nullable().transform((v) => v || null),
  videoLink: z
    .string()
    .trim()
    .max(500)
    .nullable()
    .transform((v) => v || null)
    .refine((v) => v === null || /^https:\/\/\S+$/.test(v), "The video link must be an https:// address."),
};
const quorumSchema = z.object({
  required: z.array(specialtySchema),
  quorate: z.boolean(),
  missing: z.array(specialtySchema),
  attendees: z.array(z.object({ userId: z.string(), name: z.string(), specialty: specialtySchema, mode: z.enum(["IN_ROOM", "REMOTE"]) })),
  guests: z.array(z.object({ guestId: z.string(), name: z.string(), affiliation: z.string(), specialty: specialtySchema.nullable(), countsTowardsQuorum: z.boolean() })),
});

export const meetingRouter = router({
  list: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "none" } })
    .input(z.object({}).optional())
    .output(z.object({ upcoming: z.array(meetingSummary), past: z.array(meetingSummary), can: canSchema(["editAgenda"]) }))
    // Scheduling is for an editor of any of the user's boards.
    .query(async ({ ctx }) => ({ ...(await listMeetings(ctx.db, ctx.user.boardIds, new Date())), can: canAll(ctx.user, ["editAgenda"], ctx.user.boardIds) })),

  agenda: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "meeting", field: "meetingId" } })
    .input(z.object({ meetingId: id }))
    .output(agendaForReader)
    .query(async ({ ctx, input }) => ({ ...(await getAgenda(ctx.db, ctx.user, input.meetingId)), can: canAll(ctx.user, AGENDA_ACTIONS, ctx.access.boardIds) })),

  create: guardedProcedure({ roles: AGENDA_EDITORS, scope: { via: "board", field: "boardId" } })
    .input(z.object({ boardId: id, ...meetingFields }))
    .output(z.object({ id: z.string(), startsAt: z.date() }))
    .mutation(({ ctx, input }) => createMeeting(ctx.db, ctx.user, input)),

  update: guardedProcedure({ roles: AGENDA_EDITORS, scope: { via: "meeting", field: "meetingId" } })
    .input(z.object({ meetingId: id, ...meetingFields }))
    .output(z.object({ id: z.string(), startsAt: z.date() }))
    .mutation(({ ctx, input }) => updateMeeting(ctx.db, ctx.user, input)),

  waitingList: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "meeting", field: "meetingId" } })
    .input(z.object({ meetingId: id }))
    .output(z.array(waitingCaseSchema))
    .query(({ ctx }) => getWaitingList(ctx.db, ctx.user, ctx.access.boardIds![0]!)),

  addCase: guardedProcedure({ roles: AGENDA_EDITORS, scope: { via: "meeting", field: "meetingId" } })
    .input(z.object({ meetingId: id, caseId: id, expectedRevision: revision, minutesBudget: minutes.optional() }))
    .output(agendaChange)
    .mutation(({ ctx, input }) => addCaseToAgenda(ctx.db, ctx.user, input)),

  removeCase: guardedProcedure({ roles: AGENDA_EDITORS, scope: { via: "meeting", field: "meetingId" } })
    .input(z.object({ meetingId: id, itemId: id, expectedRevision: revision, reason: z.string().trim().max(300).optional() }))
    .output(agendaChange)
    .mutation(({ ctx, input }) => removeCaseFromAgenda(ctx.db, ctx.user, input)),

  reorder: guardedProcedure({ roles: AGENDA_EDITORS, scope: { via: "meeting", field: "meetingId" } })
    .input(z.object({ meetingId: id, itemIds: z.array(id).min(1).max(200), expectedRevision: revision }))
    .output(agendaChange)
    .mutation(({ ctx, input }) => reorderAgenda(ctx.db, ctx.user, input)),

  setMinutes: guardedProcedure({ roles: AGENDA_EDITORS, scope: { via: "meeting", field: "meetingId" } })
    .input(z.object({ meetingId: id, itemId: id, minutesBudget: minutes, expectedRevision: revision }))
    .output(agendaChange)
    .mutation(({ ctx, input }) => setAgendaMinutes(ctx.db, ctx.user, input)),

  publish: guardedProcedure({ roles: AGENDA_EDITORS, scope: { via: "meeting", field: "meetingId" } })
    .input(z.object({ meetingId: id }))
    .output(
      z.object({
        publishedAt: z.date(),
        republished: z.boolean(),
        notified: z.number().int(),
        mail: z.object({ configured: z.boolean(), sent: z.number().int(), failed: z.number().int() }),
      }),
    )
    .mutation(({ ctx, input }) => publishAgenda(ctx.db, ctx.user, input.meetingId)),

  finish: guardedProcedure({ roles: AGENDA_EDITORS, scope: { via: "meeting", field: "meetingId" } })
    .input(z.object({ meetingId: id, reasons: z.array(z.object({ itemId: id, reason: z.string().trim().max(300) })).max(200).optional() }))
    .output(
      z.object({
        discussed: z.number().int(),
        moved: z.array(z.object({ caseId: z.string(), reason: z.string(), to: z.object({ meetingId: z.string(), startsAt: z.date() }).nullable() })),
      }),
    )
    .mutation(({ ctx, input }) => finishMeeting(ctx.db, ctx.user, input)),

  cancel: guardedProcedure({ roles: AGENDA_EDITORS, scope: { via: "meeting", field: "meetingId" } })
    .input(z.object({ meetingId: id, reason: z.string().trim().min(3, "Give the reason for cancelling: members and referrers are told it.").max(300) }))
    .output(
      z.object({
        moved: z.array(z.object({ caseId: z.string(), to: z.object({ meetingId: z.string(), startsAt: z.date() }).nullable() })),
        notified: z.number().int(),
        mail: z.object({ configured: z.boolean(), sent: z.number().int(), failed: z.number().int() }).nullable(),
      }),
    )
    .mutation(({ ctx, input }) => cancelMeeting(ctx.db, ctx.user, input)),

  attendance: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "meeting", field: "meetingId" } })
    .input(z.object({ meetingId: id }))
    .output(
      z.object({
        members: z.array(z.object({ userId: z.string(), name: z.string(), role: roleSchema, specialty: specialtySchema, mode: z.enum(["IN_ROOM", "REMOTE"]).nullable() })),
        quorum: quorumSchema,
      }),
    )
    .query(({ ctx, input }) => getAttendance(ctx.db, input.meetingId)),

  setAttendance: guardedProcedure({ roles: AGENDA_EDITORS, scope: { via: "meeting", field: "meetingId" } })
    .input(z.object({ meetingId: id, userId: id, mode: z.enum(["IN_ROOM", "REMOTE"]).nullable() }))
    .output(quorumSchema)
    .mutation(({ ctx, input }) => setAttendance(ctx.db, ctx.user, input)),
});
