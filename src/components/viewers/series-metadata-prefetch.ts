// The first series' metadata, asked for as soon as a page with the viewer is in the browser, while the viewer's
// megabytes of script still arrive and compile: the first image then waits for one round trip less. Kept apart from
// the Cornerstone modules so that the loader can use it without loading the viewer.
import { seriesUrlOf } from "./data-source";
import { firstImageSeries } from "./series-kinds";
import type { StudyChoice } from "./viewer-types";

const ACCEPT = { Accept: "application/dicom+json" };
const prefetched = new Map<string, Promise<Response>>();

export function metadataUrlOf(seriesUrl: string): string {
  return `${seriesUrl}/metadata`;
}

/** Starts the request for the series the viewer will open first (the same choice as the viewer's). */
export function prefetchFirstSeriesMetadata(props: { studies: StudyChoice[]; initialStudyUid: string; initialSeriesUid?: string; seriesUid?: string }): void {
  const study = props.studies.find((s) => s.studyInstanceUid === props.initialStudyUid) ?? props.studies[0];
  if (!study) return;
  const seriesUid = props.seriesUid ?? props.initialSeriesUid ?? firstImageSeries(study.series)?.seriesInstanceUid;
  if (!seriesUid) return;
  const url = metadataUrlOf(seriesUrlOf(study, seriesUid));
  if (!prefetched.has(url)) prefetched.set(url, fetch(url, { headers: ACCEPT }));
}

/** The metadata response: the prefetched one once (so a later opening reads afresh), else a new request. */
export function fetchMetadataResponse(seriesUrl: string): Promise<Response> {
  const url = metadataUrlOf(seriesUrl);
  const early = prefetched.get(url);
  prefetched.delete(url);
  return early ? early.catch(() => fetch(url, { headers: ACCEPT })) : fetch(url, { headers: ACCEPT });
}
