/**
 * Reads a DICOM SR measurement report (DICOM PS3.16 TID 1500, "Imaging Measurement Report"): who or what made it,
 * and each measurement group with its finding, finding site, measurements and the images it was measured on.
 * Works on dicom-parser's data set; nothing is decoded beyond the header and the content tree.
 */
import type { DataSet } from "dicom-parser";
import { formatPersonName, normalizeDicomDate, normalizeDicomTime, parseDicomDataSet, readDicomString, readDicomStrings } from "./read-dicom-header";

/** A coded concept as DICOM writes it: Code Value, Coding Scheme Designator, Code Meaning. */
export interface CodedConcept {
  code: string;
  scheme: string;
  meaning: string;
}

export interface ImageReference {
  sopClassUid: string;
  sopInstanceUid: string;
  /** From the report's evidence lists; null when the report does not say. */
  seriesInstanceUid: string | null;
  /** 1-based frame numbers of a multi-frame image; empty means the whole image. */
  frameNumbers: number[];
  /** Segments of a referenced SEG object. */
  segmentNumbers: number[];
  /** What the reference is, e.g. "Source" (260753009) or "Source Image" (121324). */
  purpose: CodedConcept | null;
}

/** A spatial coordinate: 2D on one image (SCOORD) or 3D in a frame of reference (SCOORD3D). */
export type Region =
  | { kind: "SCOORD"; graphicType: string; graphicData: number[]; image: ImageReference | null }
  | { kind: "SCOORD3D"; graphicType: string; graphicData: number[]; frameOfReferenceUid: string };

export interface QualitativeEvaluation {
  concept: CodedConcept;
  /** A coded answer (CODE item), or null for free text. */
  value: CodedConcept | null;
  text: string | null;
}

export interface Measurement {
  concept: CodedConcept;
  value: number;
  /** UCUM unit: `unit.code` is e.g. "mm", "mm3" or "[hnsf'U]". */
  unit: CodedConcept;
  trackingUid: string | null;
  /** Evaluations attached to this measurement (HAS PROPERTIES), e.g. Normality or Level of Significance. */
  evaluations: QualitativeEvaluation[];
}

export interface Algorithm {
  name: string;
  version: string | null;
}

export interface MeasurementGroup {
  /** The sub-template, e.g. "1410" (planar ROI) or "1411" (volumetric ROI); null when not declared. */
  templateId: string | null;
  trackingId: string | null;
  trackingUid: string | null;
  findingCategory: CodedConcept | null;
  finding: CodedConcept | null;
  findingSite: CodedConcept | null;
  /** Refinements of the finding site: topographical modifier, laterality. */
  findingSiteModifiers: CodedConcept[];
  /** From "Algorithm Name" (111001) and "Algorithm Version" (111003) in the group or its measurements. */
  algorithm: Algorithm | null;
  measurements: Measurement[];
  evaluations: QualitativeEvaluation[];
  images: ImageReference[];
  regions: Region[];
}

export interface DeviceObserver {
  uid: string | null;
  name: string | null;
  manufacturer: string | null;
  modelName: string | null;
}

export interface Tid1500Report {
  sopClassUid: string;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  /** DICOM Patient ID: the hospital's MRN. */
  patientId: string;
  documentTitle: CodedConcept;
  /** ISO 8601 with offset (UTC when the file gives none), from Content Date and Time; null when absent. */
  observedAt: string | null;
  completionFlag: string | null;
  verificationFlag: string | null;
  /** Person observers' names; a report may name a person and a device. */
  personObservers: string[];
  deviceObservers: DeviceObserver[];
  /** The header's Manufacturer, Manufacturer's Model Name and Software Versions: the software that wrote the SR. */
  equipment: { manufacturer: string | null; modelName: string | null; softwareVersions: string | null };
  procedureReported: CodedConcept[];
  imageLibrary: ImageReference[];
  measurementGroups: MeasurementGroup[];
  /** Report-level "Qualitative Evaluations" container. */
  evaluations: QualitativeEvaluation[];
}

export type StructuredReportErrorCode = "NOT_SR" | "UNSUPPORTED_TEMPLATE" | "MALFORMED";

/** The file is DICOM but not a report this reader can take; the message says why in a clinician's words. */
export class StructuredReportError extends Error {
  constructor(
    readonly code: StructuredReportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "StructuredReportError";
  }
}

