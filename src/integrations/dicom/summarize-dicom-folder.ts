/**
 * Groups the DICOM files of a folder into studies and series from their headers only,
 * so an import can show "what is in this folder" before anything is stored.
 */
import { open, readdir, stat } from "node:fs/promises";
import path from "node:path";
import {
  DicomParseError,
  readDicomHeader,
  type DicomInstanceHeader,
  type DicomParseErrorCode,
  type PatientSex,
} from "./read-dicom-header";

export interface DicomFileEntry {
  /** Absolute path. */
  path: string;
  /** Path relative to the summarized folder, with "/" separators. */
  relativePath: string;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  instanceNumber: number | null;
  imagePositionPatient: [number, number, number] | null;
}

export interface DicomSeriesSummary {
  seriesInstanceUid: string;
  /** Modality (and sopClassUid) of the series' first file in path order. */
  modality: string;
  description: string;
  seriesNumber: number | null;
  numberOfInstances: number;
  sopClassUid: string;
}

export interface DicomStudySummary {
  studyInstanceUid: string;
  patientId: string;
  patientName: string;
  patientBirthDate: string | null;
  patientSex: PatientSex;
  /** Distinct modalities of the study's series, sorted. */
  modalities: string[];
  studyDate: string | null;
  studyTime: string | null;
  /** Study Description (0008,1030). */
  description: string;
  accessionNumber: string;
  numberOfSeries: number;
  numberOfInstances: number;
  /** Sorted by series number, then UID. */
  series: DicomSeriesSummary[];
  /** Sorted by series, instance number, then z position. */
  files: DicomFileEntry[];
}

export interface SkippedFile {
  path: string;
  relativePath: string;
  code: DicomParseErrorCode | "READ_ERROR" | "DUPLICATE";
  reason: string;
}

/**
 * Result for one folder. `skipped` lives here rather than on a study because a file that
 * could not be read belongs to no study.
 */
export interface DicomFolderSummary {
  dir: string;
  /** Sorted by study date (undated last), then StudyInstanceUID. */
  studies: DicomStudySummary[];
  skipped: SkippedFile[];
}

export interface SummarizeDicomFolderOptions {
  /** Descend into subfolders (default false: subfolders are ignored, not reported as skipped). */
  recursive?: boolean;
}

// Headers nearly always fit in 64 KiB; a longer one is detected (TRUNCATED in partial mode) and re-read whole.
const PREFIX_BYTES = 64 * 1024;
const CONCURRENCY = 16;

async function listFiles(dir: string, recursive: boolean): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let isFile = entry.isFile();
    let isDirectory = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      // Follow links; a dangling one is kept as a file so it shows up in `skipped` instead of vanishing.
      const target = await stat(full).catch(() => null);
      isFile = target ? target.isFile() : true;
      isDirectory = target?.isDirectory() ?? false;
    }
    if (isFile) files.push(full);
    else if (recursive && isDirectory) files.push(...(await listFiles(full, true)));
  }
  return files;
}

