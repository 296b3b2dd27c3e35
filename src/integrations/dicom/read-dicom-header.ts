/**
 * Reads the identifying header of one DICOM Part 10 instance (patient, study, series, instance,
 * geometry) without decoding pixel data.
 */
import * as dicomParserModule from "dicom-parser";
import type { DataSet, Element } from "dicom-parser";

type DicomParserApi = typeof dicomParserModule;
// dicom-parser ships a UMD bundle: under Node ESM its API sits on `default`, under bundlers on the namespace.
const dicomParser: DicomParserApi =
  (dicomParserModule as unknown as { default?: DicomParserApi }).default ?? dicomParserModule;

export type DicomParseErrorCode = "NOT_DICOM" | "TRUNCATED" | "MISSING_UID" | "MALFORMED";

export class DicomParseError extends Error {
  readonly code: DicomParseErrorCode;

  constructor(code: DicomParseErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DicomParseError";
    this.code = code;
  }
}

export type PatientSex = "FEMALE" | "MALE" | "OTHER" | "UNKNOWN";

export interface DicomInstanceHeader {
  patientId: string;
  /** Human-readable: "Family, Given Middle" from the DICOM PN "Family^Given^Middle"; "" when absent. */
  patientName: string;
  /** YYYY-MM-DD, or null when absent/invalid. */
  patientBirthDate: string | null;
  patientSex: PatientSex;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  modality: string;
  /** YYYY-MM-DD, or null when absent/invalid. */
  studyDate: string | null;
  /** HH:MM:SS (fractional seconds dropped), or null. */
  studyTime: string | null;
  studyDescription: string;
  seriesDescription: string;
  accessionNumber: string;
  instanceNumber: number | null;
  seriesNumber: number | null;
  transferSyntaxUid: string;
  rows: number | null;
  columns: number | null;
  numberOfFrames: number | null;
  /** [row spacing, column spacing] in mm; falls back to the shared functional groups (enhanced/WSI/SEG). */
  pixelSpacingMm: [number, number] | null;
  sliceThicknessMm: number | null;
  imagePositionPatient: [number, number, number] | null;
  imageType: string[];
  bodyPartExamined: string;
}

export interface ParseDicomOptions {
  /**
   * The bytes are only a prefix of the file (e.g. the first 64 KiB). Pixel data running past the
   * end is then expected; anything else cut off still throws TRUNCATED so the caller can read more.
   */
  partial?: boolean;
}

const PIXEL_DATA = "x7fe00010";
const UNDEFINED_LENGTH = 0xffffffff;
const PIXEL_DATA_TAGS = [PIXEL_DATA, "x7fe00008", "x7fe00009"];

function describeThrown(thrown: unknown): string {
  if (typeof thrown === "string") return thrown;
  if (thrown instanceof Error) return thrown.message;
  if (thrown && typeof thrown === "object" && "exception" in thrown) {
    return describeThrown((thrown as { exception: unknown }).exception);
  }
  return String(thrown);
}

function looksLikeTruncation(message: string): boolean {
  // dicom-parser's own wording ("maxP osition" is its typo) plus zlib's for cut-off deflated files.
  return /past end|overread|overrun|eof|end of file|greater than or equal to 'byteArray' length|maxP ?osition/i.test(
    message,
  );
}

