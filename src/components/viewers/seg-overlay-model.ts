/**
 * DICOM Segmentation (SEG) objects for the viewer's overlay, without Cornerstone: the segments and frames of a SEG
 * from its WADO-RS metadata (DICOM JSON), the frames' pixels from a multipart WADO-RS frames answer, the mapping of
 * each SEG frame onto an image of the displayed stack, and the packing of segments into labelmap layers.
 * Browser-safe: no Node-only imports (the server's SEG reader in src/integrations/dicom needs Buffer).
 */

/** DICOM JSON (PS3.18 F.2) of one instance, as WADO-RS metadata returns it. */
export type DicomJson = Record<string, { vr?: string; Value?: unknown[] } | undefined>;

export type Rgb = [number, number, number];

export interface SegSegment {
  /** Segment Number (0062,0004): the value frames refer to. */
  number: number;
  label: string;
  color: Rgb;
}

export interface SegFrame {
  /** 1-based frame number within the SEG. */
  frameNumber: number;
  /** Null for a LABELMAP SEG, whose pixel values are the segment numbers. */
  segmentNumber: number | null;
  /** Derivation Image > Source Image > Referenced SOP Instance UID, when the SEG says. */
  sourceSopInstanceUid: string | null;
  sourceFrameNumber: number | null;
  /** Plane Position (Patient) of the frame, when given. */
  position: number[] | null;
}

export interface SegDocument {
  sopInstanceUid: string;
  seriesInstanceUid: string;
  /** What the reader sees as the SEG's name: series description, else content label. */
  title: string;
  frameOfReferenceUid: string | null;
  rows: number;
  columns: number;
  bitsAllocated: number;
  segmentationType: "BINARY" | "FRACTIONAL" | "LABELMAP";
  maxFractionalValue: number;
  numberOfFrames: number;
  segments: SegSegment[];
  frames: SegFrame[];
  /** Referenced Series Sequence: the series the SEG was drawn on. */
  referencedSeriesUids: string[];
}

export class SegOverlayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SegOverlayError";
  }
}

export const SEG_SOP_CLASSES = new Set(["1.2.840.10008.5.1.4.1.1.66.4", "1.2.840.10008.5.1.4.1.1.66.7"]);

const values = (json: DicomJson | undefined, tag: string): unknown[] => json?.[tag]?.Value ?? [];
const firstValue = (json: DicomJson | undefined, tag: string): unknown => values(json, tag)[0];
const str = (json: DicomJson | undefined, tag: string): string => {
  const v = firstValue(json, tag);
  return v === undefined || v === null ? "" : String(v).trim();
};
const num = (json: DicomJson | undefined, tag: string): number | null => {
  const n = Number(firstValue(json, tag));
  return firstValue(json, tag) !== undefined && Number.isFinite(n) ? n : null;
};
const items = (json: DicomJson | undefined, tag: string): DicomJson[] => values(json, tag).filter((v): v is DicomJson => typeof v === "object" && v !== null);

/** A distinct colour for segments that recommend none (colour-blind-friendly Okabe-Ito, then Tableau 10). */
export const SEGMENT_PALETTE: Rgb[] = [
  [230, 159, 0],
  [86, 180, 233],
  [0, 158, 115],
  [240, 228, 66],
  [0, 114, 178],
  [213, 94, 0],
  [204, 121, 167],
  [225, 87, 89],
  [118, 183, 178],
  [176, 122, 161],
];

/**
 * Recommended Display CIELab Value (0062,000D) to sRGB. The three values are L*, a*, b* scaled to 0-65535
 * (PS3.3 C.10.7.1.1); the reference white is D65.
 */
export function dicomLabToRgb(lab: number[]): Rgb {
  const L = (lab[0]! * 100) / 65535;
  const a = (lab[1]! * 255) / 65535 - 128;
  const b = (lab[2]! * 255) / 65535 - 128;
  const fy = (L + 16) / 116;
  const fx = a / 500 + fy;
  const fz = fy - b / 200;
  const finv = (t: number) => (t ** 3 > 0.008856 ? t ** 3 : (t - 16 / 116) / 7.787);
  const x = finv(fx) * 0.95047;
  const y = finv(fy);
  const z = finv(fz) * 1.08883;
  const linear = [x * 3.2406 - y * 1.5372 - z * 0.4986, -x * 0.9689 + y * 1.8758 + z * 0.0415, x * 0.0557 - y * 0.204 + z * 1.057];
  const gamma = (c: number) => (c > 0.0031308 ? 1.055 * c ** (1 / 2.4) - 0.055 : 12.92 * c);
  return linear.map((c) => Math.round(Math.min(1, Math.max(0, gamma(c))) * 255)) as Rgb;
}

