/**
 * Quarantined studies: incoming images whose patient did not match, held until a person attaches them to a patient
 * (with a reason) or discards them. Both are audited; attaching moves the files into the store and indexes them.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { readDicomHeader, type PatientSex } from "@/integrations/dicom/read-dicom-header";
import type { RoleName } from "@/domain/roles";
import { parseStoredInstance, readFrame } from "@/integrations/dicomweb/pixel-data";
import { RenderError, renderFrame, renderParameters } from "@/integrations/dicomweb/render";
import type { PrismaClient } from "@/generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import type { Actor, Db } from "../db-types";
import { ServiceError } from "../errors";
import { imageStoreFromEnv, instanceStoragePath, moveFile, quarantinedFilePath, removeFile, removeFolder, resolveInStore, type ImageStore } from "./image-store";
import { IndexConflictError, indexStudyInstances } from "./index-study";
import { prepareInstance, type PreparedInstance } from "./prepare-instance";

export interface QuarantineEntry {
  id: string;
  studyInstanceUid: string;
  dicomPatientId: string;
  dicomPatientName: string;
  dicomBirthDate: string | null;
  reason: string;
  numberOfInstances: number;
  createdAt: Date;
  /** From the first file: what the images are, and the patient's sex as the images give it. */
  study: { modality: string; studyDate: string | null; description: string; patientSex: PatientSex } | null;
  candidate: { id: string; mrn: string; familyName: string; givenName: string; birthDate: Date; sex: PatientSex } | null;
}

async function quarantinedFiles(store: ImageStore, storagePath: string): Promise<string[]> {
  const folder = resolveInStore(store, storagePath);
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith(".dcm")).map((n) => path.join(folder, n));
}

async function describeStudy(store: ImageStore, storagePath: string): Promise<QuarantineEntry["study"]> {
  const [file] = await quarantinedFiles(store, storagePath);
  if (!file) return null;
  try {
    const h = readDicomHeader(new Uint8Array(await readFile(file)));
    return { modality: h.modality, studyDate: h.studyDate, description: h.studyDescription || h.seriesDescription, patientSex: h.patientSex };
  } catch {
    return null;
  }
}

/** Who asks for the list: what they may see depends on their role and boards. */
export interface QuarantineViewer extends Actor {
  role: RoleName;
  boardIds: readonly string[];
}

const SEES_UNMATCHED: readonly RoleName[] = ["CHAIR", "COORDINATOR"];

/**
 * The one visibility rule, for the list and for every action on an entry. An entry whose Patient ID matches a known
 * patient with cases belongs to that patient's boards: only their members see it. An entry whose Patient ID matches
 * nobody (or a patient without a case) could belong to any board, so only chairs and coordinators (who register
 * patients and referrals) see it — not every specialist of the hospital.
 */
function canSee(viewer: QuarantineViewer, candidateBoardIds: readonly string[] | null): boolean {
  if (!candidateBoardIds || candidateBoardIds.length === 0) return SEES_UNMATCHED.includes(viewer.role);
  return candidateBoardIds.some((id) => viewer.boardIds.includes(id));
}

async function boardsOfCandidate(db: Db, candidatePatientId: string | null): Promise<string[] | null> {
  if (!candidatePatientId) return null;
  const cases = await db.case.findMany({ where: { patientId: candidatePatientId }, select: { boardId: true }, distinct: ["boardId"] });
  return cases.map((c) => c.boardId);
}

/** Open quarantine entries the viewer may see (see `canSee`), oldest first. */
export async function listQuarantine(db: PrismaClient, viewer: QuarantineViewer, options: { store?: ImageStore } = {}): Promise<QuarantineEntry[]> {
  const store = options.store ?? imageStoreFromEnv();
  const open = await db.quarantinedStudy.findMany({ where: { status: "OPEN" }, orderBy: { createdAt: "asc" }, take: 500 });
  const candidateIds = [...new Set(open.map((r) => r.candidatePatientId).filter((id): id is string => id !== null))];
  const candidateRows = await db.patient.findMany({
    where: { id: { in: candidateIds } },
    select: { id: true, mrn: true, familyName: true, givenName: true, birthDate: true, sex: true, cases: { select: { boardId: true } } },
  });
  const candidates = new Map(candidateRows.map(({ cases, ...p }) => [p.id, { patient: p, boardIds: cases.map((c) => c.boardId) }]));
  const rows = open.filter((r) => canSee(viewer, (r.candidatePatientId && candidates.get(r.candidatePatientId)?.boardIds) || null));
  const entries = await Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      studyInstanceUid: r.studyInstanceUid,
      dicomPatientId: r.dicomPatientId,
      dicomPatientName: r.dicomPatientName,
      dicomBirthDate: r.dicomBirthDate,
      reason: r.reason,
      numberOfInstances: r.numberOfInstances,
      createdAt: r.createdAt,
      study: await describeStudy(store, r.storagePath),
      candidate: (r.candidatePatientId && candidates.get(r.candidatePatientId)?.patient) || null,
    })),
  );
  await recordAudit(db, viewer, { action: "imaging.quarantine.list", entityType: "QuarantinedStudy", detail: { shown: entries.length } });
  return entries;
}

