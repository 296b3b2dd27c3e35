/**
 * Import into the built-in image store (browser upload via STOW-RS, `npm run import`, the demo seed). Each file is
 * checked, matched to a hospital patient by Patient ID = MRN (then family name and birth date), and then stored and
 * indexed, held in quarantine for a person to resolve, skipped as a duplicate, or rejected with a reason.
 * A signed-in sender (`sender` option) stores only into patients they may read (a case on one of their boards);
 * anything touching a record they cannot see (a patient, a study, an instance) is held for review, and the answer
 * to them is the same as for a Patient ID nobody has: it must not tell them that the record exists.
 * Files are written first (temporary name, then rename) and indexed in one transaction per study; when indexing
 * fails, the files this import wrote are removed again.
 * `all-or-nothing` (a study retrieved from another hospital): every row in one transaction, and the first file that
 * cannot be kept rolls it back and removes every file written, so that no half study is ever left behind.
 */
import { randomUUID } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { describeMatch, matchDicomPatient, type PatientMatch } from "@/domain/patient-matching/match-patient";
import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import { FAILURE_REASON } from "@/integrations/dicomweb/responses";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../db-types";
import { imageStoreFromEnv, instanceStoragePath, maxUploadBytes, quarantinedFilePath, quarantineStoragePath, removeFile, removeFolder, removeStoredFile, resolveInStore, writeFileAtomically, type ImageStore } from "./image-store";
import { IndexConflictError, indexStudyInstances } from "./index-study";
import { prepareInstance, tooLarge, type PreparedInstance } from "./prepare-instance";

/**
 * The signed-in user (with their boards, when known: the result then names the patients of their boards whose
 * records received images), or a named process such as "import-cli" or "demo-seed".
 */
export type ImportActor = (Actor & { boardIds?: readonly string[] }) | { id: null; email: string };

/** One file to import; read lazily so that large folders do not sit in memory at once. */
export interface ImportSource {
  name: string;
  /** Known up front for files on disk: oversize files are refused without reading them. */
  size?: number;
  read(): Promise<Uint8Array>;
}

export const bytesSource = (name: string, bytes: Uint8Array): ImportSource => ({ name, size: bytes.length, read: async () => bytes });

export async function fileSource(file: string, name: string = file): Promise<ImportSource> {
  const { size } = await stat(file);
  return { name, size, read: async () => new Uint8Array(await readFile(file)) };
}

export type ImportStatus = "stored" | "duplicate" | "quarantined" | "rejected";

export interface ImportFileResult {
  name: string;
  status: ImportStatus;
  /**
   * Why it was quarantined or rejected (names no patient data); for a stored file, whose record it went to, named only
   * for a user who may see that patient.
   */
  reason?: string;
  quarantineId?: string;
  /** STOW-RS Failure Reason for rejected files. */
  failureReason?: number;
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  sopClassUid?: string;
}

export interface ImportResult {
  stored: number;
  duplicates: number;
  quarantined: { id: string; name: string; reason: string }[];
  rejected: { name: string; reason: string }[];
  /** Every file, in the order given. */
  files: ImportFileResult[];
}

export interface ImportProgress {
  total: number;
  processed: number;
  stored: number;
  duplicates: number;
  quarantined: number;
  rejected: number;
}

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  store?: ImageStore;
  maxFileBytes?: number;
  /**
   * "patient-id-only" attaches on the Patient ID alone. Only the demo seed uses it: its patients' names are invented
   * while the files' Patient IDs are real.
   */
  matchOn?: "patient-id-and-demographics" | "patient-id-only";
  /** The signed-in user who sends the files (STOW-RS): see the header. Absent for the command line and the seed. */
  sender?: { boardIds: readonly string[] };
  now?: Date;
  /** Keep every file (stored or held in quarantine) or none: see the header. Throws ImportAbortedError. */
  allOrNothing?: boolean;
}

