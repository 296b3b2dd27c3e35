/**
 * DICOM JSON (PS3.18 annex F.2) from a parsed data set: what WADO-RS metadata returns. Every element is written with
 * its VR (looked up in the dictionary for implicit-VR files); pixel data becomes a BulkDataURI, other binary values
 * travel inline (base64, little endian) up to a limit.
 */
import type { DataSet, Element } from "dicom-parser";
import { vrForTag } from "./vr-dictionary";

export interface PersonNameValue {
  Alphabetic?: string;
  Ideographic?: string;
  Phonetic?: string;
}
export type DicomJsonValue = string | number | null | PersonNameValue | DicomJson;
export interface DicomJsonElement {
  vr: string;
  Value?: DicomJsonValue[];
  InlineBinary?: string;
  BulkDataURI?: string;
}
export type DicomJson = { [tag: string]: DicomJsonElement };

export interface DicomJsonOptions {
  /** Where the top-level pixel data (7FE0,0010/0008/0009) can be fetched. Without it, the element has no value. */
  pixelDataUri?: string;
  /** Larger binary values (overlays, private blobs) are left out rather than inlined. Default 16 KiB. */
  inlineBinaryLimit?: number;
}

const PIXEL_DATA_TAGS = new Set(["7FE00010", "7FE00008", "7FE00009"]);
const BINARY_VRS = new Set(["OB", "OD", "OF", "OL", "OV", "OW", "UN"]);
// Single-valued text: backslash is an ordinary character and leading spaces are significant.
const TEXT_VRS = new Set(["LT", "ST", "UT", "UR"]);
const STRING_VRS = new Set(["AE", "AS", "CS", "DA", "DT", "LO", "SH", "TM", "UC", "UI", "DS", "IS", ...TEXT_VRS]);
// Text VRs whose bytes follow the Specific Character Set; the rest are plain ASCII.
const CHARSET_VRS = new Set(["SH", "LO", "ST", "LT", "UC", "UT", "PN"]);
const SWAP_SIZE: Record<string, number> = { OW: 2, OF: 4, OL: 4, OD: 8, OV: 8 };

// Single-byte ISO-IR character sets that TextDecoder knows; anything else falls back to Latin-1.
const CHARSETS: Record<string, string> = {
  "ISO_IR 192": "utf-8",
  "ISO_IR 100": "latin1",
  "ISO_IR 101": "iso-8859-2",
  "ISO_IR 109": "iso-8859-3",
  "ISO_IR 110": "iso-8859-4",
  "ISO_IR 144": "iso-8859-5",
  "ISO_IR 127": "iso-8859-6",
  "ISO_IR 126": "iso-8859-7",
  "ISO_IR 138": "iso-8859-8",
  "ISO_IR 148": "iso-8859-9",
  "ISO_IR 203": "iso-8859-15",
  "ISO_IR 166": "windows-874",
  GB18030: "gb18030",
  GBK: "gbk",
};
const decoders = new Map<string, TextDecoder>();
function decoderFor(label: string): TextDecoder {
  let decoder = decoders.get(label);
  if (!decoder) {
    decoder = new TextDecoder(label);
    decoders.set(label, decoder);
  }
  return decoder;
}
const ascii = decoderFor("latin1");

function charsetOf(dataSet: DataSet, inherited: string): string {
  const element = dataSet.elements.x00080005;
  if (!element || element.length === 0) return inherited;
  const terms = ascii
    .decode(dataSet.byteArray.subarray(element.dataOffset, element.dataOffset + element.length))
    .split("\\")
    .map((t) => t.trim())
    .filter(Boolean);
  // With code extensions ("\ISO 2022 IR 100"), the last term names the repertoire beyond ASCII.
  const term = terms.at(-1)?.replace("ISO 2022 IR", "ISO_IR") ?? "";
  return CHARSETS[term] ?? "latin1";
}

function isLittleEndian(dataSet: DataSet): boolean {
  return dataSet.byteArrayParser.readUint16(new Uint8Array([1, 0]), 0) === 1;
}

