import { z } from "zod";
import { CLINICAL_ROLES } from "@/domain/roles";
import { pacsFromEnv } from "@/integrations/pacs/pacs-config";
import { syncPatientStudiesFromPacs } from "@/server/services/pacs/sync-patient-studies";
import { guardedProcedure, router } from "../trpc";
import { id } from "./schemas";

export const pacsRouter = router({
  status: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "none" } })
    .input(z.object({}).optional())
    .output(z.object({ configured: z.boolean(), name: z.string().nullable() }))
    .query(() => {
      const pacs = pacsFromEnv();
      return { configured: pacs !== null, name: pacs?.name ?? null };
    }),

  syncPatient: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "patient", field: "patientId" } })
    .input(z.object({ patientId: id }))
    .output(z.object({ added: z.number().int(), alreadyKnown: z.number().int(), mismatched: z.array(z.object({ studyInstanceUid: z.string(), reason: z.string() })) }))
    .mutation(({ ctx, input }) => syncPatientStudiesFromPacs(ctx.db, ctx.user, pacsFromEnv(), input.patientId)),
});