function hasDicmMarker(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/** First element (recursively, including sequence items) whose value runs past the buffer. */
function findOverrun(dataSet: DataSet, limit: number, skipTag: string | null): Element | null {
  for (const element of Object.values(dataSet.elements)) {
    if (element.tag === skipTag) continue;
    // Undefined length left unresolved (encapsulated pixel data after untilTag): its first item header must fit.
    const end = element.length === UNDEFINED_LENGTH ? element.dataOffset + 8 : element.dataOffset + element.length;
    if (end > limit) return element;
    for (const item of element.items ?? []) {
      if (item.dataSet) {
        const inner = findOverrun(item.dataSet, limit, null);
        if (inner) return inner;
      }
    }
  }
  return null;
}

/**
 * Parses everything before the pixel data and checks the result is complete.
 * Throws DicomParseError (never a dicom-parser string) for non-DICOM, truncated or corrupt input.
 */
export function parseDicomDataSet(bytes: Uint8Array, options: ParseDicomOptions = {}): DataSet {
  if (!hasDicmMarker(bytes)) {
    const detail = bytes.length < 132 ? ` (only ${bytes.length} bytes)` : "";
    throw new DicomParseError("NOT_DICOM", `Not a DICOM file: no 'DICM' preamble${detail}`);
  }
  // A Buffer view (no copy) lets dicom-parser inflate Deflated Explicit VR files with Node's zlib.
  const input =
    typeof Buffer !== "undefined" && !Buffer.isBuffer(bytes)
      ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      : bytes;

  let dataSet: DataSet;
  try {
    dataSet = dicomParser.parseDicom(input, { untilTag: PIXEL_DATA });
  } catch (thrown) {
    const detail = describeThrown(thrown);
    if (looksLikeTruncation(detail)) {
      throw new DicomParseError("TRUNCATED", "Truncated DICOM file: the header ends unexpectedly", { cause: thrown });
    }
    if (/0002,0010/.test(detail)) {
      const groupLength = readMetaGroupLength(bytes);
      if (groupLength === null ? bytes.length < 144 : 144 + groupLength > bytes.length) {
        throw new DicomParseError("TRUNCATED", "Truncated DICOM file: the file meta header is incomplete", {
          cause: thrown,
        });
      }
      throw new DicomParseError("MALFORMED", "Corrupt DICOM file: no transfer syntax in the file meta header", {
        cause: thrown,
      });
    }
    throw new DicomParseError("MALFORMED", `Corrupt DICOM file: ${detail}`, { cause: thrown });
  }

  const limit = dataSet.byteArray.length;
  const overrun = findOverrun(dataSet, limit, options.partial ? PIXEL_DATA : null);
  if (overrun || dataSet.warnings.some((w) => /eof/i.test(w))) {
    const where = overrun ? ` inside element ${formatTag(overrun.tag)}` : "";
    throw new DicomParseError("TRUNCATED", `Truncated DICOM file: data ends${where}`);
  }
  const pixelData = dataSet.elements[PIXEL_DATA];
  if (!options.partial && pixelData?.length === UNDEFINED_LENGTH && !encapsulatedItemsComplete(dataSet, pixelData)) {
    throw new DicomParseError("TRUNCATED", "Truncated DICOM file: compressed pixel data ends early");
  }
  const hasPixelData = PIXEL_DATA_TAGS.some((tag) => dataSet.elements[tag] !== undefined);
  if (options.partial && !hasPixelData) {
    // A prefix that ends before the pixel data may have cut the header at an element boundary.
    throw new DicomParseError("TRUNCATED", "Truncated DICOM file: the header continues past the bytes read");
  }
  if (!hasPixelData && isImage(dataSet)) {
    // An image without pixel data is almost always a file cut short at an element boundary.
    throw new DicomParseError("TRUNCATED", "Truncated DICOM file: image header without pixel data");
  }
  return dataSet;
}

/**
 * Walks the item headers of encapsulated pixel data (no decoding) to check the sequence
 * delimiter is present; untilTag stops dicom-parser before it would notice a cut-off fragment.
 */
function encapsulatedItemsComplete(dataSet: DataSet, element: Element): boolean {
  const bytes = dataSet.byteArray;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let position = element.dataOffset;
  while (position + 8 <= bytes.length) {
    const group = view.getUint16(position, true);
    const elementNumber = view.getUint16(position + 2, true);
    const length = view.getUint32(position + 4, true);
    if (group !== 0xfffe) return false;
    if (elementNumber === 0xe0dd) return true;
    if (elementNumber !== 0xe000 || length === UNDEFINED_LENGTH) return false;
    position += 8 + length;
  }
  return false;
}

// Modalities whose instances always carry pixel data (SR, KO, PR, RTSTRUCT, DOC... do not).
const IMAGE_MODALITIES = new Set([
  "CR", "CT", "DG", "DX", "ES", "GM", "IO", "IVOCT", "MG", "MR", "NM", "OP", "OPT", "PT", "PX", "RF", "RG",
  "SEG", "SM", "TG", "US", "XA", "XC",
]);

function isImage(dataSet: DataSet): boolean {
  if (dataSet.elements.x00280010 !== undefined) return true;
  const modality = readDicomString(dataSet, "x00080060", "");
  return modality !== undefined && IMAGE_MODALITIES.has(modality.toUpperCase());
}

function readMetaGroupLength(bytes: Uint8Array): number | null {
  // (0002,0000) UL right after "DICM": 02 00 00 00 'U' 'L' 04 00 <uint32>
  if (bytes.length < 144 || bytes[132] !== 0x02 || bytes[134] !== 0x00 || bytes[133] !== 0x00) return null;
  return new DataView(bytes.buffer, bytes.byteOffset + 140, 4).getUint32(0, true);
}

function formatTag(tag: string): string {
  return `(${tag.slice(1, 5).toUpperCase()},${tag.slice(5, 9).toUpperCase()})`;
}

const latin1 = new TextDecoder("latin1");
const utf8 = new TextDecoder("utf-8");

/**
 * Text value of an element with trailing padding removed, decoded per Specific Character Set
 * (UTF-8 for ISO_IR 192, Latin-1 otherwise) rather than dicom-parser's byte-per-char reading.
 */
export function readDicomString(dataSet: DataSet, tag: string, charset?: string): string | undefined {
  const element = dataSet.elements[tag];
  if (!element || element.length === 0) return undefined;
  const end = Math.min(element.dataOffset + element.length, dataSet.byteArray.length);
  const raw = dataSet.byteArray.subarray(element.dataOffset, end);
  const cs = charset ?? readCharset(dataSet);
  const text = (cs.includes("ISO_IR 192") ? utf8 : latin1).decode(raw);
  return text.replace(/[\0 ]+$/, "").trim();
}

function readCharset(dataSet: DataSet): string {
  const element = dataSet.elements.x00080005;
  if (!element || element.length === 0) return "";
  return latin1.decode(dataSet.byteArray.subarray(element.dataOffset, element.dataOffset + element.length));
}

export function readDicomStrings(dataSet: DataSet, tag: string, charset?: string): string[] {
  const value = readDicomString(dataSet, tag, charset);
  return value === undefined || value === "" ? [] : value.split("\\").map((v) => v.trim());
}

export function readDicomNumbers(dataSet: DataSet, tag: string): number[] {
  return readDicomStrings(dataSet, tag, "").map((v) => Number.parseFloat(v));
}

function readInteger(dataSet: DataSet, tag: string): number | null {
  const value = readDicomString(dataSet, tag, "");
  if (value === undefined) return null;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) ? n : null;
}

