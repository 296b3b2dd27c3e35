// The viewer's one data source: where a study's DICOMweb lives (the built-in store or the guarded PACS proxy) and how a
// study as the imaging procedures return it becomes the viewer's input. Pure: pages on the server use it too.
import { DICOMWEB_BASE } from "@/integrations/dicomweb/urls";
import type { SeriesChoice, StudyChoice } from "./viewer-types";

export type StudySource = "BUILT_IN" | "DICOMWEB";

/** The PACS is reached through the app's proxy, which checks access and audits like the built-in store. */
export const PACS_PROXY_BASE = "/api/pacs";

export const dicomwebBaseOf = (source: StudySource): string => (source === "BUILT_IN" ? DICOMWEB_BASE : PACS_PROXY_BASE);

/** A study as imaging.studies returns it (the fields the viewer needs). */
export interface StudyRecord {
  studyInstanceUid: string;
  source: StudySource;
  studyDate: Date;
  modality: string;
  description: string;
  series: SeriesChoice[];
}

/** Study to viewer input; the date is formatted by the caller (the server knows the hospital's time zone). */
export function toStudyChoice(study: StudyRecord, formatDate: (date: Date) => string): StudyChoice {
  return {
    studyInstanceUid: study.studyInstanceUid,
    dicomwebBase: dicomwebBaseOf(study.source),
    dateLabel: formatDate(study.studyDate),
    modality: study.modality,
    description: study.description,
    series: study.series.map((s) => ({ seriesInstanceUid: s.seriesInstanceUid, modality: s.modality, description: s.description, numberOfInstances: s.numberOfInstances })),
  };
}

export const studyUrlOf = (study: Pick<StudyChoice, "dicomwebBase" | "studyInstanceUid">) => `${study.dicomwebBase}/studies/${study.studyInstanceUid}`;
export const seriesUrlOf = (study: Pick<StudyChoice, "dicomwebBase" | "studyInstanceUid">, seriesUid: string) => `${studyUrlOf(study)}/series/${seriesUid}`;
export const thumbnailUrlOf = (study: Pick<StudyChoice, "dicomwebBase" | "studyInstanceUid">, seriesUid: string) => `${seriesUrlOf(study, seriesUid)}/thumbnail`;

type DicomJson = Record<string, { Value?: unknown[] }>;
const text = (json: DicomJson, tag: string) => String(json[tag]?.Value?.[0] ?? "");

/** QIDO-RS series rows to the viewer's series choices. */
export function seriesFromQido(rows: DicomJson[]): SeriesChoice[] {
  return rows.map((r) => ({
    seriesInstanceUid: text(r, "0020000E"),
    modality: text(r, "00080060"),
    description: text(r, "0008103E"),
    numberOfInstances: Number(text(r, "00201209") || 0),
  }));
}

/** A PACS study's series are not stored here: they are asked of the PACS (QIDO-RS) when the study is opened. */
export async function fetchStudySeries(study: Pick<StudyChoice, "dicomwebBase" | "studyInstanceUid">, signal?: AbortSignal): Promise<SeriesChoice[]> {
  const response = await fetch(`${studyUrlOf(study)}/series`, { headers: { Accept: "application/dicom+json" }, signal });
  if (!response.ok) return [];
  return seriesFromQido((await response.json()) as DicomJson[]);
}
