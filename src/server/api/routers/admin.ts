import { z } from "zod";
import { AUDIT_GROUNDS } from "@/domain/audit/grounds";
import { PERMISSIONS } from "@/domain/permissions";
import { RELATIONSHIP_KINDS } from "@/domain/referrals/outside-patients";
import { listDeclaredRelationships } from "@/server/services/admin/list-declared-relationships";
import { listUsers } from "@/server/services/admin/list-users";
import { createPeer, listPeers, revokePeer } from "@/server/services/dicomweb-peers/peer-credential";
import { reviewDeclaredRelationship } from "@/server/services/admin/review-declared-relationship";
import { exportAuditEvents, MAX_EXPORT_EVENTS, searchAuditEvents } from "@/server/services/admin/search-audit-events";
import { guardedProcedure, router } from "../trpc";
import { id, roleSchema, specialtySchema } from "./schemas";

const adminOnly = guardedProcedure({ roles: PERMISSIONS.administer, scope: { via: "none" } });

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined);

const auditFilterSchema = z.object({
  patient: optionalText(100),
  user: optionalText(200),
  action: optionalText(100),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

const auditEventSchema = z.object({
  id: z.string(),
  at: z.date(),
  actorId: z.string().nullable(),
  actorEmail: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  patientId: z.string().nullable(),
  patient: z.object({ id: z.string(), mrn: z.string(), name: z.string() }).nullable(),
  ground: z.enum(AUDIT_GROUNDS).nullable(),
  reason: z.string().nullable(),
  sourceIp: z.string().nullable(),
  userAgent: z.string().nullable(),
  detail: z.string().nullable(),
});

export const adminRouter = router({
  users: adminOnly
    .input(z.object({}).optional())
    .output(
      z.array(
        z.object({
          id: z.string(),
          email: z.string(),
          name: z.string(),
          role: roleSchema,
          specialty: specialtySchema.nullable(),
          active: z.boolean(),
          boards: z.array(z.string()),
        }),
      ),
    )
    .query(({ ctx }) => listUsers(ctx.db)),

  /** One page of the audit log, newest first; `nextBefore` pages on. */
  auditLog: adminOnly
    .input(auditFilterSchema.extend({ before: z
          .string()
          // The id of the last event seen; beyond PostgreSQL's bigint it could only fail in the database.
          .regex(/^\d{1,19}$/, "before is an audit event id.")
          .refine((v) => BigInt(v) <= 9223372036854775807n, "before is an audit event id.")
          .optional(), limit: z.number().int().min(1).max(500).default(50) }))
    .output(z.object({ events: z.array(auditEventSchema), nextBefore: z.string().nullable() }))
    .query(({ ctx, input }) => searchAuditEvents(ctx.db, ctx.user, { ...input, before: input.before ? BigInt(input.before) : undefined })),

  /** The whole filtered log (up to MAX_EXPORT_EVENTS events) as CSV, for a download. A mutation: it is audited. */
  auditExport: adminOnly
    .input(auditFilterSchema)
    .output(z.object({ filename: z.string(), csv: z.string(), events: z.number().int().max(MAX_EXPORT_EVENTS), truncated: z.boolean() }))
    .mutation(({ ctx, input }) => exportAuditEvents(ctx.db, ctx.user, input)),

  /** Declared treatment relationships, for the privacy officer to review. */
  relationships: adminOnly
    .input(z.object({ pendingOnly: z.boolean().default(true) }))
    .output(
      z.array(
        z.object({
          id: z.string(),
          kind: z.enum(RELATIONSHIP_KINDS),
          statement: z.string(),
          declaredAt: z.date(),
          declaredBy: z.object({ name: z.string(), email: z.string(), role: roleSchema }),
          patientMrn: z.string(),
          boardName: z.string(),
          reviewedAt: z.date().nullable(),
          reviewedBy: z.string().nullable(),
        }),
      ),
    )
    .query(({ ctx, input }) => listDeclaredRelationships(ctx.db, ctx.user, input)),

  reviewRelationship: adminOnly
    .input(z.object({ relationshipId: id }))
    .output(z.object({ id: z.string(), reviewedAt: z.date() }))
    .mutation(({ ctx, input }) => reviewDeclaredRelationship(ctx.db, ctx.user, input.relationshipId)),

  /** DICOMweb peers (another hospital's PACS reading /api/dicomweb), as `npm run peer -- list` shows them. */
  dicomwebPeers: adminOnly
    .input(z.object({}).optional())
    .output(
      z.object({
        peers: z.array(
          z.object({ id: z.string(), name: z.string(), boards: z.array(z.string()), createdAt: z.date(), createdBy: z.string(), lastUsedAt: z.date().nullable(), revokedAt: z.date().nullable() }),
        ),
        boards: z.array(z.object({ slug: z.string(), name: z.string() })),
      }),
    )
    .query(async ({ ctx }) => ({ peers: await listPeers(ctx.db), boards: await ctx.db.board.findMany({ orderBy: { name: "asc" }, select: { slug: true, name: true } }) })),

  /** Issues a peer credential; the token is in this answer only (only its SHA-256 is kept). */
  addDicomwebPeer: adminOnly
    .input(z.object({ name: z.string().max(80), boardSlugs: z.array(z.string().max(100)).max(50) }))
    .output(z.object({ name: z.string(), token: z.string() }))
    .mutation(async ({ ctx, input }) => ({ name: input.name.trim(), token: (await createPeer(ctx.db, ctx.user, input)).token })),

  revokeDicomwebPeer: adminOnly
    .input(z.object({ name: z.string().max(80) }))
    .output(z.object({ name: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await revokePeer(ctx.db, ctx.user, input.name);
      return { name: input.name };
    }),
});
