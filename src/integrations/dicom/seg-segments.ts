/**
 * The segments of a DICOM Segmentation (SEG): what each segment is (coded category and type), who or what drew it,
 * and which source images its frames lie on. The frames themselves are not decoded.
 */
import type { DataSet } from "dicom-parser";
import { normalizeDicomDate, normalizeDicomTime, parseDicomDataSet, readDicomString, readDicomStrings } from "./read-dicom-header";
import { describeDicomObject, type CodedConcept } from "./sr-tid1500";

export interface SegmentFrame {
  /** 1-based frame number within the SEG. */
  frameNumber: number;
  /** The source image the frame was derived from. */
  sopInstanceUid: string | null;
  seriesInstanceUid: string | null;
  /** Frame of a multi-frame source image, when the SEG says. */
  sourceFrameNumber: number | null;
}

export interface Segment {
  number: number;
  label: string;
  description: string | null;
  /** AUTOMATIC, SEMIAUTOMATIC or MANUAL. */
  algorithmType: string;
  algorithmName: string | null;
  category: CodedConcept | null;
  type: CodedConcept | null;
  /** Anatomic Region Sequence, when the segment says where it lies. */
  anatomicRegion: CodedConcept | null;
  trackingId: string | null;
  trackingUid: string | null;
  frames: SegmentFrame[];
}

export interface SegmentationDocument {
  sopInstanceUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  /** DICOM Patient ID: the hospital's MRN. */
  patientId: string;
  seriesDescription: string;
  contentLabel: string;
  /** ISO 8601 with offset (UTC when the file gives none), from Content Date and Time; null when absent. */
  observedAt: string | null;
  manufacturer: string | null;
  modelName: string | null;
  softwareVersions: string | null;
  numberOfFrames: number;
  segments: Segment[];
}

export class SegmentationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SegmentationError";
  }
}

const SEG_SOP_CLASSES = new Set(["1.2.840.10008.5.1.4.1.1.66.4", "1.2.840.10008.5.1.4.1.1.66.7"]);

const items = (ds: DataSet | undefined, tag: string): DataSet[] =>
  (ds?.elements[tag]?.items ?? []).map((i) => i.dataSet).filter((d): d is DataSet => d !== undefined);

/**
 * Reads the segments of a DICOM SEG file.
 * @throws DicomParseError when the bytes are not a readable DICOM file.
 * @throws SegmentationError when the file is DICOM but not a segmentation.
 */
export function segmentsOfSeg(bytes: Uint8Array): SegmentationDocument {
  const ds = parseDicomDataSet(bytes);
  const charset = readDicomString(ds, "x00080005", "") ?? "";
  const text = (d: DataSet, tag: string) => readDicomString(d, tag, charset) || null;
  const uid = (d: DataSet, tag: string) => readDicomString(d, tag, "") || null;
  const code = (d: DataSet, tag: string): CodedConcept | null => {
    const item = items(d, tag)[0];
    const value = item && (text(item, "x00080100") ?? text(item, "x00080119") ?? text(item, "x00080120"));
    return item && value ? { code: value, scheme: text(item, "x00080102") ?? "", meaning: text(item, "x00080104") ?? value } : null;
  };

  const sopClassUid = uid(ds, "x00080016") ?? "";
  const modality = text(ds, "x00080060") ?? "";
  if (!SEG_SOP_CLASSES.has(sopClassUid)) {
    throw new SegmentationError(`This file is ${describeDicomObject(modality, sopClassUid)}, not a segmentation (SEG).`);
  }
  const sopInstanceUid = uid(ds, "x00080018");
  const studyInstanceUid = uid(ds, "x0020000d");
  if (!sopInstanceUid || !studyInstanceUid) throw new SegmentationError("This segmentation has no SOP Instance UID or no Study Instance UID.");

  // Source image -> its series, from the SEG's list of the images it was made from.
  const seriesOf = new Map<string, string>();
  for (const series of items(ds, "x00081115")) {
    const seriesUid = uid(series, "x0020000e");
    for (const instance of items(series, "x0008114a")) {
      const sop = uid(instance, "x00081155");
      if (seriesUid && sop) seriesOf.set(sop, seriesUid);
    }
  }

  const framesBySegment = new Map<number, SegmentFrame[]>();
  items(ds, "x52009230").forEach((frame, index) => {
    const segmentNumber = items(frame, "x0062000a")[0]?.uint16("x0062000b");
    if (segmentNumber === undefined) return;
    const source = items(items(frame, "x00089124")[0], "x00082112")[0];
    const sopInstanceUid = source ? uid(source, "x00081155") : null;
    const sourceFrame = source ? Number.parseInt(readDicomStrings(source, "x00081160", "")[0] ?? "", 10) : Number.NaN;
    const list = framesBySegment.get(segmentNumber) ?? [];
    list.push({
      frameNumber: index + 1,
      sopInstanceUid,
      seriesInstanceUid: sopInstanceUid ? (seriesOf.get(sopInstanceUid) ?? null) : null,
      sourceFrameNumber: Number.isInteger(sourceFrame) ? sourceFrame : null,
    });
    framesBySegment.set(segmentNumber, list);
  });

  const date = normalizeDicomDate(text(ds, "x00080023") ?? undefined);
  const time = normalizeDicomTime(text(ds, "x00080033") ?? undefined) ?? "00:00:00";
  const offset = text(ds, "x00080201")?.match(/^([+-])(\d{2})(\d{2})$/);

  return {
    sopInstanceUid,
    seriesInstanceUid: uid(ds, "x0020000e") ?? "",
    studyInstanceUid,
    patientId: text(ds, "x00100020") ?? "",
    seriesDescription: text(ds, "x0008103e") ?? "",
    contentLabel: text(ds, "x00700080") ?? "",
    observedAt: date ? `${date}T${time}${offset ? `${offset[1]}${offset[2]}:${offset[3]}` : "Z"}` : null,
    manufacturer: text(ds, "x00080070"),
    modelName: text(ds, "x00081090"),
    softwareVersions: readDicomStrings(ds, "x00181020", charset).join(" ") || null,
    numberOfFrames: Number.parseInt(text(ds, "x00280008") ?? "1", 10) || 1,
    segments: items(ds, "x00620002").map((s) => {
      // Segment Number is binary (US), not text.
      const number = s.uint16("x00620004") ?? 0;
      return {
        number,
        label: text(s, "x00620005") ?? "",
        description: text(s, "x00620006"),
        algorithmType: text(s, "x00620008") ?? "",
        algorithmName: text(s, "x00620009"),
        category: code(s, "x00620003"),
        type: code(s, "x0062000f"),
        anatomicRegion: code(s, "x00082218"),
        trackingId: text(s, "x00620020"),
        trackingUid: uid(s, "x00620021"),
        frames: framesBySegment.get(number) ?? [],
      };
    }),
  };
}
