/** DICOM JSON answers of QIDO-RS (study, series, instance attributes) and STOW-RS (stored and failed instances). */
import type { DicomJson, DicomJsonElement, DicomJsonValue } from "./dicom-json";

function element(vr: string, ...values: (DicomJsonValue | undefined)[]): DicomJsonElement {
  const present = values.filter((v): v is DicomJsonValue => v !== undefined && v !== null && v !== "");
  return present.length ? { vr, Value: present } : { vr };
}

const da = (iso: string | null | undefined) => (iso ? iso.replaceAll("-", "") : undefined);
const pn = (name: string | undefined) => (name ? { Alphabetic: name } : undefined);

export interface StudyAttributes {
  studyInstanceUid: string;
  /** YYYY-MM-DD */
  studyDate: string | null;
  /** HHMMSS */
  studyTime?: string;
  accessionNumber: string | null;
  modalities: string[];
  description: string;
  /** DICOM PN, "Family^Given". */
  patientName: string;
  patientId: string;
  /** YYYY-MM-DD */
  patientBirthDate: string | null;
  /** M, F, O or empty. */
  patientSex: string;
  numberOfSeries: number;
  numberOfInstances: number;
  retrieveUrl: string;
}

export function studyToDicomJson(s: StudyAttributes): DicomJson {
  return {
    "00080005": element("CS", "ISO_IR 192"),
    "00080020": element("DA", da(s.studyDate)),
    "00080030": element("TM", s.studyTime),
    "00080050": element("SH", s.accessionNumber ?? undefined),
    "00080061": element("CS", ...s.modalities),
    "00081030": element("LO", s.description),
    "00081190": element("UR", s.retrieveUrl),
    "00100010": element("PN", pn(s.patientName)),
    "00100020": element("LO", s.patientId),
    "00100030": element("DA", da(s.patientBirthDate)),
    "00100040": element("CS", s.patientSex),
    "0020000D": element("UI", s.studyInstanceUid),
    "00201206": element("IS", s.numberOfSeries),
    "00201208": element("IS", s.numberOfInstances),
  };
}

export interface SeriesAttributes {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  modality: string;
  seriesNumber: number | null;
  description: string;
  numberOfInstances: number;
  retrieveUrl: string;
}

export function seriesToDicomJson(s: SeriesAttributes): DicomJson {
  return {
    "00080060": element("CS", s.modality),
    "0008103E": element("LO", s.description),
    "00081190": element("UR", s.retrieveUrl),
    "0020000D": element("UI", s.studyInstanceUid),
    "0020000E": element("UI", s.seriesInstanceUid),
    "00200011": element("IS", s.seriesNumber ?? undefined),
    "00201209": element("IS", s.numberOfInstances),
  };
}

export interface InstanceAttributes {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  instanceNumber: number | null;
  numberOfFrames: number;
  rows?: number;
  columns?: number;
  availableTransferSyntaxUid: string;
  retrieveUrl: string;
}

export function instanceToDicomJson(i: InstanceAttributes): DicomJson {
  return {
    "00080016": element("UI", i.sopClassUid),
    "00080018": element("UI", i.sopInstanceUid),
    "00081190": element("UR", i.retrieveUrl),
    "00083002": element("UI", i.availableTransferSyntaxUid),
    "0020000D": element("UI", i.studyInstanceUid),
    "0020000E": element("UI", i.seriesInstanceUid),
    "00200013": element("IS", i.instanceNumber ?? undefined),
    "00280008": element("IS", i.numberOfFrames),
    "00280010": element("US", i.rows),
    "00280011": element("US", i.columns),
  };
}

/** Failure Reason (0008,1197) codes of PS3.18 table I.2-3 and PS3.4 annex GG. */
export const FAILURE_REASON = {
  PROCESSING_FAILURE: 0x0110,
  OUT_OF_RESOURCES: 0xa700,
  CANNOT_UNDERSTAND: 0xc000,
  TRANSFER_SYNTAX_NOT_SUPPORTED: 0xc122,
} as const;

export interface StowReferenced {
  sopClassUid: string;
  sopInstanceUid: string;
  /** Absent for instances held in quarantine: they cannot be retrieved yet. */
  retrieveUrl?: string;
}

export interface StowFailed {
  sopClassUid?: string;
  sopInstanceUid?: string;
  failureReason: number;
}

/** The Store Instances Response Module (PS3.18 10.5.3). */
export function stowResponseToDicomJson(response: { retrieveUrl?: string; referenced: StowReferenced[]; failed: StowFailed[] }): DicomJson {
  const json: DicomJson = {};
  if (response.retrieveUrl) json["00081190"] = element("UR", response.retrieveUrl);
  if (response.failed.length) {
    json["00081198"] = {
      vr: "SQ",
      Value: response.failed.map((f) => ({
        "00081150": element("UI", f.sopClassUid),
        "00081155": element("UI", f.sopInstanceUid),
        "00081197": element("US", f.failureReason),
      })),
    };
  }
  if (response.referenced.length) {
    json["00081199"] = {
      vr: "SQ",
      Value: response.referenced.map((r) => ({
        "00081150": element("UI", r.sopClassUid),
        "00081155": element("UI", r.sopInstanceUid),
        ...(r.retrieveUrl ? { "00081190": element("UR", r.retrieveUrl) } : {}),
      })),
    };
  }
  return json;
}