/**
 * Reads a SEG instance's WADO-RS metadata.
 * @throws SegOverlayError when the instance is not a segmentation this viewer can draw.
 */
export function readSegDocument(json: DicomJson): SegDocument {
  const sopClassUid = str(json, "00080016");
  if (sopClassUid && !SEG_SOP_CLASSES.has(sopClassUid)) throw new SegOverlayError("This object is not a segmentation (SEG).");
  const rows = num(json, "00280010") ?? 0;
  const columns = num(json, "00280011") ?? 0;
  const bitsAllocated = num(json, "00280100") ?? 0;
  if (!rows || !columns || !bitsAllocated) throw new SegOverlayError("This segmentation has no image size in its header.");
  const type = str(json, "00620001").toUpperCase();
  const segmentationType = type === "FRACTIONAL" || type === "LABELMAP" ? type : "BINARY";

  const segments = items(json, "00620002").map((s, index): SegSegment => {
    const number = num(s, "00620004") ?? index + 1;
    const lab = values(s, "0062000D").map(Number);
    return {
      number,
      label: str(s, "00620005") || `Segment ${number}`,
      color: lab.length === 3 && lab.every(Number.isFinite) ? dicomLabToRgb(lab) : SEGMENT_PALETTE[(number - 1) % SEGMENT_PALETTE.length]!,
    };
  });

  // Functional groups: what a frame does not say itself, the shared group says for all frames.
  const shared = items(json, "52009229")[0];
  const perFrame = items(json, "52009230");
  const numberOfFrames = num(json, "00280008") ?? Math.max(1, perFrame.length);
  const group = (frame: DicomJson | undefined, tag: string) => items(frame, tag)[0] ?? items(shared, tag)[0];
  const frames: SegFrame[] = [];
  for (let i = 0; i < numberOfFrames; i++) {
    const frame = perFrame[i];
    const source = items(items(frame, "00089124")[0] ?? items(shared, "00089124")[0], "00082112")[0];
    const position = values(group(frame, "00209113"), "00200032").map(Number);
    frames.push({
      frameNumber: i + 1,
      segmentNumber: segmentationType === "LABELMAP" ? null : num(group(frame, "0062000A"), "0062000B"),
      sourceSopInstanceUid: str(source, "00081155") || null,
      sourceFrameNumber: num(source, "00081160"),
      position: position.length === 3 && position.every(Number.isFinite) ? position : null,
    });
  }

  return {
    sopInstanceUid: str(json, "00080018"),
    seriesInstanceUid: str(json, "0020000E"),
    title: str(json, "0008103E") || str(json, "00700080") || "Segmentation",
    frameOfReferenceUid: str(json, "00200052") || null,
    rows,
    columns,
    bitsAllocated,
    segmentationType,
    maxFractionalValue: num(json, "0062000E") ?? 255,
    numberOfFrames,
    segments,
    frames,
    referencedSeriesUids: items(json, "00081115").map((s) => str(s, "0020000E")).filter(Boolean),
  };
}

/** One image of the displayed stack, as far as mapping SEG frames onto it needs. */
export interface StackImage {
  sopInstanceUid: string;
  /** 1-based frame of the source instance (1 for single-frame images). */
  frameNumber: number;
  position: number[] | null;
  rows: number;
  columns: number;
  frameOfReferenceUid: string | null;
}

/** Positions closer than this (mm) are the same plane: DS values are rounded differently by different writers. */
const POSITION_TOLERANCE_MM = 0.05;

/**
 * The stack index each SEG frame lies on (undefined when none): by the source image the frame says it was derived
 * from, else by its position in the same frame of reference.
 */
export function mapFramesToStack(doc: SegDocument, stack: StackImage[]): (number | undefined)[] {
  const bySource = new Map<string, number>();
  stack.forEach((image, index) => bySource.set(`${image.sopInstanceUid}|${image.frameNumber}`, index));
  const sameFrameOfReference = (image: StackImage) => !doc.frameOfReferenceUid || !image.frameOfReferenceUid || image.frameOfReferenceUid === doc.frameOfReferenceUid;
  return doc.frames.map((frame) => {
    if (frame.sourceSopInstanceUid) {
      const index = bySource.get(`${frame.sourceSopInstanceUid}|${frame.sourceFrameNumber ?? 1}`);
      if (index !== undefined) return index;
    }
    const position = frame.position;
    if (!position) return undefined;
    let best: number | undefined;
    let bestDistance = POSITION_TOLERANCE_MM;
    stack.forEach((image, index) => {
      if (!image.position || !sameFrameOfReference(image)) return;
      const distance = Math.hypot(image.position[0]! - position[0]!, image.position[1]! - position[1]!, image.position[2]! - position[2]!);
      if (distance <= bestDistance) {
        best = index;
        bestDistance = distance;
      }
    });
    return best;
  });
}

