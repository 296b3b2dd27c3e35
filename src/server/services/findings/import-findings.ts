import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import type { Actor, Db } from "../db-types";
import { ServiceError } from "../errors";
import { readFindingsFile, type FindingDraft, type FindingsFile, type FindingsFileKind } from "./read-findings-file";

export interface ImportFindingsRequest {
  kind: FindingsFileKind;
  bytes: Uint8Array;
  /** The patient the user is importing for: the file must be about them. Absent for the demo seed. */
  patientId?: string;
}

export interface ImportFindingsResult {
  patientId: string;
  imagingStudyId: string | null;
  slideId: string | null;
  sourceSopInstanceUid: string;
  created: number;
  /** Findings of this file imported before, left as they were (with their review). */
  alreadyPresent: number;
  createdFindingIds: string[];
}

/** Who imports: a signed-in user, or the system (the demo seed) by a name alone. */
export type ImportActor = Actor | { id: null; email: string };

const NOTHING_IMPORTED = "Nothing was imported.";

/**
 * Imports the findings of a DICOM SR (TID 1500), a DICOM SEG or a findings JSON file for the patient and study (or
 * slide) the file names. All or nothing, in one transaction; importing the same file again adds only what is missing.
 */
export async function importFindings(db: PrismaClient, actor: ImportActor, request: ImportFindingsRequest): Promise<ImportFindingsResult> {
  const file = readFindingsFile(request.kind, request.bytes);
  return db.$transaction(async (tx) => {
    const patientId = await resolvePatient(tx, file, request.patientId);
    const target = await resolveTarget(tx, file, patientId);

    // Two imports of the same file at once must not both find it absent and both write it.
    await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${`finding.import:${file.sourceSopInstanceUid}`}))) AS l`;
    const existing = await tx.finding.findMany({
      where: { sourceSopInstanceUid: file.sourceSopInstanceUid },
      select: { trackingUid: true, segmentNumber: true },
    });
    const present = new Set(existing.map(identityOf));
    const fresh: FindingDraft[] = [];
    for (const draft of file.findings) {
      const identity = identityOf(draft);
      if (present.has(identity)) continue;
      present.add(identity);
      fresh.push(draft);
    }

    const created = fresh.length
      ? await tx.finding.createManyAndReturn({
          data: fresh.map((draft) => toRow(draft, file, patientId, target)),
          select: { id: true },
        })
      : [];
    const result: ImportFindingsResult = {
      patientId,
      imagingStudyId: target.imagingStudyId,
      slideId: target.slideId,
      sourceSopInstanceUid: file.sourceSopInstanceUid,
      created: created.length,
      alreadyPresent: file.findings.length - created.length,
      createdFindingIds: created.map((c) => c.id),
    };
    await recordAudit(tx, actor, {
      action: "finding.import",
      entityType: "Finding",
      patientId,
      detail: {
        kind: file.kind,
        sourceSopInstanceUid: file.sourceSopInstanceUid,
        imagingStudyId: target.imagingStudyId,
        slideId: target.slideId,
        created: result.created,
        alreadyPresent: result.alreadyPresent,
        findingIds: result.createdFindingIds,
      },
    });
    return result;
  });
}

// A finding of a file is its segment (SEG) or its tracking UID (SR, JSON).
const identityOf = (f: { trackingUid: string | null; segmentNumber: number | null }) =>
  f.segmentNumber !== null ? `segment ${f.segmentNumber}` : `tracking ${f.trackingUid}`;

async function resolvePatient(tx: Db, file: FindingsFile, expectedPatientId: string | undefined): Promise<string> {
  const patient = await tx.patient.findUnique({ where: { mrn: file.patientMrn }, select: { id: true } });
  if (expectedPatientId !== undefined && patient?.id !== expectedPatientId) {
    const expected = await tx.patient.findUnique({ where: { id: expectedPatientId }, select: { mrn: true } });
    throw new ServiceError(
      "BAD_REQUEST",
      `This file is about Patient ID ${file.patientMrn}, not about this patient (MRN ${expected?.mrn ?? "unknown"}). ${NOTHING_IMPORTED}`,
    );
  }
  if (!patient) throw new ServiceError("BAD_REQUEST", `No patient in Concilium has the Patient ID ${file.patientMrn} this file is about. ${NOTHING_IMPORTED}`);
  return patient.id;
}

interface Target {
  imagingStudyId: string | null;
  slideId: string | null;
  /** When the file does not say when its findings were made. */
  fallbackDate: Date;
}

async function resolveTarget(tx: Db, file: FindingsFile, patientId: string): Promise<Target> {
  const otherPatient = (what: string) =>
    new ServiceError("BAD_REQUEST", `The ${what} this file refers to belongs to another patient than the one it names. ${NOTHING_IMPORTED}`);
  if ("study" in file.target) {
    const uid = file.target.study;
    const study = await tx.imagingStudy.findUnique({ where: { studyInstanceUid: uid }, select: { id: true, patientId: true, studyDate: true } });
    if (!study) throw new ServiceError("BAD_REQUEST", `The study ${uid} this report refers to is not in Concilium; import the images first. ${NOTHING_IMPORTED}`);
    if (study.patientId !== patientId) throw otherPatient(`study ${uid}`);
    return { imagingStudyId: study.id, slideId: null, fallbackDate: study.studyDate };
  }
  const reference = "slideId" in file.target ? file.target.slideId : file.target.slideSeriesInstanceUid;
  const slide =
    "slideId" in file.target
      ? await tx.slide.findUnique({ where: { id: file.target.slideId }, select: { id: true, patientId: true, acquiredAt: true } })
      : await tx.slide.findFirst({ where: { seriesInstanceUid: file.target.slideSeriesInstanceUid, patientId }, select: { id: true, patientId: true, acquiredAt: true } });
  if (!slide) throw new ServiceError("BAD_REQUEST", `The slide ${reference} this report refers to is not in Concilium; import the slide first. ${NOTHING_IMPORTED}`);
  if (slide.patientId !== patientId) throw otherPatient(`slide ${reference}`);
  return { imagingStudyId: null, slideId: slide.id, fallbackDate: slide.acquiredAt };
}

function toRow(draft: FindingDraft, file: FindingsFile, patientId: string, target: Target): Prisma.FindingCreateManyInput {
  return {
    patientId,
    source: draft.source,
    algorithmName: draft.algorithmName,
    algorithmVersion: draft.algorithmVersion,
    kind: draft.kind,
    description: draft.description,
    measurements: draft.measurements.map((m) => ({ name: m.name, value: m.value, unit: m.unit })),
    imagingStudyId: target.imagingStudyId,
    seriesInstanceUid: draft.seriesInstanceUid,
    sopInstanceUid: draft.sopInstanceUid,
    frameNumber: draft.frameNumber,
    slideId: target.slideId,
    slideRegion: draft.slideRegion ? { ...draft.slideRegion } : undefined,
    imageRegions: draft.imageRegions,
    observedAt: draft.observedAt ?? target.fallbackDate,
    trackingId: draft.trackingId,
    trackingUid: draft.trackingUid,
    findingCode: draft.findingCode ? { ...draft.findingCode } : undefined,
    findingSiteCode: draft.findingSiteCode ? { ...draft.findingSiteCode } : undefined,
    sourceSopInstanceUid: file.sourceSopInstanceUid,
    segmentNumber: draft.segmentNumber,
  };
}