export type ResolveInput =
  | { quarantineId: string; action: "attach"; patientId: string; reason: string }
  | { quarantineId: string; action: "discard"; reason: string };

export interface ResolveResult {
  id: string;
  status: "ATTACHED" | "DISCARDED";
  imagingStudyId: string | null;
  stored: number;
  duplicates: number;
}

const ALREADY_RESOLVED = "This quarantined study was already attached or discarded by someone else.";

/**
 * The entry, if this viewer may see it in the list. An entry they may not see answers exactly like a missing one, so
 * that an action can neither change it nor reveal that it exists.
 */
async function visibleEntry(db: PrismaClient, viewer: QuarantineViewer, quarantineId: string) {
  const entry = await db.quarantinedStudy.findUnique({ where: { id: quarantineId } });
  if (!entry || !canSee(viewer, await boardsOfCandidate(db, entry.candidatePatientId))) throw new ServiceError("NOT_FOUND", "No such quarantined study.");
  return entry;
}

async function openEntry(db: PrismaClient, viewer: QuarantineViewer, quarantineId: string) {
  const entry = await visibleEntry(db, viewer, quarantineId);
  if (entry.status !== "OPEN") throw new ServiceError("CONFLICT", ALREADY_RESOLVED);
  return entry;
}

/** Marks the entry resolved inside the transaction; the status check makes two resolutions at once impossible. */
async function claim(tx: Db, actor: Actor, quarantineId: string, status: "ATTACHED" | "DISCARDED") {
  const { count } = await tx.quarantinedStudy.updateMany({ where: { id: quarantineId, status: "OPEN" }, data: { status, resolvedById: actor.id, resolvedAt: new Date() } });
  if (count === 0) throw new ServiceError("CONFLICT", ALREADY_RESOLVED);
}

/** Attaches or discards an entry the actor may see (as in the list); the router checks the target patient's boards. */
export async function resolveQuarantine(db: PrismaClient, actor: QuarantineViewer, input: ResolveInput, options: { store?: ImageStore; now?: Date } = {}): Promise<ResolveResult> {
  const store = options.store ?? imageStoreFromEnv();
  const entry = await openEntry(db, actor, input.quarantineId);
  const folder = resolveInStore(store, entry.storagePath);

  if (input.action === "discard") {
    await db.$transaction(async (tx) => {
      await claim(tx, actor, entry.id, "DISCARDED");
      await recordAudit(tx, actor, {
        action: "imaging.quarantine.discard",
        entityType: "QuarantinedStudy",
        entityId: entry.id,
        patientId: entry.candidatePatientId,
        reason: input.reason,
        detail: { studyInstanceUid: entry.studyInstanceUid, instances: entry.numberOfInstances },
      });
    });
    await removeFolder(folder);
    return { id: entry.id, status: "DISCARDED", imagingStudyId: null, stored: 0, duplicates: 0 };
  }

  const patient = await db.patient.findUnique({ where: { id: input.patientId }, select: { id: true } });
  if (!patient) throw new ServiceError("NOT_FOUND", "No such patient.");
  const owner = await db.imagingStudy.findUnique({ where: { studyInstanceUid: entry.studyInstanceUid }, select: { patientId: true } });
  if (owner && owner.patientId !== patient.id) {
    throw new ServiceError("CONFLICT", "This study is already attached to another patient; it cannot be attached to this one. Discard it, or ask the radiology department.");
  }

  const instances: PreparedInstance[] = [];
  for (const file of await quarantinedFiles(store, entry.storagePath)) {
    const prepared = prepareInstance(path.basename(file), new Uint8Array(await readFile(file)), Number.MAX_SAFE_INTEGER);
    if (prepared.ok) instances.push(prepared.instance);
  }
  if (instances.length === 0) throw new ServiceError("CONFLICT", "The quarantined files are no longer there; discard this entry.");

  // Instances already in the store stay as they are; only the others are moved in.
  const known = new Set(
    (await db.dicomInstance.findMany({ where: { sopInstanceUid: { in: instances.map((i) => i.header.sopInstanceUid) } }, select: { sopInstanceUid: true } })).map((i) => i.sopInstanceUid),
  );
  const moving = instances
    .filter((i) => !known.has(i.header.sopInstanceUid))
    .map((instance) => {
      const h = instance.header;
      const storagePath = instanceStoragePath(h.studyInstanceUid, h.seriesInstanceUid, h.sopInstanceUid);
      return { instance, storagePath, from: resolveInStore(store, quarantinedFilePath(entry.id, h.sopInstanceUid)), to: resolveInStore(store, storagePath) };
    });
  const moved: typeof moving = [];
  try {
    for (const m of moving) {
      await moveFile(m.from, m.to);
      moved.push(m);
    }
    const result = await db.$transaction(async (tx) => {
      await claim(tx, actor, entry.id, "ATTACHED");
      const indexed = moving.length
        ? await indexStudyInstances(tx, patient.id, moving, options.now ?? new Date())
        : { imagingStudyId: (await tx.imagingStudy.findUniqueOrThrow({ where: { studyInstanceUid: entry.studyInstanceUid }, select: { id: true } })).id, inserted: [], duplicates: [] };
      // Images retrieved from another hospital keep saying where they came from.
      if (entry.sourceNode) await tx.imagingStudy.updateMany({ where: { id: indexed.imagingStudyId, sourceNode: null }, data: { sourceNode: entry.sourceNode } });
      await recordAudit(tx, actor, {
        action: "imaging.quarantine.attach",
        entityType: "QuarantinedStudy",
        entityId: entry.id,
        patientId: patient.id,
        reason: input.reason,
        detail: { studyInstanceUid: entry.studyInstanceUid, imagingStudyId: indexed.imagingStudyId, instances: indexed.inserted.length, quarantineReason: entry.reason },
      });
      return indexed;
    });
    await removeFolder(folder);
    return { id: entry.id, status: "ATTACHED", imagingStudyId: result.imagingStudyId, stored: result.inserted.length, duplicates: instances.length - result.inserted.length };
  } catch (error) {
    // Put the files back so that the entry can be resolved again.
    const indexed = new Set(
      (await db.dicomInstance.findMany({ where: { sopInstanceUid: { in: moved.map((m) => m.instance.header.sopInstanceUid) } }, select: { sopInstanceUid: true } }).catch(() => [])).map((i) => i.sopInstanceUid),
    );
    for (const m of moved) {
      if (!indexed.has(m.instance.header.sopInstanceUid)) await moveFile(m.to, m.from).catch(() => removeFile(m.to).catch(() => undefined));
    }
    if (error instanceof IndexConflictError) throw new ServiceError("CONFLICT", error.message);
    throw error;
  }
}