/** An SR of a template other than TID 1500 (or of none). */
export class UnsupportedSrTemplateError extends StructuredReportError {
  constructor(readonly templateId: string | null) {
    super(
      "UNSUPPORTED_TEMPLATE",
      templateId
        ? `This SR uses template TID ${templateId}; only TID 1500 measurement reports can be imported.`
        : "This SR does not name its template; only TID 1500 measurement reports can be imported.",
    );
    this.name = "UnsupportedSrTemplateError";
  }
}

const SR_SOP_CLASSES: Record<string, string> = {
  "1.2.840.10008.5.1.4.1.1.88.11": "Basic Text SR",
  "1.2.840.10008.5.1.4.1.1.88.22": "Enhanced SR",
  "1.2.840.10008.5.1.4.1.1.88.33": "Comprehensive SR",
  "1.2.840.10008.5.1.4.1.1.88.34": "Comprehensive 3D SR",
  "1.2.840.10008.5.1.4.1.1.88.35": "Extensible SR",
};
// The SR classes whose value types (NUM with units, SCOORD, SCOORD3D, IMAGE) TID 1500 needs.
const MEASUREMENT_SR_CLASSES = new Set([
  "1.2.840.10008.5.1.4.1.1.88.22",
  "1.2.840.10008.5.1.4.1.1.88.33",
  "1.2.840.10008.5.1.4.1.1.88.34",
  "1.2.840.10008.5.1.4.1.1.88.35",
]);

const MODALITY_NAMES: Record<string, string> = {
  CT: "a CT image",
  MR: "an MR image",
  PT: "a PET image",
  CR: "a radiograph",
  DX: "a radiograph",
  MG: "a mammogram",
  US: "an ultrasound image",
  NM: "a nuclear medicine image",
  SM: "a slide image",
  SEG: "a segmentation (SEG)",
  SR: "a structured report (SR)",
  PR: "a presentation state",
  KO: "a key object selection",
  RTSTRUCT: "an RT structure set",
  DOC: "an encapsulated document",
};

/** "a CT image", "a segmentation (SEG)": what a DICOM object is, for error messages. */
export function describeDicomObject(modality: string, sopClassUid: string): string {
  if (SR_SOP_CLASSES[sopClassUid]) return "a structured report (SR)";
  if (sopClassUid === "1.2.840.10008.5.1.4.1.1.66.4" || sopClassUid === "1.2.840.10008.5.1.4.1.1.66.7") return "a segmentation (SEG)";
  return MODALITY_NAMES[modality.toUpperCase()] ?? (modality ? `a DICOM object of modality ${modality}` : "a DICOM object of unknown modality");
}

// Data element tags (dicom-parser's "xGGGGEEEE" form).
const T = {
  charset: "x00080005",
  sopClassUid: "x00080016",
  sopInstanceUid: "x00080018",
  modality: "x00080060",
  manufacturer: "x00080070",
  modelName: "x00081090",
  softwareVersions: "x00181020",
  contentDate: "x00080023",
  contentTime: "x00080033",
  timezoneOffset: "x00080201",
  patientId: "x00100020",
  studyInstanceUid: "x0020000d",
  seriesInstanceUid: "x0020000e",
  codeValue: "x00080100",
  codingScheme: "x00080102",
  codeMeaning: "x00080104",
  longCodeValue: "x00080119",
  urnCodeValue: "x00080120",
  referencedSeries: "x00081115",
  referencedSop: "x00081199",
  referencedSopClass: "x00081150",
  referencedSopInstance: "x00081155",
  referencedFrameNumber: "x00081160",
  referencedSegmentNumber: "x0062000b",
  measurementUnits: "x004008ea",
  relationshipType: "x0040a010",
  valueType: "x0040a040",
  conceptName: "x0040a043",
  personName: "x0040a123",
  uid: "x0040a124",
  textValue: "x0040a160",
  floatingPointValue: "x0040a161",
  conceptCode: "x0040a168",
  measuredValue: "x0040a300",
  numericValue: "x0040a30a",
  completionFlag: "x0040a491",
  verificationFlag: "x0040a493",
  contentTemplate: "x0040a504",
  contentSequence: "x0040a730",
  currentEvidence: "x0040a375",
  pertinentEvidence: "x0040a385",
  mappingResource: "x00080105",
  templateIdentifier: "x0040db00",
  graphicData: "x00700022",
  graphicType: "x00700023",
  frameOfReferenceUid: "x30060024",
} as const;

