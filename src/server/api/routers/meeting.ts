import { z } from "zod";
import { CLINICAL_ROLES } from "@/domain/roles";
import { getAgenda } from "@/server/services/meetings/get-agenda";
import { listMeetings } from "@/server/services/meetings/list-meetings";
import { guardedProcedure, router } from "../trpc";
import { agendaItemStatusSchema, decisionStatusSchema, id, intentSchema, meetingStatusSchema, patientHeaderSchema, questionTypeSchema, urgencySchema } from "./schemas";

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

const agenda = z.object({
  id: z.string(),
  board: z.object({ id: z.string(), name: z.string() }),
  startsAt: z.date(),
  durationMinutes: z.number().int(),
  location: z.string().nullable(),
  videoLink: z.string().nullable(),
  status: meetingStatusSchema,
  budget: z.object({ plannedMinutes: z.number(), meetingMinutes: z.number(), overrunMinutes: z.number(), fill: z.number() }),
  items: z.array(
    z.object({
      id: z.string(),
      position: z.number().int(),
      minutesBudget: z.number().int(),
      status: agendaItemStatusSchema,
      caseId: z.string(),
      questionType: questionTypeSchema,
      clinicalQuestion: z.string(),
      urgency: urgencySchema,
      patient: patientHeaderSchema,
      condition: z.object({ topographyCode: z.string(), topographyDisplay: z.string(), morphologyDisplay: z.string() }).nullable(),
      latestDecision: z.object({ id: z.string(), status: decisionStatusSchema, stageGroup: z.string().nullable(), intent: intentSchema }).nullable(),
    }),
  ),
});

export const meetingRouter = router({
  list: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "none" } })
    .input(z.object({}).optional())
    .output(z.object({ upcoming: z.array(meetingSummary), past: z.array(meetingSummary) }))
    .query(({ ctx }) => listMeetings(ctx.db, ctx.user.boardIds, new Date())),

  agenda: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "meeting", field: "meetingId" } })
    .input(z.object({ meetingId: id }))
    .output(agenda)
    .query(({ ctx, input }) => getAgenda(ctx.db, ctx.user, input.meetingId)),
});
