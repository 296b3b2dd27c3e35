/**
 * Images from another hospital: a user of the patient's board searches a configured remote DICOMweb node (QIDO-RS)
 * for the patient's studies and retrieves chosen studies (WADO-RS, multipart/related application/dicom) into the
 * built-in store. A study is downloaded whole into a spool folder first and only then handed to the same import as a
 * browser upload (patient matching, quarantine); a node that fails or stalls midway leaves nothing behind.
 */
import { mkdir, mkdtemp, open, readFile, rm, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { readDicomHeader } from "@/integrations/dicom/read-dicom-header";
import { parseMediaType } from "@/integrations/dicomweb/media-type";
import { MultipartError, MultipartReader } from "@/integrations/dicomweb/multipart";
import { isValidUid } from "@/integrations/dicomweb/uid";
import { dicomJsonString, PacsUnavailableError, searchStudies, type DicomJson } from "@/integrations/pacs/pacs-client";
import type { RemoteNode } from "@/integrations/pacs/remote-nodes";
import type { PrismaClient } from "@/generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../db-types";
import { isDatabaseUnavailable, ServiceError } from "../errors";
import { imageStoreFromEnv, incomingFolder, maxUploadBytes, type ImageStore } from "../imaging/image-store";
import { fileSource, ImportAbortedError, importDicom, type ImportResult } from "../imaging/import-dicom";
import { RetrieveJob, type RetrievePhase } from "./retrieve-jobs";

export interface RemoteStudy {
  studyInstanceUid: string;
  studyDate: string | null;
  modalities: string[];
  description: string;
  accessionNumber: string;
  numberOfSeries: number;
  numberOfInstances: number;
  /** As the remote node files the study. */
  remotePatientId: string;
  remotePatientName: string;
  remoteBirthDate: string | null;
  /** Already in Concilium (stored or listed): retrieving it again adds only what is missing. */
  alreadyHere: boolean;
}

export type RemoteQuery = { by: "patient-id"; remotePatientId?: string } | { by: "name-and-birth-date" };

const dicomDate = (value: string) => (/^\d{8}$/.test(value) ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}` : null);
const dicomName = (value: string) => value.replace(/\^+$/, "").split("^").filter(Boolean).join(", ");

export function findNode(nodes: readonly RemoteNode[], nodeId: string): RemoteNode {
  const node = nodes.find((n) => n.id === nodeId);
  if (!node) throw new ServiceError("NOT_FOUND", "No such remote node is configured at this site.");
  return node;
}

const unavailable = (error: unknown) => (error instanceof PacsUnavailableError ? new ServiceError("SERVICE_UNAVAILABLE", error.message.replace(/^The PACS /, "The remote node ")) : error);

/** QIDO-RS: the patient's studies at the remote node, by the Patient ID there (our MRN unless given) or by name and birth date. */
export async function queryRemoteNode(db: PrismaClient, actor: Actor, node: RemoteNode, patientId: string, query: RemoteQuery): Promise<RemoteStudy[]> {
  const patient = await db.patient.findUniqueOrThrow({ where: { id: patientId } });
  const criteria: Record<string, string> =
    query.by === "patient-id"
      ? { PatientID: (query.remotePatientId ?? patient.mrn).trim() }
      : { PatientName: `${patient.familyName}*`, PatientBirthDate: patient.birthDate.toISOString().slice(0, 10).replace(/-/g, "") };
  // A wildcard would search other patients' records at the other hospital.
  if (criteria.PatientID !== undefined && (criteria.PatientID === "" || /[\\*?]/.test(criteria.PatientID))) {
    throw new ServiceError("BAD_REQUEST", "Give a Patient ID without wildcards.");
  }
  let found: DicomJson[];
  try {
    found = await searchStudies(node, {
      ...criteria,
      includefield: "StudyDescription,ModalitiesInStudy,NumberOfStudyRelatedSeries,NumberOfStudyRelatedInstances,PatientName,PatientID,PatientBirthDate,AccessionNumber,StudyDate",
      limit: "200",
    });
  } catch (error) {
    throw unavailable(error);
  }
  const uids = found.map((s) => dicomJsonString(s, "0020000D")).filter(isValidUid);
  const known = new Set((await db.imagingStudy.findMany({ where: { studyInstanceUid: { in: uids } }, select: { studyInstanceUid: true } })).map((s) => s.studyInstanceUid));
  const studies = found
    .filter((s) => isValidUid(dicomJsonString(s, "0020000D")))
    .map((s) => {
      const studyInstanceUid = dicomJsonString(s, "0020000D");
      return {
        studyInstanceUid,
        studyDate: dicomDate(dicomJsonString(s, "00080020")),
        modalities: (s["00080061"]?.Value ?? []).map(String),
        description: dicomJsonString(s, "00081030"),
        accessionNumber: dicomJsonString(s, "00080050"),
        numberOfSeries: Number(dicomJsonString(s, "00201206") || 0),
        numberOfInstances: Number(dicomJsonString(s, "00201208") || 0),
        remotePatientId: dicomJsonString(s, "00100020"),
        remotePatientName: dicomName(dicomJsonString(s, "00100010")),
        remoteBirthDate: dicomDate(dicomJsonString(s, "00100030")),
        alreadyHere: known.has(studyInstanceUid),
      };
    })
    .sort((a, b) => (b.studyDate ?? "").localeCompare(a.studyDate ?? ""));
  await recordAudit(db, actor, { action: "remote.query", entityType: "Patient", entityId: patient.id, patientId: patient.id, detail: { node: node.id, by: query.by, found: studies.length } });
  return studies;
}

export interface RetrieveResult {
  studyInstanceUid: string;
  received: number;
  stored: number;
  duplicates: number;
  quarantined: number;
  rejected: number;
  /** What the user is told: where the images went, or why they wait in the quarantine. */
  message: string;
}

const RETRIEVE_ACCEPT = 'multipart/related; type="application/dicom"; transfer-syntax=*';
const MAX_PARTS = 20_000;

/**
 * Opens the study's WADO-RS stream. The node's timeout bounds the wait for the answer and every pause between two
 * pieces of it (a large study may take long as long as it keeps coming).
 */
async function openStudyStream(node: RemoteNode, studyUid: string, onStall: (stall: () => void) => void) {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let stalled = false;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, node.timeoutMs);
  };
  onStall(arm);
  const limit = node.timeoutMs < 1000 ? `${node.timeoutMs} ms` : `${Math.round(node.timeoutMs / 1000)} s`;
  const slow = () => new ServiceError("SERVICE_UNAVAILABLE", `The remote node "${node.name}" stopped sending for ${limit}; nothing of this study was kept. Try again later.`);
  const headers: Record<string, string> = { Accept: RETRIEVE_ACCEPT };
  if (node.authorization) headers.Authorization = node.authorization;
  arm();
  let response: Response;
  try {
    response = await fetch(`${node.baseUrl}/studies/${studyUid}`, { headers, signal: controller.signal, redirect: "error" });
  } catch {
    clearTimeout(timer);
    if (stalled) throw slow();
    throw new ServiceError("SERVICE_UNAVAILABLE", `The remote node "${node.name}" cannot be reached; it may be down. Nothing was retrieved.`);
  }
  const fail = (message: string) => {
    clearTimeout(timer);
    void response.body?.cancel().catch(() => undefined);
    return new ServiceError("SERVICE_UNAVAILABLE", message);
  };
  if (response.status === 401 || response.status === 403) throw fail(`The remote node "${node.name}" refused Concilium's credentials.`);
  if (response.status === 404) throw fail(`The remote node "${node.name}" does not hold this study (any more).`);
  if (!response.ok) throw fail(`The remote node "${node.name}" answered with an error (HTTP ${response.status}); nothing was retrieved.`);
  const type = parseMediaType(response.headers.get("content-type") ?? "");
  const boundary = type.params.boundary;
  if (type.type !== "multipart/related" || !boundary) throw fail(`The remote node "${node.name}" did not send DICOM files (${type.type || "no content type"}).`);
  return { response, boundary, stop: () => clearTimeout(timer), wasStalled: () => stalled, slow };
}