// Concepts TID 1500 uses, as "scheme:code". SNOMED CT appears under its legacy SRT codes in older reports.
const C = {
  imagingMeasurements: ["DCM:126010"],
  derivedMeasurements: ["DCM:126011"],
  qualitativeEvaluations: ["UMLS:C0034375"],
  measurementGroup: ["DCM:125007"],
  imageLibrary: ["DCM:111028"],
  procedureReported: ["DCM:121058"],
  trackingId: ["DCM:112039"],
  trackingUid: ["DCM:112040"],
  finding: ["DCM:121071"],
  findingCategory: ["SCT:276214006"],
  findingSite: ["SRT:G-C0E3", "SCT:363698007"],
  algorithmName: ["DCM:111001"],
  algorithmVersion: ["DCM:111003"],
  observerType: ["DCM:121005"],
  deviceObserverValue: ["DCM:121007"],
  personObserverName: ["DCM:121008"],
  deviceObserverUid: ["DCM:121012"],
  deviceObserverName: ["DCM:121013"],
  deviceObserverManufacturer: ["DCM:121014"],
  deviceObserverModelName: ["DCM:121015"],
} as const;

const is = (concept: CodedConcept | null, keys: readonly string[]) => concept !== null && keys.includes(`${concept.scheme}:${concept.code}`);

interface ContentItem {
  valueType: string;
  relationship: string;
  concept: CodedConcept | null;
  dataSet: DataSet;
  children: ContentItem[];
}

class Reader {
  constructor(private readonly charset: string) {}

  text(ds: DataSet, tag: string): string | null {
    const value = readDicomString(ds, tag, this.charset);
    return value ? value : null;
  }

  uid(ds: DataSet, tag: string): string | null {
    const value = readDicomString(ds, tag, "");
    return value ? value : null;
  }

  items(ds: DataSet | undefined, tag: string): DataSet[] {
    return (ds?.elements[tag]?.items ?? []).map((item) => item.dataSet).filter((d): d is DataSet => d !== undefined);
  }

  code(ds: DataSet | undefined): CodedConcept | null {
    if (!ds) return null;
    const code = this.text(ds, T.codeValue) ?? this.text(ds, T.longCodeValue) ?? this.text(ds, T.urnCodeValue);
    if (!code) return null;
    return { code, scheme: this.text(ds, T.codingScheme) ?? "", meaning: this.text(ds, T.codeMeaning) ?? code };
  }

  firstCode(ds: DataSet, tag: string): CodedConcept | null {
    return this.code(this.items(ds, tag)[0]);
  }

  contentItems(ds: DataSet): ContentItem[] {
    return this.items(ds, T.contentSequence).map((item) => ({
      valueType: this.text(item, T.valueType) ?? "",
      relationship: this.text(item, T.relationshipType) ?? "",
      concept: this.firstCode(item, T.conceptName),
      dataSet: item,
      children: this.contentItems(item),
    }));
  }

  /** Text of TEXT, UIDREF and PNAME items (some writers put an observer's name in a TEXT item). */
  valueText(item: ContentItem): string | null {
    switch (item.valueType) {
      case "UIDREF":
        return this.uid(item.dataSet, T.uid);
      case "PNAME":
        return formatPersonName(this.text(item.dataSet, T.personName) ?? undefined) || null;
      default:
        return this.text(item.dataSet, T.textValue);
    }
  }

  templateOf(ds: DataSet): { id: string; resource: string } | null {
    const template = this.items(ds, T.contentTemplate)[0];
    if (!template) return null;
    const id = this.text(template, T.templateIdentifier);
    return id ? { id, resource: this.text(template, T.mappingResource) ?? "" } : null;
  }

  imageReference(item: ContentItem, seriesOf: Map<string, string>): ImageReference | null {
    const ref = this.items(item.dataSet, T.referencedSop)[0];
    const sopInstanceUid = ref && this.uid(ref, T.referencedSopInstance);
    if (!ref || !sopInstanceUid) return null;
    return {
      sopClassUid: this.uid(ref, T.referencedSopClass) ?? "",
      sopInstanceUid,
      seriesInstanceUid: seriesOf.get(sopInstanceUid) ?? null,
      frameNumbers: readDicomStrings(ref, T.referencedFrameNumber, "")
        .map((n) => Number.parseInt(n, 10))
        .filter((n) => Number.isInteger(n) && n > 0),
      segmentNumbers: segmentNumbersOf(ref),
      purpose: item.concept,
    };
  }

