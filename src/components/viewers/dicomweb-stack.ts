"use client";

import { wadors } from "@cornerstonejs/dicom-image-loader";
import { fetchMetadataResponse } from "./series-metadata-prefetch";

/** DICOM JSON (PS3.18 F.2) of one instance, as WADO-RS metadata returns it. */
type DicomJson = Record<string, { vr: string; Value?: unknown[] }>;

const first = (json: DicomJson, tag: string) => json[tag]?.Value?.[0];
const numbers = (json: DicomJson, tag: string) => (json[tag]?.Value ?? []).map(Number);

/** A loaded stack: Cornerstone's imageIds in anatomical order, and per image what the overlays and linking need. */
export interface LoadedStack {
  imageIds: string[];
  sopInstanceUids: string[];
  /** Position along the slice normal (mm), null without orientation and position. */
  positions: (number | null)[];
  thicknesses: (number | null)[];
  header: { patientName: string; studyDate: string; seriesNumber: string; seriesDescription: string; modality: string };
}

/** "DOE^JANE" as people write it: "DOE, JANE". */
function personName(value: unknown): string {
  const alphabetic = typeof value === "object" && value !== null ? (value as { Alphabetic?: string }).Alphabetic : typeof value === "string" ? value : "";
  const [family = "", given = ""] = String(alphabetic ?? "").split("^");
  return [family, given].filter(Boolean).join(", ");
}

/** "20260301" as "2026-03-01". */
const dicomDate = (value: unknown) => {
  const s = String(value ?? "");
  return /^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` : s;
};

/** Fetches a series' WADO-RS metadata (started early, in parallel with Cornerstone's start). */
export async function fetchSeriesMetadata(seriesUrl: string): Promise<DicomJson[]> {
  const response = await fetchMetadataResponse(seriesUrl);
  if (!response.ok) {
    const problem = (await response.json().catch(() => null)) as { error?: string } | null;
    throw new Error(problem?.error ?? `The series could not be loaded (HTTP ${response.status}).`);
  }
  return (await response.json()) as DicomJson[];
}

/**
 * Registers a series' metadata with Cornerstone and returns the imageIds of its frames in anatomical order (along the
 * slice normal, else by instance number). Objects without pixels (SR, presentation states) are left out.
 */
export function stackFromMetadata(seriesUrl: string, metadata: DicomJson[]): LoadedStack {
  const instances = metadata.filter((i) => first(i, "00280010") !== undefined);
  const orientation = numbers(instances[0] ?? {}, "00200037");
  const normal =
    orientation.length === 6
      ? [
          orientation[1]! * orientation[5]! - orientation[2]! * orientation[4]!,
          orientation[2]! * orientation[3]! - orientation[0]! * orientation[5]!,
          orientation[0]! * orientation[4]! - orientation[1]! * orientation[3]!,
        ]
      : null;
  const positionOf = (i: DicomJson) => {
    const position = numbers(i, "00200032");
    return normal && position.length === 3 ? position[0]! * normal[0]! + position[1]! * normal[1]! + position[2]! * normal[2]! : null;
  };
  const sortKey = (i: DicomJson) => positionOf(i) ?? Number(first(i, "00200013") ?? 0);
  instances.sort((a, b) => sortKey(a) - sortKey(b));

  const stack: LoadedStack = { imageIds: [], sopInstanceUids: [], positions: [], thicknesses: [], header: { patientName: "", studyDate: "", seriesNumber: "", seriesDescription: "", modality: "" } };
  const head = instances[0];
  if (head) {
    stack.header = {
      // Anonymised studies (LIDC) carry no name: the Patient ID then says whose images these are.
      patientName: personName(first(head, "00100010")) || String(first(head, "00100020") ?? ""),
      studyDate: dicomDate(first(head, "00080020")),
      seriesNumber: String(first(head, "00200011") ?? ""),
      seriesDescription: String(first(head, "0008103E") ?? ""),
      modality: String(first(head, "00080060") ?? ""),
    };
  }
  for (const instance of instances) {
    // A window width of 0 is no window at all: without the pair, Cornerstone windows by the pixel range itself.
    if (!(Number(first(instance, "00281051") ?? 0) > 0)) {
      delete instance["00281050"];
      delete instance["00281051"];
    }
    const sop = String(first(instance, "00080018"));
    const frames = Number(first(instance, "00280008") ?? 1) || 1;
    const thickness = Number(first(instance, "00180050"));
    for (let frame = 1; frame <= frames; frame++) {
      const imageId = `wadors:${seriesUrl}/instances/${sop}/frames/${frame}`;
      wadors.metaDataManager.add(imageId, instance as never);
      stack.imageIds.push(imageId);
      stack.sopInstanceUids.push(sop);
      stack.positions.push(frames === 1 ? positionOf(instance) : null);
      stack.thicknesses.push(Number.isFinite(thickness) && thickness > 0 ? thickness : null);
    }
  }
  return stack;
}

/** Both steps at once, for callers without a Cornerstone start to overlap. */
export async function loadSeriesImageIds(base: string, studyUid: string, seriesUid: string): Promise<LoadedStack> {
  const seriesUrl = `${base}/studies/${studyUid}/series/${seriesUid}`;
  return stackFromMetadata(seriesUrl, await fetchSeriesMetadata(seriesUrl));
}
