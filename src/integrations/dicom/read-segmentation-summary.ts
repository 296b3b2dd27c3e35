import { firstItem, parseDicomDataSet, readDicomString, readDicomNumbers, normalizeDicomDate } from "./read-dicom-header";

export interface SegmentationSummary {
  seriesDescription: string;
  contentDate: string | null;
  numberOfFrames: number;
  /** The creating software (Manufacturer, Software Versions), as the source of an AI result. */
  manufacturer: string;
  softwareVersions: string;
  segments: { number: number; label: string; algorithmType: string; algorithmName: string | null; propertyType: string | null }[];
}

/** What a DICOM SEG says about itself: its segments and who made them, without decoding the frames. */
export function readSegmentationSummary(bytes: Uint8Array): SegmentationSummary {
  const ds = parseDicomDataSet(bytes, { partial: true });
  const items = ds.elements["x00620002"]?.items ?? [];
  return {
    seriesDescription: readDicomString(ds, "x0008103e") ?? "",
    contentDate: normalizeDicomDate(readDicomString(ds, "x00080023")),
    numberOfFrames: readDicomNumbers(ds, "x00280008")[0] ?? 1,
    manufacturer: readDicomString(ds, "x00080070") ?? "",
    softwareVersions: readDicomString(ds, "x00181020") ?? "",
    segments: items.map((item) => {
      const s = item.dataSet!;
      return {
        // Segment Number is binary (US), not text.
        number: s.uint16("x00620004") ?? 0,
        label: readDicomString(s, "x00620005") ?? "",
        algorithmType: readDicomString(s, "x00620008") ?? "",
        algorithmName: readDicomString(s, "x00620009") ?? null,
        propertyType: readDicomString(firstItem(s, "x0062000f") ?? s, "x00080104") ?? null,
      };
    }),
  };
}