/**
 * Retrieves one study whole into a spool folder, checks that every file belongs to it, and imports it like a browser
 * upload by this user. The study's (or quarantine entry's) source is the node's name.
 */
export async function retrieveRemoteStudy(
  db: PrismaClient,
  actor: Actor & { boardIds: readonly string[] },
  node: RemoteNode,
  patientId: string,
  studyUid: string,
  options: { retrievalId?: string; expected?: number; store?: ImageStore } = {},
): Promise<RetrieveResult> {
  if (!isValidUid(studyUid)) throw new ServiceError("BAD_REQUEST", "This is not a valid Study Instance UID.");
  const store = options.store ?? imageStoreFromEnv();
  const limit = maxUploadBytes();
  const progress = { received: 0, expected: options.expected ?? 0, bytes: 0, phase: "receiving" as RetrievePhase };
  const job = new RetrieveJob(db, options.retrievalId, progress);
  await job.start({ userId: actor.id, patientId, nodeId: node.id, studyInstanceUid: studyUid });

  await mkdir(incomingFolder(store), { recursive: true });
  const folder = await mkdtemp(path.join(incomingFolder(store), "retrieve-"));
  const files: string[] = [];
  try {
    let rearm = () => undefined as void;
    const stream = await openStudyStream(node, studyUid, (arm) => (rearm = arm));
    const reader = new MultipartReader(stream.boundary, { maxParts: MAX_PARTS });
    const source = stream.response.body!.getReader();
    let handle: FileHandle | null = null;
    let partBytes = 0;
    try {
      for (;;) {
        const { done, value } = await source.read();
        if (done) break;
        rearm();
        progress.bytes += value.byteLength;
        for (const event of reader.write(value)) {
          if (event.type === "part") {
            const file = path.join(folder, `${String(files.length).padStart(6, "0")}.dcm`);
            files.push(file);
            handle = await open(file, "w");
            partBytes = 0;
          } else if (event.type === "data" && handle) {
            partBytes += event.bytes.byteLength;
            if (partBytes > limit) throw new ServiceError("BAD_REQUEST", `The remote node "${node.name}" sent a file larger than ${Math.round(limit / 1024 / 1024)} MiB; nothing was kept.`);
            await handle.write(event.bytes);
          } else if (event.type === "part-end" && handle) {
            await handle.close();
            handle = null;
            progress.received += 1;
          }
        }
        // Written at most once a second, wherever the stream is: bytes show while a large file arrives.
        await job.tick();
        if (reader.finished) break;
      }
      reader.end();
    } catch (error) {
      await source.cancel().catch(() => undefined);
      if (stream.wasStalled()) throw stream.slow();
      if (error instanceof MultipartError) throw new ServiceError("SERVICE_UNAVAILABLE", `The remote node "${node.name}" broke off the transfer; nothing of this study was kept. Try again.`);
      if (error instanceof ServiceError) throw error;
      throw new ServiceError("SERVICE_UNAVAILABLE", `The remote node "${node.name}" broke off the transfer; nothing of this study was kept. Try again.`);
    } finally {
      stream.stop();
      await (handle as FileHandle | null)?.close().catch(() => undefined);
    }

    // Every file must be of the study asked for: a node must not slip other patients' images in with it.
    for (const file of files) {
      let uid: string | null = null;
      try {
        uid = readDicomHeader(new Uint8Array(await readFile(file))).studyInstanceUid;
      } catch {
        uid = null;
      }
      if (uid !== studyUid) throw new ServiceError("BAD_REQUEST", `The remote node "${node.name}" sent a file that is not of this study; nothing was kept.`);
    }
    if (files.length === 0) throw new ServiceError("SERVICE_UNAVAILABLE", `The remote node "${node.name}" sent no images of this study.`);

    await job.phase("importing");
    const sources = await Promise.all(files.map((file, i) => fileSource(file, `image ${i + 1} of ${files.length}`)));
    let imported: ImportResult;
    try {
      // All or nothing: a study half in Concilium would look complete to the board.
      imported = await importDicom(db, actor, sources, { store, sender: { boardIds: actor.boardIds }, allOrNothing: true });
    } catch (error) {
      if (error instanceof ImportAbortedError) {
        throw new ServiceError("BAD_REQUEST", `The remote node "${node.name}" sent a file Concilium cannot import (${error.fileName}): ${error.reason} Nothing of this study was kept.`);
      }
      if (error instanceof ServiceError || isDatabaseUnavailable(error)) throw error;
      throw new ServiceError("SERVICE_UNAVAILABLE", `Concilium could not store the study from "${node.name}"; nothing of it was kept. Try again.`);
    }

    // Where the images came from: on the study, or on the quarantine entry (carried to the study when attached).
    if (imported.stored > 0 || imported.duplicates > 0) {
      await db.imagingStudy.updateMany({ where: { studyInstanceUid: studyUid, sourceNode: null, patient: { cases: { some: { boardId: { in: [...actor.boardIds] } } } } }, data: { sourceNode: node.name } });
    }
    const quarantineIds = [...new Set(imported.quarantined.map((q) => q.id))];
    if (quarantineIds.length > 0) await db.quarantinedStudy.updateMany({ where: { id: { in: quarantineIds }, sourceNode: null }, data: { sourceNode: node.name } });

    const stored = imported.files.filter((f) => f.status === "stored");
    const message =
      imported.quarantined.length > 0
        ? `${imported.quarantined.length} image(s) held in quarantine: ${imported.quarantined[0]!.reason}`
        : imported.rejected.length > 0
          ? `${imported.rejected.length} image(s) not imported: ${imported.rejected[0]!.reason}`
          : (stored[0]?.reason ?? (imported.duplicates > 0 ? "Already in Concilium: nothing new to add." : "Imported."));
    const result: RetrieveResult = {
      studyInstanceUid: studyUid,
      received: files.length,
      stored: imported.stored,
      duplicates: imported.duplicates,
      quarantined: imported.quarantined.length,
      rejected: imported.rejected.length,
      message,
    };
    await recordAudit(db, actor, {
      action: "remote.retrieve",
      entityType: "ImagingStudy",
      entityId: studyUid,
      patientId,
      detail: { node: node.id, received: files.length, stored: result.stored, duplicates: result.duplicates, quarantined: result.quarantined, rejected: result.rejected },
    });
    await job.phase("done");
    return result;
  } catch (error) {
    await job.phase("failed", error instanceof ServiceError ? error.message : "The retrieval failed; nothing of this study was kept.");
    await recordAudit(db, actor, {
      action: "remote.retrieve.failed",
      entityType: "ImagingStudy",
      entityId: studyUid,
      patientId,
      detail: { node: node.id, received: progress.received, error: error instanceof Error ? error.message : "unknown" },
    }).catch(() => undefined);
    throw error;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
