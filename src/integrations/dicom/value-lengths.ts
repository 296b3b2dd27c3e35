/**
 * Maximum value lengths (DICOM PS3.5 section 6.2, Table 6.2-1) of the attributes Concilium stores, indexes or shows.
 * A file that breaks one is refused on import, naming the attribute: a 10,000-character PatientName would otherwise
 * be stored and shown in full. Refusing is safer than cutting for identity attributes (a cut name or ID could match
 * someone else), and the same rule for all keeps it simple to explain. Messages give lengths, never the value.
 *
 * Limits are per value of a multi-valued attribute (values split on "\"), per component group for PN (split on
 * "="), in characters for the text VRs (LO, SH, PN) and in bytes for the others, which are ASCII only. Trailing
 * padding is not counted. A date in the old ACR-NEMA form "YYYY.MM.DD" (10 bytes) is still read, as the import does.
 */
import type { DataSet } from "dicom-parser";
import { readDicomString } from "./read-dicom-header";

export type LimitedVr = "AE" | "AS" | "CS" | "DA" | "DS" | "DT" | "IS" | "LO" | "PN" | "SH" | "TM" | "UI";

export const VR_MAX_LENGTH: Record<LimitedVr, number> = { AE: 16, AS: 4, CS: 16, DA: 8, DS: 16, DT: 26, IS: 12, LO: 64, PN: 64, SH: 16, TM: 14, UI: 64 };

const TEXT_VRS = new Set<LimitedVr>(["LO", "SH", "PN"]);
const ACR_NEMA_DATE = /^\d{4}\.\d{2}\.\d{2}$/;

interface CheckedAttribute {
  tag: string;
  keyword: string;
  vr: LimitedVr;
}

/** What the import reads into the index, the quarantine, QIDO answers and the screens. */
export const CHECKED_ATTRIBUTES: CheckedAttribute[] = [
  { tag: "x00080005", keyword: "SpecificCharacterSet", vr: "CS" },
  { tag: "x00080008", keyword: "ImageType", vr: "CS" },
  { tag: "x00080016", keyword: "SOPClassUID", vr: "UI" },
  { tag: "x00080018", keyword: "SOPInstanceUID", vr: "UI" },
  { tag: "x00080020", keyword: "StudyDate", vr: "DA" },
  { tag: "x00080030", keyword: "StudyTime", vr: "TM" },
  { tag: "x00080050", keyword: "AccessionNumber", vr: "SH" },
  { tag: "x00080060", keyword: "Modality", vr: "CS" },
  { tag: "x00080090", keyword: "ReferringPhysicianName", vr: "PN" },
  { tag: "x00081030", keyword: "StudyDescription", vr: "LO" },
  { tag: "x0008103e", keyword: "SeriesDescription", vr: "LO" },
  { tag: "x00100010", keyword: "PatientName", vr: "PN" },
  { tag: "x00100020", keyword: "PatientID", vr: "LO" },
  { tag: "x00100030", keyword: "PatientBirthDate", vr: "DA" },
  { tag: "x00100040", keyword: "PatientSex", vr: "CS" },
  { tag: "x00180015", keyword: "BodyPartExamined", vr: "CS" },
  { tag: "x00180050", keyword: "SliceThickness", vr: "DS" },
  { tag: "x0020000d", keyword: "StudyInstanceUID", vr: "UI" },
  { tag: "x0020000e", keyword: "SeriesInstanceUID", vr: "UI" },
  { tag: "x00200010", keyword: "StudyID", vr: "SH" },
  { tag: "x00200011", keyword: "SeriesNumber", vr: "IS" },
  { tag: "x00200013", keyword: "InstanceNumber", vr: "IS" },
  { tag: "x00200032", keyword: "ImagePositionPatient", vr: "DS" },
  { tag: "x00280008", keyword: "NumberOfFrames", vr: "IS" },
  { tag: "x00280030", keyword: "PixelSpacing", vr: "DS" },
];

export interface ValueLengthViolation {
  keyword: string;
  /** "(0010,0010)" */
  tag: string;
  vr: LimitedVr;
  length: number;
  max: number;
  /** For the person who sent the file; names the attribute and the lengths, not the value. */
  message: string;
}

const formatTag = (tag: string) => `(${tag.slice(1, 5).toUpperCase()},${tag.slice(5, 9).toUpperCase()})`;

function pieces(value: string, vr: LimitedVr): string[] {
  const values = value.split("\\");
  return vr === "PN" ? values.flatMap((v) => v.split("=")) : values;
}

function describe(a: CheckedAttribute, length: number, max: number): string {
  const unit = TEXT_VRS.has(a.vr) ? "characters" : "bytes";
  const per = a.vr === "PN" ? " per name component group" : "";
  return `The file's ${a.keyword} ${formatTag(a.tag)} is ${length.toLocaleString("en-GB")} ${unit} long; DICOM allows at most ${max}${per} (${a.vr}). The file was not imported: please correct it at its source.`;
}

/** The first attribute whose value is longer than its VR allows, or null. */
export function findValueLengthViolation(dataSet: DataSet): ValueLengthViolation | null {
  for (const attribute of CHECKED_ATTRIBUTES) {
    const element = dataSet.elements[attribute.tag];
    if (!element || element.length === 0) continue;
    const max = VR_MAX_LENGTH[attribute.vr];
    // A value that fits in max bytes per value cannot be too long: skip decoding (the common case).
    if (element.length <= max) continue;
    const value = readDicomString(dataSet, attribute.tag, TEXT_VRS.has(attribute.vr) ? undefined : "") ?? "";
    const length = Math.max(
      0,
      ...pieces(value, attribute.vr)
        .map((p) => p.replace(/[\0 ]+$/, ""))
        .filter((p) => !(attribute.vr === "DA" && ACR_NEMA_DATE.test(p)))
        .map((p) => p.length),
    );
    if (length > max) return { keyword: attribute.keyword, tag: formatTag(attribute.tag), vr: attribute.vr, length, max, message: describe(attribute, length, max) };
  }
  return null;
}