export interface QuarantinePreview {
  /** A JPEG thumbnail as a data URL, or null when no image of the study can be rendered on the server. */
  image: string | null;
  /** Why there is no image, in words. */
  note: string | null;
}

const PREVIEW_SIZE = 256;
/** Enough to skip a few non-image objects (SR, presentation states) without reading a whole CD. */
const PREVIEW_TRIES = 10;

/**
 * A thumbnail of a quarantined study, so that the person attaching it can see what the images are (a chest CT is not a
 * mammogram) before choosing the patient. Same visibility as the list; the read is audited against the candidate.
 */
export async function previewQuarantine(db: PrismaClient, viewer: QuarantineViewer, quarantineId: string, options: { store?: ImageStore } = {}): Promise<QuarantinePreview> {
  const store = options.store ?? imageStoreFromEnv();
  const entry = await openEntry(db, viewer, quarantineId);
  let preview: QuarantinePreview = { image: null, note: "No file of this study holds an image that can be shown here; open it after attaching." };
  for (const file of (await quarantinedFiles(store, entry.storagePath)).slice(0, PREVIEW_TRIES)) {
    try {
      const stored = parseStoredInstance(new Uint8Array(await readFile(file)));
      if (!stored.pixel) continue;
      const frameNumber = Math.ceil(stored.pixel.numberOfFrames / 2);
      const rendered = await renderFrame(readFrame(stored, frameNumber), stored.pixel, renderParameters(stored.dataSet, frameNumber), {
        format: "jpeg",
        quality: 80,
        maxWidth: PREVIEW_SIZE,
        maxHeight: PREVIEW_SIZE,
      });
      preview = { image: `data:${rendered.contentType};base64,${Buffer.from(rendered.body).toString("base64")}`, note: null };
      break;
    } catch (error) {
      if (error instanceof RenderError) preview = { image: null, note: error.message };
    }
  }
  await recordAudit(db, viewer, {
    action: "imaging.quarantine.preview",
    entityType: "QuarantinedStudy",
    entityId: entry.id,
    patientId: entry.candidatePatientId,
    detail: { studyInstanceUid: entry.studyInstanceUid, shown: preview.image !== null },
  });
  return preview;
}

/** Patients a quarantined study may be attached to by this user: those with a case on one of their boards. */
export async function listAttachablePatients(db: PrismaClient, actor: Actor & { boardIds: string[] }) {
  const patients = await db.patient.findMany({
    where: { cases: { some: { boardId: { in: actor.boardIds } } } },
    orderBy: [{ familyName: "asc" }, { givenName: "asc" }],
    select: { id: true, mrn: true, familyName: true, givenName: true, birthDate: true, sex: true },
  });
  await recordAudit(db, actor, { action: "imaging.quarantine.patients", entityType: "Patient", detail: { listed: patients.length } });
  return patients;
}