/** An all-or-nothing import stopped at a file that could not be kept; nothing of the import remains. */
export class ImportAbortedError extends Error {
  constructor(
    readonly fileName: string,
    readonly reason: string,
  ) {
    super(`${fileName}: ${reason}`);
    this.name = "ImportAbortedError";
  }
}

/** A file written into the store by an import, so that an all-or-nothing import can take it back. */
interface WrittenFile {
  kind: "instance" | "quarantine";
  sop: string;
  file: string;
}
type OnWritten = (written: WrittenFile) => void;

/**
 * The whole import inside one transaction: the services below call `db.$transaction(fn)` for each study, which here
 * joins the outer one. Any file that ends up rejected aborts it.
 */
async function importAllOrNothing(db: PrismaClient, actor: ImportActor, sources: ImportSource[], options: ImportOptions, store: ImageStore): Promise<ImportResult> {
  const written: WrittenFile[] = [];
  try {
    return await db.$transaction(
      (tx) => {
        const joined = new Proxy(tx, {
          get: (target, prop, receiver) => (prop === "$transaction" ? (fn: (t: typeof tx) => unknown) => fn(target) : Reflect.get(target, prop, receiver)),
        }) as unknown as PrismaClient;
        return importDicomInto(joined, actor, sources, { ...options, store }, (w) => written.push(w), true);
      },
      // A large study takes a while; other imports wait for it rather than interleave with it.
      { timeout: 30 * 60_000, maxWait: 5 * 60_000 },
    );
  } catch (error) {
    await removeUnindexed(db, store, written.filter((w) => w.kind === "instance"));
    for (const w of written.filter((x) => x.kind === "quarantine")) await removeStoredFile(store, w.file).catch(() => undefined);
    throw error;
  }
}

/** What a sender is told about a file held for a reason that concerns records they cannot see. */
export const HELD_FOR_REVIEW = "Held for review: a person checks these images before they are added to a patient's record.";
/** The quarantine reason the reviewer sees when the sender is not on a board of the patient the images name. */
export const SENDER_NOT_ON_BOARD = "Sent by someone who is not a member of a board of this patient.";
const ALREADY_STORED_ELSEWHERE = "These images are already stored for a patient the sender cannot see.";
const NOT_FILED = "The image store could not file these images; nothing of them was kept. Please tell the radiology department.";

const CHUNK_FILES = 32;
const YIELD_EVERY_FILES = 50;
const CHUNK_BYTES = 256 * 1024 * 1024;
const STORE_FAILED = "The image store could not save this study; nothing of it was kept. Please try again.";
const alreadyInQuarantine = (reason: string) => `Already in quarantine (sent before; not yet attached or discarded): ${reason}`;

/** `answer` is what the sender is told; `reason` is kept for the person who resolves the quarantine. */
type Target = { kind: "store"; patientId: string } | { kind: "quarantine"; reason: string; answer: string; candidatePatientId: string | null };

interface Pending {
  index: number;
  instance: PreparedInstance;
}

export async function importDicom(db: PrismaClient, actor: ImportActor, sources: ImportSource[], options: ImportOptions = {}): Promise<ImportResult> {
  const store = options.store ?? imageStoreFromEnv();
  if (options.allOrNothing) return importAllOrNothing(db, actor, sources, options, store);
  return importDicomInto(db, actor, sources, { ...options, store }, () => undefined, false);
}

