/** The database side of storing instances: ImagingStudy, DicomSeries and DicomInstance rows with their counts. */
import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "../db-types";
import { frameRangesOfFile } from "./frame-ranges";
import type { PreparedInstance } from "./prepare-instance";

export interface InstanceToIndex {
  instance: PreparedInstance;
  storagePath: string;
}

/** Modalities that accompany images rather than being them: the study is named after its images. */
const DERIVED_MODALITIES = new Set(["SR", "SEG", "KO", "PR", "RTSTRUCT", "REG", "DOC"]);

export class IndexConflictError extends Error {
  constructor(
    readonly code: "STUDY_OF_OTHER_PATIENT" | "SERIES_OF_OTHER_STUDY",
    message: string,
  ) {
    super(message);
    this.name = "IndexConflictError";
  }
}

const dicomDay = (iso: string | null, fallback: Date) => (iso ? new Date(`${iso}T00:00:00Z`) : fallback);

/**
 * Indexes the instances of one study for one patient inside the caller's transaction. Instances whose
 * SOPInstanceUID is already indexed are left alone and reported as duplicates.
 * @throws IndexConflictError when the study belongs to another patient or a series to another study.
 */
export async function indexStudyInstances(
  tx: Db,
  patientId: string,
  items: InstanceToIndex[],
  now: Date,
): Promise<{ imagingStudyId: string; inserted: string[]; duplicates: string[] }> {
  const first = items[0]!.instance.header;
  let study = await tx.imagingStudy.findUnique({ where: { studyInstanceUid: first.studyInstanceUid }, select: { id: true, patientId: true, description: true } });
  if (study && study.patientId !== patientId) {
    throw new IndexConflictError("STUDY_OF_OTHER_PATIENT", "This study is already attached to another patient in Concilium.");
  }
  if (!study) {
    study = await tx.imagingStudy.create({
      data: {
        patientId,
        studyInstanceUid: first.studyInstanceUid,
        modality: first.modality || "OT",
        studyDate: dicomDay(first.studyDate, now),
        description: items.map((i) => i.instance.header.studyDescription).find(Boolean) ?? "",
        accessionNumber: first.accessionNumber || null,
      },
      select: { id: true, patientId: true, description: true },
    });
  }

  const sops = items.map((i) => i.instance.header.sopInstanceUid);
  const existing = new Set((await tx.dicomInstance.findMany({ where: { sopInstanceUid: { in: sops } }, select: { sopInstanceUid: true } })).map((i) => i.sopInstanceUid));
  const fresh = items.filter((i) => !existing.has(i.instance.header.sopInstanceUid));

  const seriesIds = new Map<string, string>();
  for (const { instance } of fresh) {
    const h = instance.header;
    if (seriesIds.has(h.seriesInstanceUid)) continue;
    const series = await tx.dicomSeries.findUnique({ where: { seriesInstanceUid: h.seriesInstanceUid }, select: { id: true, imagingStudyId: true } });
    if (series && series.imagingStudyId !== study.id) {
      throw new IndexConflictError("SERIES_OF_OTHER_STUDY", "A series in these files already belongs to another study.");
    }
    const id =
      series?.id ??
      (
        await tx.dicomSeries.create({
          data: { imagingStudyId: study.id, seriesInstanceUid: h.seriesInstanceUid, modality: h.modality || "OT", seriesNumber: h.seriesNumber, description: h.seriesDescription },
          select: { id: true },
        })
      ).id;
    seriesIds.set(h.seriesInstanceUid, id);
  }

  if (fresh.length > 0) {
    await tx.dicomInstance.createMany({
      data: fresh.map(({ instance, storagePath }) => ({
        seriesId: seriesIds.get(instance.header.seriesInstanceUid)!,
        sopInstanceUid: instance.header.sopInstanceUid,
        sopClassUid: instance.header.sopClassUid,
        instanceNumber: instance.header.instanceNumber,
        numberOfFrames: instance.header.numberOfFrames ?? 1,
        transferSyntaxUid: instance.header.transferSyntaxUid,
        storagePath,
        sizeBytes: instance.bytes.length,
        metadata: instance.metadata as unknown as Prisma.InputJsonValue,
        // Kept so that frames are served as byte ranges of the file (see frame-ranges.ts).
        ...frameRangesField(instance.bytes),
      })),
    });
    await refreshCounts(tx, study.id, [...seriesIds.values()], items);
  }
  return { imagingStudyId: study.id, inserted: fresh.map((i) => i.instance.header.sopInstanceUid), duplicates: [...existing] };
}

/** Counts from the rows themselves, so that repeated and concurrent imports cannot drift them. */
async function refreshCounts(tx: Db, imagingStudyId: string, touchedSeries: string[], items: InstanceToIndex[]) {
  for (const seriesId of touchedSeries) {
    const count = await tx.dicomInstance.count({ where: { seriesId } });
    const series = await tx.dicomSeries.findUniqueOrThrow({ where: { id: seriesId }, select: { seriesInstanceUid: true, description: true } });
    const description = series.description || items.find((i) => i.instance.header.seriesInstanceUid === series.seriesInstanceUid && i.instance.header.seriesDescription)?.instance.header.seriesDescription;
    await tx.dicomSeries.update({ where: { id: seriesId }, data: { numberOfInstances: count, ...(description ? { description } : {}) } });
  }
  const series = await tx.dicomSeries.findMany({ where: { imagingStudyId }, select: { modality: true, numberOfInstances: true, description: true }, orderBy: [{ seriesNumber: "asc" }, { createdAt: "asc" }] });
  const study = await tx.imagingStudy.findUniqueOrThrow({ where: { id: imagingStudyId }, select: { description: true } });
  const imageModality = series.map((s) => s.modality).find((m) => !DERIVED_MODALITIES.has(m)) ?? series[0]?.modality ?? "OT";
  await tx.imagingStudy.update({
    where: { id: imagingStudyId },
    data: {
      numberOfSeries: series.length,
      numberOfInstances: series.reduce((n, s) => n + s.numberOfInstances, 0),
      modality: imageModality,
      ...(study.description ? {} : { description: series.map((s) => s.description).find(Boolean) ?? "" }),
    },
  });
}

function frameRangesField(bytes: Uint8Array): { frameRanges?: Prisma.InputJsonValue } {
  const ranges = frameRangesOfFile(bytes);
  return ranges ? { frameRanges: ranges } : {};
}