  measurement(item: ContentItem): Measurement | null {
    const measured = this.items(item.dataSet, T.measuredValue)[0];
    if (!measured || !item.concept) return null;
    // The binary Floating Point Value, when present, keeps the precision the decimal string may have lost.
    const float = measured.elements[T.floatingPointValue] ? measured.double(T.floatingPointValue) : undefined;
    const value = float ?? Number.parseFloat(this.text(measured, T.numericValue) ?? "");
    const unit = this.firstCode(measured, T.measurementUnits);
    // A NUM without a value (only a Numeric Value Qualifier such as "not a number") measures nothing to show.
    if (!Number.isFinite(value) || !unit) return null;
    const uidItem = item.children.find((c) => is(c.concept, C.trackingUid));
    return {
      concept: item.concept,
      value,
      unit,
      trackingUid: uidItem ? this.valueText(uidItem) : null,
      evaluations: item.children.filter((c) => c.relationship === "HAS PROPERTIES").map((c) => this.evaluation(c)).filter((e) => e !== null),
    };
  }

  evaluation(item: ContentItem): QualitativeEvaluation | null {
    if (!item.concept) return null;
    if (item.valueType === "CODE") return { concept: item.concept, value: this.firstCode(item.dataSet, T.conceptCode), text: null };
    if (item.valueType === "TEXT") return { concept: item.concept, value: null, text: this.text(item.dataSet, T.textValue) };
    return null;
  }
}

function segmentNumbersOf(ds: DataSet): number[] {
  const element = ds.elements[T.referencedSegmentNumber];
  if (!element || element.length < 2) return [];
  return Array.from({ length: Math.floor(element.length / 2) }, (_, i) => ds.uint16(T.referencedSegmentNumber, i) ?? 0).filter((n) => n > 0);
}

function readObservers(reader: Reader, items: ContentItem[]): { persons: string[]; devices: DeviceObserver[] } {
  const persons: string[] = [];
  const devices: DeviceObserver[] = [];
  // Observer Type opens a new observer; the items after it describe that observer (TID 1002, 1003, 1004).
  let current: "PERSON" | "DEVICE" | null = null;
  const device = () => {
    if (current !== "DEVICE" || devices.length === 0) {
      devices.push({ uid: null, name: null, manufacturer: null, modelName: null });
      current = "DEVICE";
    }
    return devices[devices.length - 1]!;
  };
  for (const item of items) {
    if (item.relationship !== "HAS OBS CONTEXT") continue;
    if (is(item.concept, C.observerType)) {
      const type = reader.firstCode(item.dataSet, T.conceptCode);
      current = null;
      if (is(type, C.deviceObserverValue)) device();
      else current = "PERSON";
      continue;
    }
    const value = reader.valueText(item);
    if (!value) continue;
    if (is(item.concept, C.personObserverName)) persons.push(value);
    else if (is(item.concept, C.deviceObserverUid)) device().uid = value;
    else if (is(item.concept, C.deviceObserverName)) device().name = value;
    else if (is(item.concept, C.deviceObserverManufacturer)) device().manufacturer = value;
    else if (is(item.concept, C.deviceObserverModelName)) device().modelName = value;
  }
  return { persons, devices };
}

function findAlgorithm(reader: Reader, items: ContentItem[]): Algorithm | null {
  for (const item of items) {
    if (is(item.concept, C.algorithmName)) {
      const name = reader.valueText(item);
      if (name) {
        const versionItem = items.find((i) => is(i.concept, C.algorithmVersion));
        return { name, version: versionItem ? reader.valueText(versionItem) : null };
      }
    }
  }
  for (const item of items) {
    const nested = item.valueType === "NUM" ? findAlgorithm(reader, item.children) : null;
    if (nested) return nested;
  }
  return null;
}

