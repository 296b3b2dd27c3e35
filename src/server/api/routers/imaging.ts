import { z } from "zod";
import { CLINICAL_ROLES } from "@/domain/roles";
import { listPatientImaging } from "@/server/services/imaging/patient-imaging";
import { listAttachablePatients, listQuarantine, resolveQuarantine } from "@/server/services/imaging/quarantine";
import { authorize } from "../access";
import { guardedProcedure, router } from "../trpc";
import { id } from "./schemas";

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
  study: z.object({ modality: z.string(), studyDate: z.string().nullable(), description: z.string() }).nullable(),
  candidate: z.object({ id: z.string(), mrn: z.string(), familyName: z.string(), givenName: z.string(), birthDate: z.date() }).nullable(),
});

const reason = z.string().trim().min(3, "Say why, in a few words.").max(500);
const resolveInput = z.discriminatedUnion("action", [
  z.object({ quarantineId: id, action: z.literal("attach"), patientId: id, reason }),
  z.object({ quarantineId: id, action: z.literal("discard"), reason }),
]);

// Attaching puts images into a patient's record: like any change to a patient, it needs membership of one of
// that patient's boards. The same guard, applied once the input says which patient.
const PATIENT_POLICY = { roles: CLINICAL_ROLES, scope: { via: "patient", field: "patientId" } } as const;

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
      .output(z.array(z.object({ id: z.string(), mrn: z.string(), familyName: z.string(), givenName: z.string(), birthDate: z.date() })))
      .query(({ ctx }) => listAttachablePatients(ctx.db, ctx.user)),

    /** Attach to a patient (with a reason) or discard (with a reason). */
    resolve: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "none" } })
      .use(async ({ ctx, next, getRawInput }) => {
        const raw = await getRawInput();
        if (raw && typeof raw === "object" && (raw as { action?: unknown }).action === "attach") await authorize(ctx.db, ctx.user, PATIENT_POLICY, raw);
        return next();
      })
      .input(resolveInput)
      .output(z.object({ id: z.string(), status: z.enum(["ATTACHED", "DISCARDED"]), imagingStudyId: z.string().nullable(), stored: z.number().int(), duplicates: z.number().int() }))
      .mutation(({ ctx, input }) => resolveQuarantine(ctx.db, ctx.user, input)),
  }),
});