function toLittleEndian(bytes: Uint8Array, vr: string, littleEndian: boolean): Uint8Array {
  const size = SWAP_SIZE[vr];
  if (littleEndian || !size) return bytes;
  const swapped = new Uint8Array(bytes.length);
  for (let i = 0; i + size <= bytes.length; i += size) {
    for (let j = 0; j < size; j++) swapped[i + j] = bytes[i + size - 1 - j]!;
  }
  return swapped;
}

function parseNumberString(value: string, integer: boolean): number | string {
  const n = integer ? Number.parseInt(value, 10) : Number(value);
  return Number.isFinite(n) ? n : value;
}

function stringValues(raw: string, vr: string): DicomJsonValue[] | undefined {
  if (TEXT_VRS.has(vr)) {
    const text = raw.replace(/[\0 ]+$/, "");
    return text === "" ? undefined : [text];
  }
  const values = raw.split("\\").map((v): DicomJsonValue => {
    const trimmed = vr === "UC" ? v.replace(/[\0 ]+$/, "") : v.replace(/\0+$/, "").trim();
    if (trimmed === "") return null;
    if (vr === "DS") return parseNumberString(trimmed, false);
    if (vr === "IS") return parseNumberString(trimmed, true);
    return trimmed;
  });
  return values.every((v) => v === null) ? undefined : values;
}

function personNameValues(raw: string): DicomJsonValue[] | undefined {
  const values = raw
    .replace(/[\0 ]+$/, "")
    .split("\\")
    .map((v): DicomJsonValue => {
      const [alphabetic, ideographic, phonetic] = v.split("=").map((g) => g.trim());
      const name: PersonNameValue = {};
      if (alphabetic) name.Alphabetic = alphabetic;
      if (ideographic) name.Ideographic = ideographic;
      if (phonetic) name.Phonetic = phonetic;
      return Object.keys(name).length ? name : null;
    });
  return values.every((v) => v === null) ? undefined : values;
}

function numberValues(dataSet: DataSet, element: Element, vr: string, littleEndian: boolean): DicomJsonValue[] | undefined {
  const { byteArray, byteArrayParser: parser } = dataSet;
  const at = element.dataOffset;
  const read: Record<string, [number, (position: number) => DicomJsonValue]> = {
    US: [2, (p) => parser.readUint16(byteArray, p)],
    SS: [2, (p) => parser.readInt16(byteArray, p)],
    UL: [4, (p) => parser.readUint32(byteArray, p)],
    SL: [4, (p) => parser.readInt32(byteArray, p)],
    FL: [4, (p) => parser.readFloat(byteArray, p)],
    FD: [8, (p) => parser.readDouble(byteArray, p)],
    AT: [
      4,
      (p) => `${parser.readUint16(byteArray, p).toString(16).padStart(4, "0")}${parser.readUint16(byteArray, p + 2).toString(16).padStart(4, "0")}`.toUpperCase(),
    ],
    SV: [8, (p) => bigToJson(new DataView(byteArray.buffer, byteArray.byteOffset + p, 8).getBigInt64(0, littleEndian))],
    UV: [8, (p) => bigToJson(new DataView(byteArray.buffer, byteArray.byteOffset + p, 8).getBigUint64(0, littleEndian))],
  };
  const [size, reader] = read[vr]!;
  const count = Math.floor(element.length / size);
  if (count === 0) return undefined;
  const values: DicomJsonValue[] = [];
  for (let i = 0; i < count; i++) {
    const value = reader(at + i * size);
    // FL/FD may hold NaN or infinities, which JSON cannot carry.
    values.push(typeof value === "number" && !Number.isFinite(value) ? null : value);
  }
  return values;
}

function bigToJson(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
}

interface Walk {
  charset: string;
  littleEndian: boolean;
  pixelRepresentation: number | undefined;
  options: DicomJsonOptions;
  topLevel: boolean;
}