function readGroup(reader: Reader, group: ContentItem, seriesOf: Map<string, string>): MeasurementGroup {
  const template = reader.templateOf(group.dataSet);
  const result: MeasurementGroup = {
    templateId: template?.id ?? null,
    trackingId: null,
    trackingUid: null,
    findingCategory: null,
    finding: null,
    findingSite: null,
    findingSiteModifiers: [],
    algorithm: findAlgorithm(reader, group.children),
    measurements: [],
    evaluations: [],
    images: [],
    regions: [],
  };
  const addImage = (item: ContentItem) => {
    const image = reader.imageReference(item, seriesOf);
    if (image && !result.images.some((i) => i.sopInstanceUid === image.sopInstanceUid && i.frameNumbers.join() === image.frameNumbers.join())) {
      result.images.push(image);
    }
    return image;
  };
  for (const item of group.children) {
    const { concept } = item;
    if (is(concept, C.trackingId)) result.trackingId = reader.valueText(item);
    else if (is(concept, C.trackingUid)) result.trackingUid = reader.valueText(item);
    else if (is(concept, C.finding)) result.finding = reader.firstCode(item.dataSet, T.conceptCode);
    else if (is(concept, C.findingCategory)) result.findingCategory = reader.firstCode(item.dataSet, T.conceptCode);
    else if (is(concept, C.findingSite)) {
      result.findingSite = reader.firstCode(item.dataSet, T.conceptCode);
      result.findingSiteModifiers = item.children.map((c) => reader.firstCode(c.dataSet, T.conceptCode)).filter((c) => c !== null);
    } else if (is(concept, C.algorithmName) || is(concept, C.algorithmVersion) || item.relationship === "HAS OBS CONTEXT") {
      // Read above (algorithm) or not needed per group (observer context is read for the report).
    } else if (item.valueType === "NUM") {
      const measurement = reader.measurement(item);
      if (measurement) result.measurements.push(measurement);
    } else if (item.valueType === "IMAGE") {
      addImage(item);
    } else if (item.valueType === "SCOORD") {
      const source = item.children.find((c) => c.valueType === "IMAGE");
      result.regions.push({
        kind: "SCOORD",
        graphicType: reader.text(item.dataSet, T.graphicType) ?? "",
        graphicData: floats(item.dataSet, T.graphicData),
        image: source ? addImage(source) : null,
      });
    } else if (item.valueType === "SCOORD3D") {
      result.regions.push({
        kind: "SCOORD3D",
        graphicType: reader.text(item.dataSet, T.graphicType) ?? "",
        graphicData: floats(item.dataSet, T.graphicData),
        frameOfReferenceUid: reader.uid(item.dataSet, T.frameOfReferenceUid) ?? "",
      });
    } else if (item.valueType === "CODE" || item.valueType === "TEXT") {
      const evaluation = reader.evaluation(item);
      if (evaluation) result.evaluations.push(evaluation);
    }
  }
  return result;
}

function floats(ds: DataSet, tag: string): number[] {
  const element = ds.elements[tag];
  if (!element) return [];
  return Array.from({ length: Math.floor(element.length / 4) }, (_, i) => ds.float(tag, i) ?? Number.NaN);
}

/** SOP Instance UID -> Series Instance UID, from the evidence sequences (the SR's own list of what it references). */
function evidenceSeries(reader: Reader, root: DataSet): Map<string, string> {
  const seriesOf = new Map<string, string>();
  for (const tag of [T.currentEvidence, T.pertinentEvidence]) {
    for (const study of reader.items(root, tag)) {
      for (const series of reader.items(study, T.referencedSeries)) {
        const seriesUid = reader.uid(series, T.seriesInstanceUid);
        if (!seriesUid) continue;
        for (const sop of reader.items(series, T.referencedSop)) {
          const sopUid = reader.uid(sop, T.referencedSopInstance);
          if (sopUid) seriesOf.set(sopUid, seriesUid);
        }
      }
    }
  }
  return seriesOf;
}

function collectImages(reader: Reader, items: ContentItem[], seriesOf: Map<string, string>): ImageReference[] {
  return items.flatMap((item) => {
    if (item.valueType === "IMAGE") {
      const image = reader.imageReference(item, seriesOf);
      return image ? [image] : [];
    }
    return item.valueType === "CONTAINER" ? collectImages(reader, item.children, seriesOf) : [];
  });
}