function readUint16(dataSet: DataSet, tag: string): number | null {
  const element = dataSet.elements[tag];
  if (!element || element.length < 2) return null;
  return dataSet.uint16(tag) ?? null;
}

/** Accepts DA "YYYYMMDD" and the old ACR-NEMA "YYYY.MM.DD"; returns ISO "YYYY-MM-DD" or null. */
export function normalizeDicomDate(value: string | undefined): string | null {
  const match = value?.trim().match(/^(\d{4})\.?(\d{2})\.?(\d{2})$/);
  if (!match) return null;
  const [, y, m, d] = match as unknown as [string, string, string, string];
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  const valid =
    Number(y) > 0 &&
    date.getUTCFullYear() === Number(y) &&
    date.getUTCMonth() === Number(m) - 1 &&
    date.getUTCDate() === Number(d);
  return valid ? `${y}-${m}-${d}` : null;
}

/** Accepts TM "HHMMSS.ffffff" (minutes/seconds optional) and the old "HH:MM:SS"; returns "HH:MM:SS" or null. */
export function normalizeDicomTime(value: string | undefined): string | null {
  const match = value?.trim().match(/^(\d{2}):?(\d{2})?:?(\d{2})?(?:\.\d*)?$/);
  if (!match) return null;
  const hh = match[1] ?? "00";
  const mm = match[2] ?? "00";
  const ss = match[3] ?? "00";
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 60) return null;
  return `${hh}:${mm}:${ss}`;
}

/** "Family^Given^Middle^Prefix^Suffix" (first component group only) → "Family, Given Middle". */
export function formatPersonName(value: string | undefined): string {
  if (!value) return "";
  const alphabetic = value.split("=")[0] ?? "";
  const [family = "", given = "", middle = ""] = alphabetic.split("^").map((p) => p.trim());
  const rest = [given, middle].filter(Boolean).join(" ");
  if (family && rest) return `${family}, ${rest}`;
  return family || rest;
}