async function importDicomInto(
  db: PrismaClient,
  actor: ImportActor,
  sources: ImportSource[],
  options: ImportOptions & { store: ImageStore },
  onWritten: OnWritten,
  abortOnRejected: boolean,
): Promise<ImportResult> {
  const { store } = options;
  const limit = options.maxFileBytes ?? maxUploadBytes();
  const now = options.now ?? new Date();
  const results: ImportFileResult[] = sources.map((s) => ({ name: s.name, status: "rejected" }));
  const seenSops = new Set<string>();
  const done = new Set<number>();

  const progress = () => {
    if (!options.onProgress) return;
    const finished = results.filter((_, i) => done.has(i));
    const count = (status: ImportStatus) => finished.filter((r) => r.status === status).length;
    options.onProgress({ total: sources.length, processed: done.size, stored: count("stored"), duplicates: count("duplicate"), quarantined: count("quarantined"), rejected: count("rejected") });
  };
  const settle = (index: number, result: Partial<ImportFileResult> & { status: ImportStatus }) => {
    results[index] = { ...results[index]!, ...result };
    done.add(index);
  };

  const throwOnRejected = () => {
    const first = results.find((r, i) => done.has(i) && r.status === "rejected");
    if (first) throw new ImportAbortedError(first.name, first.reason ?? "The file was not imported.");
  };

  let cursor = 0;
  while (cursor < sources.length) {
    // Read a chunk: at most CHUNK_FILES files or CHUNK_BYTES bytes in memory at a time.
    const chunk: Pending[] = [];
    let bytesInChunk = 0;
    while (cursor < sources.length && chunk.length < CHUNK_FILES && bytesInChunk < CHUNK_BYTES) {
      const index = cursor++;
      // Files refused at once (empty, not DICOM) resolve without I/O: let other requests in now and then.
      if (index % YIELD_EVERY_FILES === YIELD_EVERY_FILES - 1) await new Promise((resolve) => setImmediate(resolve));
      const source = sources[index]!;
      if (source.size !== undefined && source.size > limit) {
        const refused = tooLarge(limit);
        if (!refused.ok) settle(index, { status: "rejected", reason: refused.reason, failureReason: refused.failureReason });
        continue;
      }
      let bytes: Uint8Array;
      try {
        bytes = await source.read();
      } catch {
        settle(index, { status: "rejected", reason: "The file could not be read.", failureReason: FAILURE_REASON.PROCESSING_FAILURE });
        continue;
      }
      const prepared = prepareInstance(source.name, bytes, limit);
      if (!prepared.ok) {
        settle(index, { status: "rejected", reason: prepared.reason, failureReason: prepared.failureReason });
        continue;
      }
      const h = prepared.instance.header;
      const ids = { studyInstanceUid: h.studyInstanceUid, seriesInstanceUid: h.seriesInstanceUid, sopInstanceUid: h.sopInstanceUid, sopClassUid: h.sopClassUid };
      results[index] = { ...results[index]!, ...ids };
      if (seenSops.has(h.sopInstanceUid)) {
        settle(index, { status: "duplicate" });
        continue;
      }
      seenSops.add(h.sopInstanceUid);
      chunk.push({ index, instance: prepared.instance });
      bytesInChunk += bytes.length;
    }
    if (abortOnRejected) throwOnRejected();
    await importChunk(db, actor, store, chunk, { matchOn: options.matchOn ?? "patient-id-and-demographics", sender: options.sender ?? null, now, onWritten }, settle);
    if (abortOnRejected) throwOnRejected();
    progress();
  }

  const files = results;
  const summary: ImportResult = {
    stored: files.filter((f) => f.status === "stored").length,
    duplicates: files.filter((f) => f.status === "duplicate").length,
    quarantined: files.filter((f) => f.status === "quarantined").map((f) => ({ id: f.quarantineId!, name: f.name, reason: f.reason ?? "" })),
    rejected: files.filter((f) => f.status === "rejected").map((f) => ({ name: f.name, reason: f.reason ?? "The file was not imported." })),
    files,
  };
  await recordAudit(db, actor, {
    action: "imaging.import",
    entityType: "ImageImport",
    detail: { files: sources.length, stored: summary.stored, duplicates: summary.duplicates, quarantined: summary.quarantined.length, rejected: summary.rejected.length },
  });
  return summary;
}

type Settle = (index: number, result: Partial<ImportFileResult> & { status: ImportStatus }) => void;

interface ChunkOptions {
  matchOn: NonNullable<ImportOptions["matchOn"]>;
  sender: { boardIds: readonly string[] } | null;
  now: Date;
  onWritten: OnWritten;
}

