/**
 * Turns an SR, SEG or findings JSON file into the findings Concilium stores, before any database is involved:
 * what each finding is, its measurements and codes, and what it refers to.
 */
import { type ImageRegion, regionFromScoord } from "@/domain/findings/image-region";
import { valueWithUnit } from "@/domain/units/units";
import { DicomParseError } from "@/integrations/dicom/read-dicom-header";
import { SegmentationError, segmentsOfSeg, type Segment, type SegmentationDocument } from "@/integrations/dicom/seg-segments";
import {
  StructuredReportError,
  parseTid1500,
  type CodedConcept,
  type ImageReference,
  type MeasurementGroup,
  type QualitativeEvaluation,
  type Tid1500Report,
} from "@/integrations/dicom/sr-tid1500";
import { FindingsJsonError, parseFindingsJson, reportUidOf, trackingUidOf, uidFromName, type FindingsReport } from "@/integrations/findings-json/findings-json";
import { ServiceError } from "../errors";

export type FindingsFileKind = "sr" | "seg" | "json";

export interface Code {
  code: string;
  scheme: string;
  meaning: string;
}

export interface MeasurementValue {
  name: string;
  value: number;
  /** UCUM. */
  unit: string;
}

export interface SlideRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One finding as it will be stored, without the patient, study or slide (resolved in the database). */
export interface FindingDraft {
  source: "AI" | "PERSON";
  algorithmName: string | null;
  algorithmVersion: string | null;
  kind: string;
  description: string;
  measurements: MeasurementValue[];
  seriesInstanceUid: string | null;
  sopInstanceUid: string | null;
  frameNumber: number | null;
  slideRegion: SlideRegion | null;
  /** Outlines and points on the referenced images (SR SCOORD), for the viewer to draw. */
  imageRegions: ImageRegion[];
  /** Null when the file does not say; the study's or slide's date is used then. */
  observedAt: Date | null;
  trackingId: string | null;
  trackingUid: string | null;
  findingCode: Code | null;
  findingSiteCode: Code | null;
  segmentNumber: number | null;
}

export type FindingsTarget = { study: string } | { slideId: string } | { slideSeriesInstanceUid: string };

export interface FindingsFile {
  kind: FindingsFileKind;
  /** The DICOM Patient ID (or JSON patient.mrn) the file is about. */
  patientMrn: string;
  target: FindingsTarget;
  /** The SR's or SEG's SOP Instance UID, or the UID that stands for a JSON report. */
  sourceSopInstanceUid: string;
  findings: FindingDraft[];
}

const KIND_NAMES: Record<FindingsFileKind, string> = { sr: "a DICOM SR", seg: "a DICOM SEG", json: "a findings JSON file" };

/**
 * Reads the file as the kind the user chose.
 * @throws ServiceError (BAD_REQUEST) with the parser's explanation when the file cannot be read as that kind.
 */
export function readFindingsFile(kind: FindingsFileKind, bytes: Uint8Array): FindingsFile {
  try {
    const file = kind === "sr" ? fromSr(parseTid1500(bytes)) : kind === "seg" ? fromSeg(segmentsOfSeg(bytes)) : fromJson(parseFindingsJson(bytes));
    if (file.findings.length === 0) throw new ServiceError("BAD_REQUEST", "This file holds no findings, so there is nothing to import.");
    if (!file.patientMrn) throw new ServiceError("BAD_REQUEST", "This file does not say which patient it is about (its Patient ID is empty), so it cannot be imported.");
    return file;
  } catch (error) {
    if (error instanceof FindingsJsonError) {
      throw new ServiceError("BAD_REQUEST", error.message, error.problems.map((p) => ({ field: p.path, message: p.message })));
    }
    if (error instanceof DicomParseError) {
      const hint = kind === "json" ? "" : ` Is it ${KIND_NAMES[kind]}?`;
      throw new ServiceError("BAD_REQUEST", `${error.message.replace(/\.?$/, ".")}${hint}`);
    }
    if (error instanceof StructuredReportError || error instanceof SegmentationError) throw new ServiceError("BAD_REQUEST", error.message);
    throw error;
  }
}

const dateOf = (iso: string | null) => (iso ? new Date(iso) : null);

const formatNumber = (value: number) => String(Number(value.toPrecision(6)));