function observedAtOf(reader: Reader, ds: DataSet): string | null {
  const date = normalizeDicomDate(reader.text(ds, T.contentDate) ?? undefined);
  if (!date) return null;
  const time = normalizeDicomTime(reader.text(ds, T.contentTime) ?? undefined) ?? "00:00:00";
  const offset = reader.text(ds, T.timezoneOffset)?.match(/^([+-])(\d{2})(\d{2})$/);
  return `${date}T${time}${offset ? `${offset[1]}${offset[2]}:${offset[3]}` : "Z"}`;
}

/**
 * Reads a TID 1500 measurement report from a DICOM Part 10 file.
 * @throws DicomParseError when the bytes are not a readable DICOM file.
 * @throws StructuredReportError when the file is not an SR (code NOT_SR) or lacks what TID 1500 requires (MALFORMED).
 * @throws UnsupportedSrTemplateError for an SR of another template or of none.
 */
export function parseTid1500(bytes: Uint8Array): Tid1500Report {
  const root = parseDicomDataSet(bytes);
  const reader = new Reader(readDicomString(root, T.charset, "") ?? "");
  const sopClassUid = reader.uid(root, T.sopClassUid) ?? "";
  const modality = reader.text(root, T.modality) ?? "";
  if (!SR_SOP_CLASSES[sopClassUid] && modality !== "SR") {
    throw new StructuredReportError("NOT_SR", `This file is ${describeDicomObject(modality, sopClassUid)}, not a structured report (SR) with measurements.`);
  }
  const template = reader.templateOf(root);
  if (!template || template.id !== "1500" || template.resource.toUpperCase() !== "DCMR") throw new UnsupportedSrTemplateError(template?.id ?? null);
  if (!MEASUREMENT_SR_CLASSES.has(sopClassUid)) {
    throw new StructuredReportError(
      "NOT_SR",
      `This report is stored as ${SR_SOP_CLASSES[sopClassUid] ?? `SOP class ${sopClassUid || "(none)"}`}, which cannot hold TID 1500 measurements; it must be an Enhanced, Comprehensive or Comprehensive 3D SR.`,
    );
  }

  const documentTitle = reader.firstCode(root, T.conceptName);
  const missing = [
    documentTitle ? null : "a document title",
    reader.uid(root, T.studyInstanceUid) ? null : "a Study Instance UID",
    reader.uid(root, T.sopInstanceUid) ? null : "a SOP Instance UID",
  ].filter(Boolean);
  if (missing.length > 0) throw new StructuredReportError("MALFORMED", `This measurement report has no ${missing.join(", no ")}.`);

  const seriesOf = evidenceSeries(reader, root);
  const content = reader.contentItems(root);
  const { persons, devices } = readObservers(reader, content);
  const containers = content.filter((i) => is(i.concept, C.imagingMeasurements) || is(i.concept, C.derivedMeasurements));
  const imageLibrary = content.filter((i) => is(i.concept, C.imageLibrary)).flatMap((i) => collectImages(reader, i.children, seriesOf));

  return {
    sopClassUid,
    sopInstanceUid: reader.uid(root, T.sopInstanceUid)!,
    seriesInstanceUid: reader.uid(root, T.seriesInstanceUid) ?? "",
    studyInstanceUid: reader.uid(root, T.studyInstanceUid)!,
    patientId: reader.text(root, T.patientId) ?? "",
    documentTitle: documentTitle!,
    observedAt: observedAtOf(reader, root),
    completionFlag: reader.text(root, T.completionFlag),
    verificationFlag: reader.text(root, T.verificationFlag),
    personObservers: persons,
    deviceObservers: devices,
    equipment: {
      manufacturer: reader.text(root, T.manufacturer),
      modelName: reader.text(root, T.modelName),
      softwareVersions: readDicomStrings(root, T.softwareVersions).join(" ") || null,
    },
    procedureReported: content.filter((i) => is(i.concept, C.procedureReported)).map((i) => reader.firstCode(i.dataSet, T.conceptCode)).filter((c) => c !== null),
    imageLibrary,
    measurementGroups: containers.flatMap((c) => c.children.filter((g) => is(g.concept, C.measurementGroup)).map((g) => readGroup(reader, g, seriesOf))),
    evaluations: content
      .filter((i) => is(i.concept, C.qualitativeEvaluations))
      .flatMap((i) => i.children.map((c) => reader.evaluation(c)))
      .filter((e) => e !== null),
  };
}