async function importChunk(db: PrismaClient, actor: ImportActor, store: ImageStore, chunk: Pending[], options: ChunkOptions, settle: Settle) {
  if (chunk.length === 0) return;
  const { sender } = options;
  const mayRead = (boardIds: string[]) => !sender || boardIds.some((id) => sender.boardIds.includes(id));
  const boardsOf = (cases: { boardId: string }[]) => cases.map((c) => c.boardId);

  // Already in the store: nothing to write, whoever the file names; unless the sender may not see where it is stored.
  const sops = chunk.map((p) => p.instance.header.sopInstanceUid);
  const stored = new Map(
    (
      await db.dicomInstance.findMany({
        where: { sopInstanceUid: { in: sops } },
        select: { sopInstanceUid: true, series: { select: { imagingStudy: { select: { patient: { select: { cases: { select: { boardId: true } } } } } } } } },
      })
    ).map((i) => [i.sopInstanceUid, mayRead(boardsOf(i.series.imagingStudy.patient.cases))]),
  );
  const heldAsStoredElsewhere = new Set<Pending>();
  const fresh = chunk.filter((p) => {
    const visible = stored.get(p.instance.header.sopInstanceUid);
    if (visible === undefined) return true;
    if (visible) {
      settle(p.index, { status: "duplicate" });
      return false;
    }
    heldAsStoredElsewhere.add(p);
    return true;
  });

  const mrns = [...new Set(fresh.map((p) => p.instance.header.patientId.trim()).filter(Boolean))];
  const patients = new Map(
    (await db.patient.findMany({ where: { mrn: { in: mrns } }, select: { id: true, mrn: true, familyName: true, givenName: true, birthDate: true, cases: { select: { boardId: true } } } })).map((p) => [
      p.mrn,
      { ...p, readable: mayRead(boardsOf(p.cases)) },
    ]),
  );
  const studyUids = [...new Set(fresh.map((p) => p.instance.header.studyInstanceUid))];
  const owners = new Map(
    (
      await db.imagingStudy.findMany({
        where: { studyInstanceUid: { in: studyUids } },
        select: { studyInstanceUid: true, patientId: true, patient: { select: { cases: { select: { boardId: true } } } } },
      })
    ).map((s) => [s.studyInstanceUid, { patientId: s.patientId, readable: mayRead(boardsOf(s.patient.cases)) }]),
  );

  const groups = new Map<string, { target: Target; items: Pending[] }>();
  for (const pending of fresh) {
    const h = pending.instance.header;
    const patient = patients.get(h.patientId.trim()) ?? null;
    const target = chooseTarget(pending, patient, owners.get(h.studyInstanceUid) ?? null, heldAsStoredElsewhere.has(pending), options);
    const key = target.kind === "store" ? `store|${h.studyInstanceUid}|${target.patientId}` : `quarantine|${h.studyInstanceUid}|${h.patientId}|${target.reason}`;
    const group = groups.get(key) ?? { target, items: [] };
    group.items.push(pending);
    groups.set(key, group);
  }

  const destinations = await describeDestinations(db, actor, [...patients.values()]);
  for (const { target, items } of groups.values()) {
    if (target.kind === "store") {
      await storeStudy(db, actor, store, target.patientId, items, options, (index, result) =>
        settle(index, result.status === "stored" ? { ...result, reason: destinations.get(target.patientId) } : result),
      );
    } else await quarantineStudy(db, actor, store, target, items, options, settle);
  }
}

/**
 * "Added to the record of BRENNAN, Thomas (MRN ...)" for each patient a study may go to, so that whoever imports sees
 * at once where the images went. The name is given only to a member of one of the patient's boards (the rule of every
 * patient read); others learn that the images went to a patient's record, not whose.
 */