/**
 * The parts of a multipart/related answer (WADO-RS frames), in order.
 * @throws SegOverlayError when the body is not multipart.
 */
export function parseMultipart(body: Uint8Array, contentType: string): Uint8Array[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) throw new SegOverlayError("The server's answer has no multipart boundary.");
  const delimiter = new TextEncoder().encode(`--${boundary}`);
  const find = (from: number) => {
    outer: for (let i = from; i <= body.length - delimiter.length; i++) {
      for (let j = 0; j < delimiter.length; j++) if (body[i + j] !== delimiter[j]) continue outer;
      return i;
    }
    return -1;
  };
  const parts: Uint8Array[] = [];
  let at = find(0);
  while (at !== -1) {
    const afterDelimiter = at + delimiter.length;
    // "--boundary--" closes the body.
    if (body[afterDelimiter] === 0x2d && body[afterDelimiter + 1] === 0x2d) break;
    let headersEnd = -1;
    for (let i = afterDelimiter; i < body.length - 3; i++) {
      if (body[i] === 13 && body[i + 1] === 10 && body[i + 2] === 13 && body[i + 3] === 10) {
        headersEnd = i + 4;
        break;
      }
    }
    if (headersEnd === -1) break;
    const next = find(headersEnd);
    if (next === -1) break;
    // The CRLF before the next delimiter belongs to the delimiter.
    const end = next >= 2 && body[next - 2] === 13 && body[next - 1] === 10 ? next - 2 : next;
    parts.push(body.subarray(headersEnd, end));
    at = next;
  }
  return parts;
}

/** Bytes of one native (uncompressed) frame; single-bit frames come repacked from bit 0 (WADO-RS frames). */
export function frameByteLength(doc: SegDocument): number {
  return Math.ceil((doc.rows * doc.columns * doc.bitsAllocated) / 8);
}

/** Pixel indices of a frame that belong to a segment, grouped by segment number. */
function decodeFrame(doc: SegDocument, frame: SegFrame, bytes: Uint8Array): Map<number, number[]> {
  const pixels = doc.rows * doc.columns;
  const out = new Map<number, number[]>();
  const add = (segment: number, index: number) => {
    let list = out.get(segment);
    if (!list) out.set(segment, (list = []));
    list.push(index);
  };
  if (doc.segmentationType === "LABELMAP") {
    const wide = doc.bitsAllocated === 16;
    for (let i = 0; i < pixels; i++) {
      const value = wide ? bytes[2 * i]! | (bytes[2 * i + 1]! << 8) : bytes[i]!;
      if (value) add(value, i);
    }
    return out;
  }
  const segment = frame.segmentNumber;
  if (segment === null) return out;
  if (doc.bitsAllocated === 1) {
    for (let byte = 0; byte < bytes.length; byte++) {
      const bits = bytes[byte]!;
      if (!bits) continue;
      for (let bit = 0; bit < 8; bit++) {
        const index = byte * 8 + bit;
        if (bits & (1 << bit) && index < pixels) add(segment, index);
      }
    }
    return out;
  }
  // A labelmap holds a label, not a probability: a FRACTIONAL pixel counts from half the maximum on.
  const threshold = Math.max(1, doc.segmentationType === "FRACTIONAL" ? doc.maxFractionalValue / 2 : 1);
  for (let i = 0; i < pixels; i++) if (bytes[i]! >= threshold) add(segment, i);
  return out;
}

export interface LabelmapLayer {
  /** Stack index -> one label value per pixel (0 = none), only for slices the layer draws on. */
  slices: Map<number, Uint8Array>;
  /** Segment number -> label value in this layer (1-255). */
  labels: Map<number, number>;
}

export interface LayerPlan {
  layers: LabelmapLayer[];
  /** Segments with at least one pixel on the stack. */
  drawn: Set<number>;
}