function elementToJson(dataSet: DataSet, element: Element, tag: string, walk: Walk): DicomJsonElement {
  const vr = element.items ? "SQ" : (element.vr ?? vrForTag(tag, walk.pixelRepresentation));
  if (vr === "SQ") {
    const items = (element.items ?? []).filter((item) => item.dataSet).map((item) => walkDataSet(item.dataSet!, { ...walk, topLevel: false }));
    return items.length ? { vr, Value: items } : { vr };
  }
  if (PIXEL_DATA_TAGS.has(tag)) {
    return walk.topLevel && walk.options.pixelDataUri ? { vr, BulkDataURI: walk.options.pixelDataUri } : { vr };
  }
  if (element.length === 0 || element.length === 0xffffffff) return { vr };
  const end = Math.min(element.dataOffset + element.length, dataSet.byteArray.length);
  const bytes = dataSet.byteArray.subarray(element.dataOffset, end);
  if (BINARY_VRS.has(vr)) {
    if (bytes.length > (walk.options.inlineBinaryLimit ?? 16 * 1024)) return { vr };
    const little = toLittleEndian(bytes, vr, walk.littleEndian);
    return { vr, InlineBinary: Buffer.from(little.buffer, little.byteOffset, little.byteLength).toString("base64") };
  }
  let value: DicomJsonValue[] | undefined;
  if (vr === "PN") value = personNameValues(decoderFor(walk.charset).decode(bytes));
  else if (STRING_VRS.has(vr)) value = stringValues((CHARSET_VRS.has(vr) ? decoderFor(walk.charset) : ascii).decode(bytes), vr);
  else value = numberValues(dataSet, element, vr, walk.littleEndian);
  return value ? { vr, Value: value } : { vr };
}

/** Where the file meta information ends: dicom-parser's deflate path leaves phantom elements read from the preamble. */
function endOfFileMeta(dataSet: DataSet): number {
  let end = 0;
  for (const [key, element] of Object.entries(dataSet.elements)) {
    if (key.startsWith("x0002")) end = Math.max(end, element.dataOffset + element.length);
  }
  return end;
}

function walkDataSet(dataSet: DataSet, parent: Walk): DicomJson {
  const walk: Walk = { ...parent, charset: charsetOf(dataSet, parent.charset) };
  const metaEnd = parent.topLevel ? endOfFileMeta(dataSet) : 0;
  const json: DicomJson = {};
  for (const key of Object.keys(dataSet.elements).sort()) {
    const tag = key.slice(1).toUpperCase();
    const group = tag.slice(0, 4);
    const element = dataSet.elements[key]!;
    // File meta (group 0002) is not part of the data set; group lengths, item delimiters and padding carry no data.
    if (group === "0002" || group === "FFFE" || tag === "FFFCFFFC" || tag.endsWith("0000") || element.dataOffset < metaEnd) continue;
    json[tag] = elementToJson(dataSet, element, tag, walk);
  }
  return json;
}

/** The DICOM JSON of a data set parsed by dicom-parser (explicit or implicit VR, little or big endian, inflated). */
export function buildDicomJson(dataSet: DataSet, options: DicomJsonOptions = {}): DicomJson {
  const pixelRepresentation = dataSet.elements.x00280103 ? dataSet.uint16("x00280103") : undefined;
  return walkDataSet(dataSet, { charset: "latin1", littleEndian: isLittleEndian(dataSet), pixelRepresentation, options, topLevel: true });
}

/** The first value of an element, if any. */
export function firstValue(json: DicomJson | undefined, tag: string): DicomJsonValue | undefined {
  return json?.[tag]?.Value?.[0] ?? undefined;
}

export function firstString(json: DicomJson | undefined, tag: string): string | undefined {
  const value = firstValue(json, tag);
  if (value === undefined || value === null) return undefined;
  if (typeof value === "object") return "Alphabetic" in value ? (value as PersonNameValue).Alphabetic : undefined;
  return String(value);
}

export function firstNumber(json: DicomJson | undefined, tag: string): number | undefined {
  const value = firstValue(json, tag);
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}