function describeMeasurements(measurements: MeasurementValue[]): string {
  // Units in words for the reader (HU, mm²); the stored measurements keep their UCUM codes.
  return measurements.map((m) => `${m.name} ${valueWithUnit(formatNumber(m.value), m.unit)}`).join(", ");
}

const evaluationText = (e: QualitativeEvaluation) => `${e.concept.meaning}: ${e.value?.meaning ?? e.text ?? ""}`;

const code = (c: CodedConcept | null): Code | null => (c ? { code: c.code, scheme: c.scheme, meaning: c.meaning } : null);

// The SR and SEG algorithm, when the observer is a device; a person's report has none.
function srAlgorithm(report: Tid1500Report, group: MeasurementGroup): { source: "AI" | "PERSON"; name: string | null; version: string | null } {
  if (group.algorithm) return { source: "AI", name: group.algorithm.name, version: group.algorithm.version };
  const device = report.deviceObservers[0];
  if (!device) return { source: "PERSON", name: null, version: null };
  const name = device.name ?? device.modelName ?? device.manufacturer ?? report.equipment.modelName ?? report.equipment.manufacturer ?? "Unnamed algorithm";
  return { source: "AI", name, version: report.equipment.softwareVersions };
}

function bestImage(group: MeasurementGroup): ImageReference | null {
  // The image a region was drawn on says most precisely where the finding is.
  for (const region of group.regions) if (region.kind === "SCOORD" && region.image) return region.image;
  return group.images[0] ?? null;
}

function fromSr(report: Tid1500Report): FindingsFile {
  const findings = report.measurementGroups.map((group, index): FindingDraft => {
    const algorithm = srAlgorithm(report, group);
    const measurements = group.measurements.map((m) => ({ name: m.concept.meaning, value: m.value, unit: m.unit.code }));
    const kind = group.finding?.meaning ?? group.findingCategory?.meaning ?? "Measurements";
    const site = group.findingSite
      ? ` in ${group.findingSite.meaning}${group.findingSiteModifiers.length ? ` (${group.findingSiteModifiers.map((m) => m.meaning).join(", ")})` : ""}`
      : "";
    const measured = group.measurements
      .map((m, i) => {
        const text = describeMeasurements([measurements[i]!]);
        return m.evaluations.length ? `${text} (${m.evaluations.map((e) => e.value?.meaning ?? e.text).join(", ")})` : text;
      })
      .join(", ");
    const evaluations = group.evaluations.map(evaluationText).join("; ");
    const observer = algorithm.source === "PERSON" && report.personObservers.length ? ` Reported by ${report.personObservers.join(", ")}.` : "";
    const image = bestImage(group);
    return {
      source: algorithm.source,
      algorithmName: algorithm.name,
      algorithmVersion: algorithm.version,
      kind,
      description: `${kind}${site}${measured ? `: ${measured}` : ""}${evaluations ? `; ${evaluations}` : ""}.${group.trackingId ? ` Tracking ID ${group.trackingId}.` : ""}${observer}`,
      measurements,
      seriesInstanceUid: image?.seriesInstanceUid ?? null,
      sopInstanceUid: image?.sopInstanceUid ?? null,
      frameNumber: image?.frameNumbers[0] ?? null,
      slideRegion: null,
      imageRegions: group.regions.flatMap((r) => {
        const region = r.kind === "SCOORD" && r.image ? regionFromScoord(r.image.sopInstanceUid, r.graphicType, r.graphicData) : null;
        return region ? [region] : [];
      }),
      observedAt: dateOf(report.observedAt),
      trackingId: group.trackingId,
      // A group without a Tracking Unique Identifier gets one from the report and its place in it, so re-imports match.
      trackingUid: group.trackingUid ?? uidFromName(`${report.sopInstanceUid}\nmeasurement group ${index + 1}`),
      findingCode: code(group.finding),
      findingSiteCode: code(group.findingSite),
      segmentNumber: null,
    };
  });
  return { kind: "sr", patientMrn: report.patientId, target: { study: report.studyInstanceUid }, sourceSopInstanceUid: report.sopInstanceUid, findings };
}

