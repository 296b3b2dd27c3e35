/** QIDO-RS over the built-in store: only studies of patients with a case on one of the user's boards. */
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { DicomJson } from "@/integrations/dicomweb/dicom-json";
import type { InstanceQuery, SeriesQuery, StudyQuery, TextMatch } from "@/integrations/dicomweb/qido";
import type { InstanceAttributes, SeriesAttributes, StudyAttributes } from "@/integrations/dicomweb/responses";
import { instanceUrl, seriesUrl, studyUrl } from "@/integrations/dicomweb/urls";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../db-types";
import { ServiceError } from "../errors";
import { auditDicomwebRead } from "./read-audit";

export interface Viewer extends Actor {
  boardIds: string[];
}

const text = (match: TextMatch) => (match.prefix ? { startsWith: match.value } : { equals: match.value });
const SEX = { FEMALE: "F", MALE: "M", OTHER: "O", UNKNOWN: "" } as const;
const nextDay = (iso: string) => new Date(new Date(`${iso}T00:00:00Z`).getTime() + 86_400_000);

export async function searchStudies(db: PrismaClient, viewer: Viewer, query: StudyQuery): Promise<StudyAttributes[]> {
  const where: Prisma.ImagingStudyWhereInput = {
    source: "BUILT_IN",
    patient: { cases: { some: { boardId: { in: viewer.boardIds } } }, ...(query.patientId ? { mrn: text(query.patientId) } : {}) },
    ...(query.studyInstanceUids ? { studyInstanceUid: { in: query.studyInstanceUids } } : {}),
    ...(query.accessionNumber ? { accessionNumber: text(query.accessionNumber) } : {}),
    ...(query.studyDate
      ? { studyDate: { ...(query.studyDate.from ? { gte: new Date(`${query.studyDate.from}T00:00:00Z`) } : {}), ...(query.studyDate.to ? { lt: nextDay(query.studyDate.to) } : {}) } }
      : {}),
    ...(query.modalities ? { OR: [{ modality: { in: query.modalities } }, { series: { some: { modality: { in: query.modalities } } } }] } : {}),
  };
  const studies = await db.imagingStudy.findMany({
    where,
    orderBy: [{ studyDate: "desc" }, { studyInstanceUid: "asc" }],
    skip: query.offset,
    take: query.limit,
    include: { patient: { select: { id: true, mrn: true, familyName: true, givenName: true, birthDate: true, sex: true } }, series: { select: { modality: true } } },
  });
  const patientIds = [...new Set(studies.map((s) => s.patientId))];
  await recordAudit(
    db,
    viewer,
    patientIds.map((patientId) => ({ action: "dicomweb.read", entityType: "ImagingStudy", patientId, detail: { resource: "study search", studies: studies.filter((s) => s.patientId === patientId).length } })),
  );
  // Patient attributes are the hospital's record: the study was matched (or attached) to this patient.
  return studies.map((s) => ({
    studyInstanceUid: s.studyInstanceUid,
    studyDate: s.studyDate.toISOString().slice(0, 10),
    accessionNumber: s.accessionNumber,
    modalities: [...new Set([s.modality, ...s.series.map((x) => x.modality)])].sort(),
    description: s.description,
    patientName: `${s.patient.familyName}^${s.patient.givenName}`,
    patientId: s.patient.mrn,
    patientBirthDate: s.patient.birthDate.toISOString().slice(0, 10),
    patientSex: SEX[s.patient.sex],
    numberOfSeries: s.numberOfSeries,
    numberOfInstances: s.numberOfInstances,
    retrieveUrl: studyUrl(s.studyInstanceUid),
  }));
}

/** The study the guard let through, as the store has it. */
export async function findStudy(db: PrismaClient, studyInstanceUid: string) {
  const study = await db.imagingStudy.findUnique({ where: { studyInstanceUid }, select: { id: true, patientId: true, studyInstanceUid: true } });
  if (!study) throw new ServiceError("NOT_FOUND", "No such study.");
  return study;
}

export async function searchSeries(db: PrismaClient, actor: Actor, studyInstanceUid: string, query: SeriesQuery): Promise<SeriesAttributes[]> {
  const study = await findStudy(db, studyInstanceUid);
  const series = await db.dicomSeries.findMany({
    where: {
      imagingStudyId: study.id,
      ...(query.seriesInstanceUids ? { seriesInstanceUid: { in: query.seriesInstanceUids } } : {}),
      ...(query.modalities ? { modality: { in: query.modalities } } : {}),
    },
    orderBy: [{ seriesNumber: "asc" }, { seriesInstanceUid: "asc" }],
    skip: query.offset,
    take: query.limit,
  });
  await auditDicomwebRead(db, actor, { patientId: study.patientId, studyInstanceUid, resource: "series search" });
  return series.map((s) => ({
    studyInstanceUid,
    seriesInstanceUid: s.seriesInstanceUid,
    modality: s.modality,
    seriesNumber: s.seriesNumber,
    description: s.description,
    numberOfInstances: s.numberOfInstances,
    retrieveUrl: seriesUrl(studyInstanceUid, s.seriesInstanceUid),
  }));
}

export async function findSeries(db: PrismaClient, studyInstanceUid: string, seriesInstanceUid: string) {
  const series = await db.dicomSeries.findFirst({
    where: { seriesInstanceUid, imagingStudy: { studyInstanceUid } },
    select: { id: true, seriesInstanceUid: true, imagingStudy: { select: { patientId: true } } },
  });
  if (!series) throw new ServiceError("NOT_FOUND", "No such series in this study.");
  return series;
}

const numberFrom = (json: DicomJson, tag: string) => {
  const v = json[tag]?.Value?.[0];
  return typeof v === "number" ? v : undefined;
};

export async function searchInstances(db: PrismaClient, actor: Actor, studyInstanceUid: string, seriesInstanceUid: string, query: InstanceQuery): Promise<InstanceAttributes[]> {
  const series = await findSeries(db, studyInstanceUid, seriesInstanceUid);
  const instances = await db.dicomInstance.findMany({
    where: {
      seriesId: series.id,
      ...(query.sopInstanceUids ? { sopInstanceUid: { in: query.sopInstanceUids } } : {}),
      ...(query.sopClassUids ? { sopClassUid: { in: query.sopClassUids } } : {}),
    },
    orderBy: [{ instanceNumber: "asc" }, { sopInstanceUid: "asc" }],
    skip: query.offset,
    take: query.limit,
  });
  await auditDicomwebRead(db, actor, { patientId: series.imagingStudy.patientId, studyInstanceUid, seriesInstanceUid, resource: "instance search" });
  return instances.map((i) => {
    const metadata = i.metadata as unknown as DicomJson;
    const available = metadata["00083002"]?.Value?.[0];
    return {
      studyInstanceUid,
      seriesInstanceUid,
      sopInstanceUid: i.sopInstanceUid,
      sopClassUid: i.sopClassUid,
      instanceNumber: i.instanceNumber,
      numberOfFrames: i.numberOfFrames,
      rows: numberFrom(metadata, "00280010"),
      columns: numberFrom(metadata, "00280011"),
      availableTransferSyntaxUid: typeof available === "string" ? available : i.transferSyntaxUid,
      retrieveUrl: instanceUrl(studyInstanceUid, seriesInstanceUid, i.sopInstanceUid),
    };
  });
}
