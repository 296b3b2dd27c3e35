/**
 * The audit log for its reviewers (admins): search by patient (MRN, name or ID), user, action and period, newest
 * first, a page at a time. Looking at the log shows who was treated and by whom, so every search is itself audited.
 */
import { auditEventsToCsv } from "@/domain/audit/audit-csv";
import type { Prisma } from "@/generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import type { Actor, Db } from "../db-types";

export interface AuditFilter {
  /** A patient's MRN (exact), ID (exact) or name (every word found in the family or given name). */
  patient?: string;
  /** Part of the acting user's e-mail. */
  user?: string;
  /** Part of the action, e.g. "denied" or "case.read". */
  action?: string;
  /** First and last day of the period (YYYY-MM-DD, UTC), both included. */
  from?: string;
  to?: string;
}

const MAX_PATIENTS_MATCHED = 500;

async function matchingPatientIds(db: Db, patient: string): Promise<string[]> {
  const words = patient.split(/[\s,]+/).filter(Boolean);
  const byName: Prisma.PatientWhereInput = {
    AND: words.map((w) => ({ OR: [{ familyName: { contains: w, mode: "insensitive" } }, { givenName: { contains: w, mode: "insensitive" } }] })),
  };
  const patients = await db.patient.findMany({
    where: { OR: [{ id: patient }, { mrn: { equals: patient, mode: "insensitive" } }, byName] },
    select: { id: true },
    take: MAX_PATIENTS_MATCHED,
  });
  return patients.map((p) => p.id);
}

const DAY_MS = 86_400_000;

/** The filter as a Prisma condition; `patientIds` is what the patient words matched (null when not filtering). */
async function whereOf(db: Db, filter: AuditFilter): Promise<{ where: Prisma.AuditEventWhereInput; patientIds: string[] | null }> {
  const patientIds = filter.patient ? await matchingPatientIds(db, filter.patient) : null;
  const at: Prisma.DateTimeFilter = {
    ...(filter.from ? { gte: new Date(`${filter.from}T00:00:00Z`) } : {}),
    ...(filter.to ? { lt: new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + DAY_MS) } : {}),
  };
  return {
    patientIds,
    where: {
      ...(patientIds ? { patientId: { in: patientIds } } : {}),
      ...(filter.user ? { actorEmail: { contains: filter.user, mode: "insensitive" } } : {}),
      ...(filter.action ? { action: { contains: filter.action, mode: "insensitive" } } : {}),
      ...(filter.from || filter.to ? { at } : {}),
    },
  };
}

type EventRow = Prisma.AuditEventGetPayload<object>;

/** Events with the MRN and name of the patient they are about, looked up in one query. */
async function withPatients(db: Db, events: EventRow[]) {
  const ids = [...new Set(events.map((e) => e.patientId).filter((id): id is string => id !== null))];
  const patients = ids.length ? await db.patient.findMany({ where: { id: { in: ids } }, select: { id: true, mrn: true, familyName: true, givenName: true } }) : [];
  const byId = new Map(patients.map((p) => [p.id, { id: p.id, mrn: p.mrn, name: `${p.familyName.toUpperCase()}, ${p.givenName}` }]));
  return events.map((e) => ({
    id: e.id.toString(),
    at: e.at,
    actorId: e.actorId,
    actorEmail: e.actorEmail,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    patientId: e.patientId,
    patient: e.patientId ? (byId.get(e.patientId) ?? null) : null,
    ground: e.ground,
    reason: e.reason,
    sourceIp: e.sourceIp,
    userAgent: e.userAgent,
    detail: e.detail === null ? null : JSON.stringify(e.detail),
  }));
}

export type AuditEventView = Awaited<ReturnType<typeof withPatients>>[number];

/** Audits a look at the log: against the patient when the search found exactly one. */
export async function auditLogReviewed(db: Db, actor: Actor, action: "audit.search" | "audit.export", filter: AuditFilter, patientIds: string[] | null, count: number) {
  await recordAudit(db, actor, {
    action,
    entityType: "AuditEvent",
    patientId: patientIds?.length === 1 ? patientIds[0] : null,
    detail: { filter: { ...filter }, events: count },
  });
}

export async function searchAuditEvents(db: Db, actor: Actor, query: AuditFilter & { before?: bigint; limit: number }) {
  const { where, patientIds } = await whereOf(db, query);
  const events = await db.auditEvent.findMany({
    where: { ...where, ...(query.before ? { id: { lt: query.before } } : {}) },
    orderBy: { id: "desc" },
    take: query.limit + 1,
  });
  const page = events.slice(0, query.limit);
  await auditLogReviewed(db, actor, "audit.search", filterOnly(query), patientIds, page.length);
  return { events: await withPatients(db, page), nextBefore: events.length > query.limit ? page.at(-1)!.id.toString() : null };
}

export const MAX_EXPORT_EVENTS = 10_000;

/** Every event the filter finds, newest first, up to MAX_EXPORT_EVENTS, as CSV. */
export async function exportAuditEvents(db: Db, actor: Actor, filter: AuditFilter, now: Date = new Date()) {
  const { where, patientIds } = await whereOf(db, filter);
  const found = await db.auditEvent.findMany({ where, orderBy: { id: "desc" }, take: MAX_EXPORT_EVENTS + 1 });
  const events = await withPatients(db, found.slice(0, MAX_EXPORT_EVENTS));
  await auditLogReviewed(db, actor, "audit.export", filterOnly(filter), patientIds, events.length);
  const csv = auditEventsToCsv(
    events.map((e) => ({
      ...e,
      at: e.at.toISOString(),
      patientMrn: e.patient?.mrn ?? null,
      patientName: e.patient?.name ?? null,
    })),
  );
  return { filename: `audit-log-${now.toISOString().slice(0, 10)}.csv`, csv, events: events.length, truncated: found.length > MAX_EXPORT_EVENTS };
}

function filterOnly({ patient, user, action, from, to }: AuditFilter): AuditFilter {
  return Object.fromEntries(Object.entries({ patient, user, action, from, to }).filter(([, v]) => v !== undefined && v !== ""));
}