/**
 * Packs the segments into as few labelmap layers as possible. A labelmap holds one label per pixel, so segments that
 * overlap (same pixel on the same slice) go into separate layers, drawn on top of each other: every segment stays
 * visible where it overlaps another.
 * @param frameBytes the native bytes of each SEG frame, by frame number - 1.
 */
export function planLayers(doc: SegDocument, frameBytes: Uint8Array[], stackIndexOfFrame: (number | undefined)[]): LayerPlan {
  const pixels = doc.rows * doc.columns;
  // Segment -> its pixels on each slice. Decoded into index lists, which are small next to whole slices.
  const pieces = new Map<number, { stackIndex: number; indices: number[] }[]>();
  doc.frames.forEach((frame, i) => {
    const stackIndex = stackIndexOfFrame[i];
    const bytes = frameBytes[i];
    if (stackIndex === undefined || !bytes) return;
    for (const [segment, indices] of decodeFrame(doc, frame, bytes)) {
      const list = pieces.get(segment) ?? [];
      list.push({ stackIndex, indices });
      pieces.set(segment, list);
    }
  });

  const layers: LabelmapLayer[] = [];
  const overlaps = (layer: LabelmapLayer, list: { stackIndex: number; indices: number[] }[]) =>
    list.some(({ stackIndex, indices }) => {
      const slice = layer.slices.get(stackIndex);
      return slice !== undefined && indices.some((i) => slice[i] !== 0);
    });
  for (const segment of [...pieces.keys()].sort((a, b) => a - b)) {
    const list = pieces.get(segment)!;
    let layer = layers.find((l) => l.labels.size < 255 && !overlaps(l, list));
    if (!layer) {
      layer = { slices: new Map(), labels: new Map() };
      layers.push(layer);
    }
    const label = layer.labels.size + 1;
    layer.labels.set(segment, label);
    for (const { stackIndex, indices } of list) {
      let slice = layer.slices.get(stackIndex);
      if (!slice) layer.slices.set(stackIndex, (slice = new Uint8Array(pixels)));
      for (const i of indices) slice[i] = label;
    }
  }
  return { layers, drawn: new Set(pieces.keys()) };
}

async function problemOf(response: Response, fallback: string): Promise<string> {
  const problem = (await response.json().catch(() => null)) as { error?: string } | null;
  return problem?.error ?? `${fallback} (HTTP ${response.status}).`;
}

/** The SEG instances of a series, from its WADO-RS metadata; instances that are not SEG are left out. */
export async function fetchSegDocuments(seriesUrl: string): Promise<SegDocument[]> {
  const response = await fetch(`${seriesUrl}/metadata`, { headers: { Accept: "application/dicom+json" } });
  if (!response.ok) throw new SegOverlayError(await problemOf(response, "The segmentation could not be listed"));
  const instances = (await response.json()) as DicomJson[];
  return instances.filter((i) => SEG_SOP_CLASSES.has(str(i, "00080016"))).map(readSegDocument);
}

/** Frame numbers per request: the frame list travels in the URL. */
const FRAMES_PER_REQUEST = 200;

/**
 * All frames of a SEG, uncompressed (the server decodes RLE; single-bit frames come repacked from bit 0).
 * @throws SegOverlayError when the server cannot send them uncompressed or sends something else.
 */
export async function fetchSegFrames(seriesUrl: string, doc: SegDocument): Promise<Uint8Array[]> {
  const frames: Uint8Array[] = [];
  const expected = frameByteLength(doc);
  for (let first = 1; first <= doc.numberOfFrames; first += FRAMES_PER_REQUEST) {
    const numbers = Array.from({ length: Math.min(FRAMES_PER_REQUEST, doc.numberOfFrames - first + 1) }, (_, i) => first + i);
    const response = await fetch(`${seriesUrl}/instances/${doc.sopInstanceUid}/frames/${numbers.join(",")}`, {
      headers: { Accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=1.2.840.10008.1.2.1' },
    });
    if (response.status === 406) throw new SegOverlayError("This segmentation is stored compressed in a form the viewer cannot read.");
    if (!response.ok) throw new SegOverlayError(await problemOf(response, "The segmentation's pixels could not be loaded"));
    const parts = parseMultipart(new Uint8Array(await response.arrayBuffer()), response.headers.get("content-type") ?? "");
    if (parts.length !== numbers.length || parts.some((p) => p.length < expected)) {
      throw new SegOverlayError("The server sent the segmentation's frames in an unexpected form.");
    }
    frames.push(...parts);
  }
  return frames;
}
