import { z } from "zod";
import { CLINICAL_ROLES } from "@/domain/roles";
import { remoteNodesFromEnv } from "@/integrations/pacs/remote-nodes";
import { findNode, queryRemoteNode, retrieveRemoteStudy } from "@/server/services/pacs/remote-retrieve";
import { retrieveProgress } from "@/server/services/pacs/retrieve-jobs";
import { guardedProcedure, router } from "../trpc";
import { id } from "./schemas";

const nodeId = z.string().min(1).max(40);
const uid = z.string().min(1).max(64);

const remoteStudy = z.object({
  studyInstanceUid: z.string(),
  studyDate: z.string().nullable(),
  modalities: z.array(z.string()),
  description: z.string(),
  accessionNumber: z.string(),
  numberOfSeries: z.number().int(),
  numberOfInstances: z.number().int(),
  remotePatientId: z.string(),
  remotePatientName: z.string(),
  remoteBirthDate: z.string().nullable(),
  alreadyHere: z.boolean(),
});

/** Other hospitals' DICOMweb nodes: search a patient's studies there and bring chosen ones into the image store. */
export const remoteRouter = router({
  // Names only: addresses and credentials stay on the server.
  nodes: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "none" } })
    .input(z.object({}).optional())
    .output(z.array(z.object({ id: z.string(), name: z.string() })))
    .query(() => remoteNodesFromEnv().map((n) => ({ id: n.id, name: n.name }))),

  query: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "patient", field: "patientId" } })
    .input(
      z.object({
        patientId: id,
        nodeId,
        by: z.enum(["patient-id", "name-and-birth-date"]),
        remotePatientId: z.string().trim().min(1).max(64).optional(),
      }),
    )
    .output(z.array(remoteStudy))
    .mutation(({ ctx, input }) =>
      queryRemoteNode(ctx.db, ctx.user, findNode(remoteNodesFromEnv(), input.nodeId), input.patientId, input.by === "patient-id" ? { by: "patient-id", remotePatientId: input.remotePatientId } : { by: "name-and-birth-date" }),
    ),

  retrieve: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "patient", field: "patientId" } })
    .input(z.object({ patientId: id, nodeId, studyInstanceUid: uid, retrievalId: z.string().uuid().optional(), expected: z.number().int().min(0).max(100_000).optional() }))
    .output(z.object({ studyInstanceUid: z.string(), received: z.number().int(), stored: z.number().int(), duplicates: z.number().int(), quarantined: z.number().int(), rejected: z.number().int(), message: z.string() }))
    .mutation(({ ctx, input }) =>
      retrieveRemoteStudy(ctx.db, ctx.user, findNode(remoteNodesFromEnv(), input.nodeId), input.patientId, input.studyInstanceUid, { retrievalId: input.retrievalId, expected: input.expected }),
    ),

  // The caller's own retrieval only, from whichever server process asks (the progress is in the database).
  progress: guardedProcedure({ roles: CLINICAL_ROLES, scope: { via: "none" } })
    .input(z.object({ retrievalId: z.string().uuid() }))
    .output(
      z
        .object({
          studyInstanceUid: z.string(),
          received: z.number().int(),
          expected: z.number().int(),
          bytes: z.number().int(),
          phase: z.enum(["receiving", "importing", "done", "failed"]),
          error: z.string().nullable(),
          startedAt: z.date(),
          finishedAt: z.date().nullable(),
        })
        .nullable(),
    )
    .query(({ ctx, input }) => retrieveProgress(ctx.db, ctx.user.id, input.retrievalId)),
});