function segmentDescription(seg: SegmentationDocument, segment: Segment): string {
  const what = [segment.type?.meaning, segment.category && segment.category.meaning !== segment.type?.meaning ? `(${segment.category.meaning})` : null].filter(Boolean).join(" ");
  const where = segment.anatomicRegion ? ` in ${segment.anatomicRegion.meaning}` : "";
  const how = `${segment.algorithmType ? segment.algorithmType.toLowerCase() : "unspecified"} segmentation${segment.algorithmName ? ` by ${segment.algorithmName}` : ""}`;
  const slices = new Set(segment.frames.map((f) => f.sopInstanceUid)).size;
  return `Segment ${segment.number} "${segment.label}" of DICOM SEG${seg.seriesDescription ? ` "${seg.seriesDescription}"` : ""}: ${what || "unspecified structure"}${where}, ${how}, on ${slices} image${slices === 1 ? "" : "s"}.`;
}

function fromSeg(seg: SegmentationDocument): FindingsFile {
  const findings = seg.segments.map((segment): FindingDraft => {
    const isAi = segment.algorithmType.toUpperCase() !== "MANUAL";
    // The middle frame of a segment is the one most likely to show it well.
    const frame = segment.frames[Math.floor((segment.frames.length - 1) / 2)];
    return {
      source: isAi ? "AI" : "PERSON",
      algorithmName: isAi ? (segment.algorithmName ?? seg.modelName ?? seg.manufacturer ?? "Unnamed algorithm") : null,
      algorithmVersion: isAi ? seg.softwareVersions : null,
      kind: segment.type?.meaning ?? (segment.label || "Segment"),
      description: segmentDescription(seg, segment),
      measurements: [],
      seriesInstanceUid: frame?.seriesInstanceUid ?? null,
      sopInstanceUid: frame?.sopInstanceUid ?? null,
      frameNumber: frame?.sourceFrameNumber ?? null,
      slideRegion: null,
      imageRegions: [],
      observedAt: dateOf(seg.observedAt),
      trackingId: segment.trackingId ?? (segment.label || null),
      trackingUid: segment.trackingUid,
      findingCode: code(segment.type),
      findingSiteCode: code(segment.anatomicRegion),
      segmentNumber: segment.number,
    };
  });
  return { kind: "seg", patientMrn: seg.patientId, target: { study: seg.studyInstanceUid }, sourceSopInstanceUid: seg.sopInstanceUid, findings };
}

function outlineOf(f: FindingsReport["findings"][number], report: FindingsReport): ImageRegion[] {
  const sop = f.sopInstanceUid ?? report.study?.sopInstanceUid;
  const region = f.outline && sop ? regionFromScoord(sop, f.outline.graphicType, f.outline.points) : null;
  return region ? [region] : [];
}

function fromJson(report: FindingsReport): FindingsFile {
  const reportUid = reportUidOf(report);
  const findings = report.findings.map((f): FindingDraft => {
    const kind = f.kind ?? f.findingCode!.meaning;
    const site = f.findingSiteCode ? ` in ${f.findingSiteCode.meaning}` : "";
    const measured = describeMeasurements(f.measurements);
    return {
      source: "AI",
      algorithmName: report.algorithm.name,
      algorithmVersion: report.algorithm.version,
      kind,
      description: f.description || `${kind}${site}${measured ? `: ${measured}` : ""}. Tracking ID ${f.trackingId}.`,
      measurements: f.measurements,
      seriesInstanceUid: f.seriesInstanceUid ?? report.study?.seriesInstanceUid ?? null,
      sopInstanceUid: f.sopInstanceUid ?? report.study?.sopInstanceUid ?? null,
      frameNumber: f.frameNumber ?? null,
      slideRegion: f.region ?? report.slide?.region ?? null,
      imageRegions: outlineOf(f, report),
      observedAt: new Date(report.observedAt),
      trackingId: f.trackingId,
      trackingUid: trackingUidOf(reportUid, f),
      findingCode: f.findingCode ?? null,
      findingSiteCode: f.findingSiteCode ?? null,
      segmentNumber: null,
    };
  });
  const target: FindingsTarget = report.study
    ? { study: report.study.studyInstanceUid }
    : report.slide?.slideId
      ? { slideId: report.slide.slideId }
      : { slideSeriesInstanceUid: report.slide!.seriesInstanceUid! };
  return { kind: "json", patientMrn: report.patient.mrn, target, sourceSopInstanceUid: reportUid, findings };
}