export function normalizePatientSex(value: string | undefined): PatientSex {
  switch (value?.trim().toUpperCase()) {
    case "F":
      return "FEMALE";
    case "M":
      return "MALE";
    case "O":
      return "OTHER";
    default:
      return "UNKNOWN";
  }
}

/** First item's data set of a sequence element, if any. */
export function firstItem(dataSet: DataSet | undefined, tag: string): DataSet | undefined {
  return dataSet?.elements[tag]?.items?.[0]?.dataSet;
}

function readPixelSpacing(dataSet: DataSet): [number, number] | null {
  const candidates = [dataSet, firstItem(firstItem(dataSet, "x52009229"), "x00289110")];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const values = readDicomNumbers(candidate, "x00280030");
    const [row, column] = values;
    if (values.length >= 2 && row !== undefined && column !== undefined && row > 0 && column > 0) {
      return [row, column];
    }
  }
  return null;
}

function readPosition(dataSet: DataSet): [number, number, number] | null {
  const [x, y, z] = readDicomNumbers(dataSet, "x00200032");
  if (x === undefined || y === undefined || z === undefined) return null;
  if (![x, y, z].every(Number.isFinite)) return null;
  return [x, y, z];
}

function positiveOrNull(n: number | undefined): number | null {
  return n !== undefined && Number.isFinite(n) && n > 0 ? n : null;
}

/** Maps a parsed data set to the header fields; throws MISSING_UID when the instance cannot be identified. */
export function headerFromDataSet(dataSet: DataSet): DicomInstanceHeader {
  const charset = readCharset(dataSet);
  const str = (tag: string): string => readDicomString(dataSet, tag, charset) ?? "";
  const uid = (tag: string): string => readDicomString(dataSet, tag, "") ?? "";

  const studyInstanceUid = uid("x0020000d");
  const sopInstanceUid = uid("x00080018");
  const missing = [
    studyInstanceUid ? null : "StudyInstanceUID (0020,000D)",
    sopInstanceUid ? null : "SOPInstanceUID (0008,0018)",
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new DicomParseError("MISSING_UID", `DICOM file has no ${missing.join(" or ")}`);
  }

  return {
    patientId: str("x00100020"),
    patientName: formatPersonName(readDicomString(dataSet, "x00100010", charset)),
    patientBirthDate: normalizeDicomDate(readDicomString(dataSet, "x00100030", "")),
    patientSex: normalizePatientSex(readDicomString(dataSet, "x00100040", "")),
    studyInstanceUid,
    seriesInstanceUid: uid("x0020000e"),
    sopInstanceUid,
    sopClassUid: uid("x00080016") || uid("x00020002"),
    modality: str("x00080060"),
    studyDate: normalizeDicomDate(readDicomString(dataSet, "x00080020", "")),
    studyTime: normalizeDicomTime(readDicomString(dataSet, "x00080030", "")),
    studyDescription: str("x00081030"),
    seriesDescription: str("x0008103e"),
    accessionNumber: str("x00080050"),
    instanceNumber: readInteger(dataSet, "x00200013"),
    seriesNumber: readInteger(dataSet, "x00200011"),
    transferSyntaxUid: uid("x00020010"),
    rows: readUint16(dataSet, "x00280010"),
    columns: readUint16(dataSet, "x00280011"),
    numberOfFrames: readInteger(dataSet, "x00280008"),
    pixelSpacingMm: readPixelSpacing(dataSet),
    sliceThicknessMm: positiveOrNull(readDicomNumbers(dataSet, "x00180050")[0]),
    imagePositionPatient: readPosition(dataSet),
    imageType: readDicomStrings(dataSet, "x00080008", ""),
    bodyPartExamined: str("x00180015"),
  };
}

/**
 * Reads the header of one DICOM Part 10 file (pixel data is not parsed).
 * @throws DicomParseError for non-DICOM, truncated or corrupt input and for files missing
 *   StudyInstanceUID or SOPInstanceUID.
 */
export function readDicomHeader(bytes: Uint8Array, options: ParseDicomOptions = {}): DicomInstanceHeader {
  return headerFromDataSet(parseDicomDataSet(bytes, options));
}
