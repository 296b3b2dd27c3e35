/**
 * Minimal DICOM Part 10 writer (explicit VR little endian) for tests only.
 *
 * Real sample files cannot cover every branch (missing UIDs, specimen sequences, UTF-8 names),
 * so tests build small synthetic files with this instead of shipping fixtures.
 */

export type DicomElementValue = string | number[] | Uint8Array | DicomElementSpec[][];

export interface DicomElementSpec {
  /** Tag as 0xGGGGEEEE. */
  tag: number;
  vr: string;
  /** Strings for text VRs, numbers for US/UL/SS/SL/FL/FD, bytes for OB/OW/UN, items for SQ. */
  value: DicomElementValue;
}

export interface BuildDicomOptions {
  transferSyntaxUid?: string;
  /** Leave out the 128-byte preamble and "DICM" marker (to build non-Part-10 input). */
  omitPreamble?: boolean;
}

const LONG_LENGTH_VRS = new Set(["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"]);

function concat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, p) => sum + p.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function encodeValue(vr: string, value: DicomElementValue): Uint8Array {
  if (vr === "SQ") {
    if (!Array.isArray(value) || (value.length > 0 && !Array.isArray(value[0]))) {
      throw new Error("SQ value must be an array of items");
    }
    const items = (value as DicomElementSpec[][]).map((item) => {
      const body = encodeElements(item);
      const header = new Uint8Array(8);
      const view = new DataView(header.buffer);
      view.setUint16(0, 0xfffe, true);
      view.setUint16(2, 0xe000, true);
      view.setUint32(4, body.length, true);
      return concat([header, body]);
    });
    return concat(items);
  }
  if (value instanceof Uint8Array) {
    return value.length % 2 === 0 ? value : concat([value, new Uint8Array(1)]);
  }
  if (typeof value === "string") {
    const bytes = new TextEncoder().encode(value);
    if (bytes.length % 2 === 0) return bytes;
    // UIDs are padded with NUL, all other text VRs with a space (PS3.5 6.2).
    return concat([bytes, new Uint8Array([vr === "UI" ? 0 : 0x20])]);
  }
  const numbers = value as number[];
  const size = vr === "US" || vr === "SS" ? 2 : vr === "FD" ? 8 : 4;
  const out = new Uint8Array(numbers.length * size);
  const view = new DataView(out.buffer);
  numbers.forEach((n, i) => {
    const at = i * size;
    if (vr === "US") view.setUint16(at, n, true);
    else if (vr === "SS") view.setInt16(at, n, true);
    else if (vr === "UL") view.setUint32(at, n, true);
    else if (vr === "SL") view.setInt32(at, n, true);
    else if (vr === "FL") view.setFloat32(at, n, true);
    else if (vr === "FD") view.setFloat64(at, n, true);
    else throw new Error(`Numeric values are not supported for VR ${vr}`);
  });
  return out;
}

function encodeElement(spec: DicomElementSpec): Uint8Array {
  const value = encodeValue(spec.vr, spec.value);
  const long = LONG_LENGTH_VRS.has(spec.vr);
  if (!long && value.length > 0xffff) throw new Error(`Value too long for VR ${spec.vr}; use a long-length VR`);
  const header = new Uint8Array(long ? 12 : 8);
  const view = new DataView(header.buffer);
  view.setUint16(0, spec.tag >>> 16, true);
  view.setUint16(2, spec.tag & 0xffff, true);
  header[4] = spec.vr.charCodeAt(0);
  header[5] = spec.vr.charCodeAt(1);
  if (long) view.setUint32(8, value.length, true);
  else view.setUint16(6, value.length, true);
  return concat([header, value]);
}

function encodeElements(elements: DicomElementSpec[]): Uint8Array {
  const sorted = [...elements].sort((a, b) => a.tag - b.tag);
  return concat(sorted.map(encodeElement));
}

export function buildDicomFile(elements: DicomElementSpec[], options: BuildDicomOptions = {}): Uint8Array {
  const stringOf = (tag: number): string | undefined => {
    const found = elements.find((e) => e.tag === tag);
    return typeof found?.value === "string" ? found.value : undefined;
  };
  const metaBody = encodeElements([
    { tag: 0x00020001, vr: "OB", value: new Uint8Array([0, 1]) },
    { tag: 0x00020002, vr: "UI", value: stringOf(0x00080016) ?? "1.2.840.10008.5.1.4.1.1.7" },
    { tag: 0x00020003, vr: "UI", value: stringOf(0x00080018) ?? "1.2.3.4" },
    { tag: 0x00020010, vr: "UI", value: options.transferSyntaxUid ?? "1.2.840.10008.1.2.1" },
  ]);
  const groupLength = encodeElement({ tag: 0x00020000, vr: "UL", value: [metaBody.length] });
  const prefix = options.omitPreamble
    ? new Uint8Array(0)
    : concat([new Uint8Array(128), new TextEncoder().encode("DICM")]);
  return concat([prefix, groupLength, metaBody, encodeElements(elements)]);
}
