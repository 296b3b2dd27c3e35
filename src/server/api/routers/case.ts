import { z } from "zod";
import { canAll } from "@/domain/permissions";
import { CLINICAL_ROLES } from "@/domain/roles";
import { DISCIPLINES } from "@/domain/timeline/assemble-timeline";
import { getCase } from "@/server/services/cases/get-case";
import { getCaseContacts, updateReferringPhysician } from "@/server/services/patients/contact-details";
import { guardedProcedure, router } from "../trpc";
import { asContactEdit, caseContactsOutput, referringPhysicianInput, referringPhysicianOutput, revision } from "./contact-details";
import {
  agendaItemStatusSchema,
  canSchema,
  caseStatusSchema,
  decisionStatusSchema,
  id,
  intentSchema,
  outcomeKindSchema,
  patientHeaderSchema,
  questionTypeSchema,
  reviewSchema,
  specialtySchema,
  tnmPrefixSchema,
  urgencySchema,
} from "./schemas";

const caseDetail = z.object({
  id: z.string(),
  status: caseStatusSchema,
  urgency: urgencySchema,
  questionType: questionTypeSchema,
  clinicalQuestion: z.string(),
  createdAt: z.date(),
  board: z.object({ id: z.string(), name: z.string(), tumourSite: z.string() }),
  referrer: z.object({ name: z.string(), specialty: specialtySchema.nullable() }),
  patient: patientHeaderSchema.extend({ researchPseudonym: z.string() }),
  condition: z
    .object({
      topographyCode: z.string(),
      topographyDisplay: z.string(),
      morphologyCode: z.string(),
      morphologyDisplay: z.string(),
      diagnosisDate: z.date().nullable(),
    })
    .nullable(),
  meetings: z.array(z.object({ meetingId: z.string(), startsAt: z.date(), itemStatus: agendaItemStatusSchema })),
  lastDiscussedAt: z.date().nullable(),
  timeline: z.array(
    z.object({
      kind: z.enum(["study", "slide", "finding", "document", "opinion"]),
      id: z.string(),
      date: z.date(),
      discipline: z.enum(DISCIPLINES),
      title: z.string(),
      detail: z.string(),
      isPrior: z.boolean(),
      isNew: z.boolean(),
      review: reviewSchema.nullable(),
      target: z.object({
        studyInstanceUid: z.string().nullable(),
        seriesInstanceUid: z.string().nullable(),
        sopInstanceUid: z.string().nullable(),
        slideId: z.string().nullable(),
        documentId: z.string().nullable(),
      }),
    }),
  ),
  decisions: z.array(
    z.object({
      id: z.string(),
      version: z.number().int(),
      status: decisionStatusSchema,
      meetingId: z.string().nullable(),
      tnmPrefix: tnmPrefixSchema.nullable(),
      tCategory: z.string().nullable(),
      nCategory: z.string().nullable(),
      mCategory: z.string().nullable(),
      stageGroup: z.string().nullable(),
      intent: intentSchema,
      recommendation: z.string(),
      rationale: z.string(),
      recordedBy: z.string(),
      signedBy: z.string().nullable(),
      signedAt: z.date().nullable(),
      updatedAt: z.date(),
    }),
  ),
  outcomes: z.array(z.object({ id: z.string(), kind: outcomeKindSchema, occurredOn: z.date(), note: z.string() })),
});

export type CaseDetail = z.infer<typeof caseDetail>;

/** What a case's reader may do with it: its decision, findings, readiness and letters. */
// seePatients: bring one's material to the case (attach a document: the "case.document.upload" route policy).
const CASE_ACTIONS = ["seePatients", "recordDecision", "sign", "correct", "review", "requestReadiness", "sendLetters", "chaseTasks"] as const;

export const caseRouter = router({
  get: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "case", field: "caseId" } })
    .input(z.object({ caseId: id }))
    .output(caseDetail.extend({ can: canSchema(CASE_ACTIONS) }))
    .query(async ({ ctx, input }) => ({ ...(await getCase(ctx.db, ctx.user, input.caseId)), can: canAll(ctx.user, CASE_ACTIONS, ctx.access.boardIds) })),

  /** Who receives the case's letters (the patient's GP, the referring physician) and whether this user may edit them. */
  contacts: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "case", field: "caseId" } })
    .input(z.object({ caseId: id }))
    .output(caseContactsOutput)
    .query(({ ctx, input }) => getCaseContacts(ctx.db, ctx.user, input.caseId)),

  /** Changes the case's referring physician (chair, coordinator, or the specialist who referred the case). */
  updateReferringPhysician: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "case", field: "caseId" } })
    .input(z.object({ caseId: id, revision, referringPhysician: referringPhysicianInput }))
    .output(referringPhysicianOutput)
    .mutation(({ ctx, input }) => asContactEdit(() => updateReferringPhysician(ctx.db, ctx.user, input))),
});