async function readHeaderFromFile(file: string): Promise<DicomInstanceHeader> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    if (size > PREFIX_BYTES) {
      const prefix = new Uint8Array(PREFIX_BYTES);
      const { bytesRead } = await handle.read(prefix, 0, PREFIX_BYTES, 0);
      try {
        return readDicomHeader(prefix.subarray(0, bytesRead), { partial: true });
      } catch (error) {
        if (!(error instanceof DicomParseError) || error.code !== "TRUNCATED") throw error;
      }
    }
    const whole = new Uint8Array(size);
    const { bytesRead } = await handle.read(whole, 0, size, 0);
    return readDicomHeader(whole.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

async function mapWithConcurrency<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

type ReadOutcome = { file: string; header: DicomInstanceHeader } | { file: string; error: unknown };

function compareNullable(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

/**
 * Summarizes every DICOM file in `dir`. Files that are not readable DICOM (e.g. LIDC's XML
 * reading) and duplicate SOP instances are reported in `skipped`, never thrown.
 * @throws only when `dir` itself cannot be listed.
 */
export async function summarizeDicomFolder(
  dir: string,
  options: SummarizeDicomFolderOptions = {},
): Promise<DicomFolderSummary> {
  const root = path.resolve(dir);
  const files = (await listFiles(root, options.recursive ?? false)).sort();
  const outcomes = await mapWithConcurrency(files, CONCURRENCY, async (file): Promise<ReadOutcome> => {
    try {
      return { file, header: await readHeaderFromFile(file) };
    } catch (error) {
      return { file, error };
    }
  });

  const relative = (file: string) => path.relative(root, file).split(path.sep).join("/");
  const skipped: SkippedFile[] = [];
  const studies = new Map<string, { first: DicomInstanceHeader; headers: DicomInstanceHeader[]; files: DicomFileEntry[] }>();
  const seenSop = new Map<string, string>();

  for (const outcome of outcomes) {
    const relativePath = relative(outcome.file);
    if ("error" in outcome) {
      const { error } = outcome;
      skipped.push(
        error instanceof DicomParseError
          ? { path: outcome.file, relativePath, code: error.code, reason: error.message }
          : {
              path: outcome.file,
              relativePath,
              code: "READ_ERROR",
              reason: `Could not read file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
            },
      );
      continue;
    }
    const { header } = outcome;
    const duplicateOf = seenSop.get(header.sopInstanceUid);
    if (duplicateOf !== undefined) {
      skipped.push({
        path: outcome.file,
        relativePath,
        code: "DUPLICATE",
        reason: `Same SOPInstanceUID as ${duplicateOf}`,
      });
      continue;
    }
    seenSop.set(header.sopInstanceUid, relativePath);
    let study = studies.get(header.studyInstanceUid);
    if (!study) {
      study = { first: header, headers: [], files: [] };
      studies.set(header.studyInstanceUid, study);
    }
    study.headers.push(header);
    study.files.push({
      path: outcome.file,
      relativePath,
      sopInstanceUid: header.sopInstanceUid,
      seriesInstanceUid: header.seriesInstanceUid,
      instanceNumber: header.instanceNumber,
      imagePositionPatient: header.imagePositionPatient,
    });
  }

  const summaries: DicomStudySummary[] = [...studies.values()].map(({ first, headers, files: entries }) => {
    const seriesMap = new Map<string, DicomSeriesSummary>();
    for (const h of headers) {
      const existing = seriesMap.get(h.seriesInstanceUid);
      if (existing) {
        existing.numberOfInstances += 1;
        // Study-level fields are the same in every instance, but series descriptions can be blank in some.
        if (!existing.description && h.seriesDescription) existing.description = h.seriesDescription;
      } else {
        seriesMap.set(h.seriesInstanceUid, {
          seriesInstanceUid: h.seriesInstanceUid,
          modality: h.modality,
          description: h.seriesDescription,
          seriesNumber: h.seriesNumber,
          numberOfInstances: 1,
          sopClassUid: h.sopClassUid,
        });
      }
    }
    const series = [...seriesMap.values()].sort(
      (a, b) => compareNullable(a.seriesNumber, b.seriesNumber) || a.seriesInstanceUid.localeCompare(b.seriesInstanceUid),
    );
    const seriesOrder = new Map(series.map((s, i) => [s.seriesInstanceUid, i]));
    entries.sort(
      (a, b) =>
        (seriesOrder.get(a.seriesInstanceUid) ?? 0) - (seriesOrder.get(b.seriesInstanceUid) ?? 0) ||
        compareNullable(a.instanceNumber, b.instanceNumber) ||
        compareNullable(a.imagePositionPatient?.[2] ?? null, b.imagePositionPatient?.[2] ?? null) ||
        a.relativePath.localeCompare(b.relativePath),
    );
    return {
      studyInstanceUid: first.studyInstanceUid,
      patientId: first.patientId,
      patientName: first.patientName,
      patientBirthDate: first.patientBirthDate,
      patientSex: first.patientSex,
      // From every instance, not per series: some series mix modalities (highdicom's SR shares the CT's series UID).
      modalities: [...new Set(headers.map((h) => h.modality).filter(Boolean))].sort(),
      studyDate: first.studyDate,
      studyTime: first.studyTime,
      description: headers.find((h) => h.studyDescription)?.studyDescription ?? "",
      accessionNumber: first.accessionNumber,
      numberOfSeries: series.length,
      numberOfInstances: entries.length,
      series,
      files: entries,
    };
  });

  summaries.sort(
    (a, b) =>
      (a.studyDate ?? "9999").localeCompare(b.studyDate ?? "9999") || a.studyInstanceUid.localeCompare(b.studyInstanceUid),
  );
  return { dir: root, studies: summaries, skipped };
}
