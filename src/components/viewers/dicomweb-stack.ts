"use client";

import { wadors } from "@cornerstonejs/dicom-image-loader";

/** DICOM JSON (PS3.18 F.2) of one instance, as WADO-RS metadata returns it. */
type DicomJson = Record<string, { vr: string; Value?: unknown[] }>;

const first = (json: DicomJson, tag: string) => json[tag]?.Value?.[0];
const numbers = (json: DicomJson, tag: string) => (json[tag]?.Value ?? []).map(Number);

/**
 * Loads a series' metadata from the app's DICOMweb endpoint, registers it with Cornerstone and returns the imageIds
 * of its frames in anatomical order (along the slice normal, else by instance number). Objects without pixels
 * (SR, presentation states) are left out.
 */
export async function loadSeriesImageIds(base: string, studyUid: string, seriesUid: string): Promise<{ imageIds: string[]; sopInstanceUids: string[] }> {
  const seriesUrl = `${base}/studies/${studyUid}/series/${seriesUid}`;
  const response = await fetch(`${seriesUrl}/metadata`, { headers: { Accept: "application/dicom+json" } });
  if (!response.ok) {
    const problem = (await response.json().catch(() => null)) as { error?: string } | null;
    throw new Error(problem?.error ?? `The series could not be loaded (HTTP ${response.status}).`);
  }
  const instances = ((await response.json()) as DicomJson[]).filter((i) => first(i, "00280010") !== undefined);

  const orientation = numbers(instances[0] ?? {}, "00200037");
  const normal =
    orientation.length === 6
      ? [
          orientation[1]! * orientation[5]! - orientation[2]! * orientation[4]!,
          orientation[2]! * orientation[3]! - orientation[0]! * orientation[5]!,
          orientation[0]! * orientation[4]! - orientation[1]! * orientation[3]!,
        ]
      : null;
  const sortKey = (i: DicomJson) => {
    const position = numbers(i, "00200032");
    if (normal && position.length === 3) return position[0]! * normal[0]! + position[1]! * normal[1]! + position[2]! * normal[2]!;
    return Number(first(i, "00200013") ?? 0);
  };
  instances.sort((a, b) => sortKey(a) - sortKey(b));

  const imageIds: string[] = [];
  const sopInstanceUids: string[] = [];
  for (const instance of instances) {
    // A window width of 0 is no window at all: without the pair, Cornerstone windows by the pixel range itself.
    if (!(Number(first(instance, "00281051") ?? 0) > 0)) {
      delete instance["00281050"];
      delete instance["00281051"];
    }
    const sop = String(first(instance, "00080018"));
    const frames = Number(first(instance, "00280008") ?? 1) || 1;
    for (let frame = 1; frame <= frames; frame++) {
      const imageId = `wadors:${seriesUrl}/instances/${sop}/frames/${frame}`;
      wadors.metaDataManager.add(imageId, instance as never);
      imageIds.push(imageId);
      sopInstanceUids.push(sop);
    }
  }
  return { imageIds, sopInstanceUids };
}