async function describeDestinations(db: PrismaClient, actor: ImportActor, patients: { id: string; mrn: string; familyName: string; givenName: string }[]) {
  const boardIds = actor.id !== null ? (actor.boardIds ?? []) : [];
  const visible = new Set(
    boardIds.length === 0
      ? []
      : (await db.case.findMany({ where: { patientId: { in: patients.map((p) => p.id) }, boardId: { in: [...boardIds] } }, select: { patientId: true } })).map((c) => c.patientId),
  );
  return new Map(
    patients.map((p) => [
      p.id,
      visible.has(p.id) ? `Added to the record of ${p.familyName.toUpperCase()}, ${p.givenName} (MRN ${p.mrn}).` : "Added to the record of a patient outside your boards.",
    ]),
  );
}

function chooseTarget(
  pending: Pending,
  patient: { id: string; mrn: string; familyName: string; birthDate: Date; readable: boolean } | null,
  owner: { patientId: string; readable: boolean } | null,
  storedElsewhere: boolean,
  options: ChunkOptions,
): Target {
  const hold = (reason: string, candidatePatientId: string | null, answer: string = reason): Target => ({
    kind: "quarantine",
    reason,
    // A sender hears the specific reason only about a patient they may read.
    answer: options.sender && !(patient?.readable && (!owner || owner.readable)) ? HELD_FOR_REVIEW : answer,
    candidatePatientId,
  });
  if (storedElsewhere) return hold(ALREADY_STORED_ELSEWHERE, patient?.id ?? null, HELD_FOR_REVIEW);
  if (patient && !patient.readable) return hold(SENDER_NOT_ON_BOARD, patient.id, HELD_FOR_REVIEW);
  const match: PatientMatch =
    options.matchOn === "patient-id-only" && patient
      ? { kind: "match" }
      : matchDicomPatient(pending.instance.dicomPatient, patient && { mrn: patient.mrn, familyName: patient.familyName, birthDate: patient.birthDate.toISOString().slice(0, 10) });
  if (match.kind !== "match") return hold(describeMatch(match), patient?.id ?? null);
  if (owner && owner.patientId !== patient!.id) return hold("This study is already attached to another patient in Concilium.", patient!.id);
  return { kind: "store", patientId: patient!.id };
}

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

async function storeStudy(db: PrismaClient, actor: ImportActor, store: ImageStore, patientId: string, items: Pending[], options: ChunkOptions, settle: Settle) {
  const { now } = options;
  const toIndex = items.map((p) => {
    const h = p.instance.header;
    return { pending: p, storagePath: instanceStoragePath(h.studyInstanceUid, h.seriesInstanceUid, h.sopInstanceUid) };
  });
  const written: WrittenFile[] = [];
  try {
    for (const { pending, storagePath } of toIndex) {
      const file = resolveInStore(store, storagePath);
      await writeFileAtomically(file, pending.instance.bytes);
      const entry: WrittenFile = { kind: "instance", sop: pending.instance.header.sopInstanceUid, file };
      written.push(entry);
      options.onWritten(entry);
    }
    const index = () =>
      db.$transaction(async (tx) => {
        const result = await indexStudyInstances(tx, patientId, toIndex.map((t) => ({ instance: t.pending.instance, storagePath: t.storagePath })), now);
        if (result.inserted.length > 0) {
          await recordAudit(tx, actor, {
            action: "imaging.store",
            entityType: "ImagingStudy",
            entityId: result.imagingStudyId,
            patientId,
            detail: { studyInstanceUid: items[0]!.instance.header.studyInstanceUid, instances: result.inserted.length },
          });
        }
        return result;
      });
    // A concurrent import of the same study may win the race for a row: once more, and its rows count as duplicates.
    const result = await index().catch((error: unknown) => (isUniqueViolation(error) ? index() : Promise.reject(error)));
    const duplicates = new Set(result.duplicates);
    for (const { pending } of toIndex) settle(pending.index, { status: duplicates.has(pending.instance.header.sopInstanceUid) ? "duplicate" : "stored" });
  } catch (error) {
    await removeUnindexed(db, store, written);
    if (error instanceof IndexConflictError) {
      // The conflicting record may be one the sender cannot see: they are not told what it is.
      const reason = options.sender ? NOT_FILED : error.message;
      for (const { pending } of toIndex) settle(pending.index, { status: "rejected", reason, failureReason: FAILURE_REASON.PROCESSING_FAILURE });
      return;
    }
    for (const { pending } of toIndex) settle(pending.index, { status: "rejected", reason: STORE_FAILED, failureReason: FAILURE_REASON.PROCESSING_FAILURE });
  }
}

