import { z } from "zod";
import { CLINICAL_ROLES } from "@/domain/roles";
import { listPatientImaging } from "@/server/services/imaging/patient-imaging";
import { listAttachablePatients, listQuarantine, previewQuarantine, resolveQuarantine } from "@/server/services/imaging/quarantine";
import { guardedProcedure, router } from "../trpc";
import { id, patientHeaderSchema, sexSchema } from "./schemas";

const seriesRow = z.object({
  seriesInstanceUid: z.string(),
  modality: z.string(),
  seriesNumber: z.number().int().nullable(),
  description: z.string(),
  numberOfInstances: z.number().int(),
});

const studyRow = z.object({
  id: z.string(),
  studyInstanceUid: z.string(),
  studyDate: z.date(),
  modality: z.string(),
  description: z.string(),
  accessionNumber: z.string().nullable(),
  source: z.enum(["BUILT_IN", "DICOMWEB"]),
  numberOfSeries: z.number().int(),
  numberOfInstances: z.number().int(),
  series: z.array(seriesRow),
});


const quarantineRow = z.object({
  id: z.string(),
  studyInstanceUid: z.string(),
  dicomPatientId: z.string(),
  dicomPatientName: z.string(),
  dicomBirthDate: z.string().nullable(),
  reason: z.string(),
  numberOfInstances: z.number().int(),
  createdAt: z.date(),
  study: z.object({ modality: z.string(), studyDate: z.string().nullable(), description: z.string(), patientSex: sexSchema }).nullable(),
  candidate: patientHeaderSchema.nullable(),
});

const reason = z.string().trim().min(3, "Say why, in a few words.").max(500);
const resolveResult = z.object({ id: z.string(), status: z.enum(["ATTACHED", "DISCARDED"]), imagingStudyId: z.string().nullable(), stored: z.number().int(), duplicates: z.number().int() });

// Every action on an entry checks, in the service, that the caller may see it (the list's rule); an entry they may not
// see answers NOT_FOUND like a missing one. Attaching also puts images into a patient's record: like any change to a
// patient, it needs membership of one of that patient's boards, checked by the guard from `patientId`.
export const imagingRouter = router({
  /** The patient's studies with their series, for the viewer's series browser. */
  studies: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "patient", field: "patientId" } })
    .input(z.object({ patientId: id }))
    .output(z.array(studyRow))
    .query(({ ctx, input }) => listPatientImaging(ctx.db, ctx.user, input.patientId)),

  quarantine: router({
    /** Open quarantined studies: incoming images whose patient did not match. */
    list: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "none" } })
      .input(z.object({}).optional())
      .output(z.array(quarantineRow))
      .query(({ ctx }) => listQuarantine(ctx.db, ctx.user)),

    /** The patients of the user's boards, to pick the one a study is attached to. */
    patients: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "none" } })
      .input(z.object({}).optional())
      .output(z.array(patientHeaderSchema))
      .query(({ ctx }) => listAttachablePatients(ctx.db, ctx.user)),

    /** A thumbnail of the quarantined images, to see what they are before choosing the patient. */
    preview: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "none" } })
      .input(z.object({ quarantineId: id }))
      .output(z.object({ image: z.string().nullable(), note: z.string().nullable() }))
      .query(({ ctx, input }) => previewQuarantine(ctx.db, ctx.user, input.quarantineId)),

    /** Attach to a patient of one of the caller's boards, with a reason for the audit log. */
    attach: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "patient", field: "patientId" } })
      .input(z.object({ quarantineId: id, patientId: id, reason }))
      .output(resolveResult)
      .mutation(({ ctx, input }) => resolveQuarantine(ctx.db, ctx.user, { ...input, action: "attach" })),

    /** Discard (the files are deleted), with a reason for the audit log. */
    discard: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "none" } })
      .input(z.object({ quarantineId: id, reason }))
      .output(resolveResult)
      .mutation(({ ctx, input }) => resolveQuarantine(ctx.db, ctx.user, { ...input, action: "discard" })),
  }),
});