/** Removes files this import wrote unless another import has indexed the same instance meanwhile. */
async function removeUnindexed(db: PrismaClient, store: ImageStore, written: readonly { sop: string; file: string }[]) {
  if (written.length === 0) return;
  const indexed = new Set(
    (await db.dicomInstance.findMany({ where: { sopInstanceUid: { in: written.map((w) => w.sop) } }, select: { sopInstanceUid: true } }).catch(() => [])).map((i) => i.sopInstanceUid),
  );
  for (const w of written.filter((x) => !indexed.has(x.sop))) await removeStoredFile(store, w.file).catch(() => undefined);
}

async function quarantineStudy(db: PrismaClient, actor: ImportActor, store: ImageStore, target: Extract<Target, { kind: "quarantine" }>, items: Pending[], options: ChunkOptions, settle: Settle) {
  const first = items[0]!.instance.header;
  // Later batches of the same upload join the open quarantine entry of their study.
  const open = await db.quarantinedStudy.findFirst({
    where: { status: "OPEN", studyInstanceUid: first.studyInstanceUid, dicomPatientId: first.patientId, reason: target.reason },
    select: { id: true },
  });
  const quarantineId = open?.id ?? randomUUID();
  const written: string[] = [];
  const added: Pending[] = [];
  try {
    for (const pending of items) {
      const file = resolveInStore(store, quarantinedFilePath(quarantineId, pending.instance.header.sopInstanceUid));
      if (open && existsSync(file)) {
        // Sent before and still waiting: "already stored" would suggest it is in a patient's record. A sender who may
        // not read the patient is told only that it is held (perhaps from someone else's upload), not that it was there.
        const reason = target.answer === target.reason ? alreadyInQuarantine(target.reason) : target.answer;
        settle(pending.index, { status: "quarantined", reason, quarantineId });
        continue;
      }
      await writeFileAtomically(file, pending.instance.bytes);
      written.push(file);
      options.onWritten({ kind: "quarantine", sop: pending.instance.header.sopInstanceUid, file });
      added.push(pending);
    }
    if (added.length === 0) return;
    await db.$transaction(async (tx) => {
      if (open) await tx.quarantinedStudy.update({ where: { id: quarantineId }, data: { numberOfInstances: { increment: added.length } } });
      else {
        await tx.quarantinedStudy.create({
          data: {
            id: quarantineId,
            studyInstanceUid: first.studyInstanceUid,
            dicomPatientId: first.patientId,
            dicomPatientName: first.patientName,
            dicomBirthDate: first.patientBirthDate,
            reason: target.reason,
            candidatePatientId: target.candidatePatientId,
            storagePath: quarantineStoragePath(quarantineId),
            numberOfInstances: added.length,
          },
        });
      }
      await recordAudit(tx, actor, {
        action: "imaging.quarantine",
        entityType: "QuarantinedStudy",
        entityId: quarantineId,
        patientId: target.candidatePatientId,
        reason: target.reason,
        detail: { studyInstanceUid: first.studyInstanceUid, instances: added.length },
      });
    });
    for (const pending of added) settle(pending.index, { status: "quarantined", reason: target.answer, quarantineId });
  } catch {
    await Promise.all(written.map((file) => removeFile(file).catch(() => undefined)));
    if (!open) await removeFolder(resolveInStore(store, quarantineStoragePath(quarantineId))).catch(() => undefined);
    for (const pending of added) settle(pending.index, { status: "rejected", reason: STORE_FAILED, failureReason: FAILURE_REASON.PROCESSING_FAILURE });
  }
}
