/**
 * Frames of a stored instance, as WADO-RS returns them: native pixel data cut into frames (little endian, single bits
 * repacked from bit 0) or the encapsulated (compressed) bitstream of one frame, unchanged.
 */
import type { DataSet, Element } from "dicom-parser";
import { DicomParseError } from "@/integrations/dicom/read-dicom-header";
import { dicomParser } from "./dicom-parser";
import { isNativeTransferSyntax, TS } from "./transfer-syntax";

export interface PixelModule {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  photometricInterpretation: string;
  planarConfiguration: number;
  numberOfFrames: number;
}

export interface StoredInstance {
  dataSet: DataSet;
  transferSyntaxUid: string;
  /** Null for objects without pixel data (SR, presentation states). */
  pixel: PixelModule | null;
}

export type FrameErrorCode = "NO_PIXEL_DATA" | "NO_SUCH_FRAME" | "UNREADABLE";

export class FrameError extends Error {
  constructor(
    readonly code: FrameErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "FrameError";
  }
}

export interface Frame {
  bytes: Uint8Array;
  /** The frame's encoding: Explicit VR Little Endian for native pixel data, else the file's (compressed) syntax. */
  transferSyntaxUid: string;
}

const PIXEL_TAGS = ["x7fe00010", "x7fe00008", "x7fe00009"];

function text(dataSet: DataSet, tag: string): string {
  return dataSet.string(tag)?.trim() ?? "";
}

function readPixelModule(dataSet: DataSet): PixelModule | null {
  if (!PIXEL_TAGS.some((tag) => dataSet.elements[tag])) return null;
  const rows = dataSet.uint16("x00280010") ?? 0;
  const columns = dataSet.uint16("x00280011") ?? 0;
  const bitsAllocated = dataSet.uint16("x00280100") ?? 0;
  if (!rows || !columns || !bitsAllocated) return null;
  return {
    rows,
    columns,
    samplesPerPixel: dataSet.uint16("x00280002") ?? 1,
    bitsAllocated,
    bitsStored: dataSet.uint16("x00280101") ?? bitsAllocated,
    pixelRepresentation: dataSet.uint16("x00280103") ?? 0,
    photometricInterpretation: text(dataSet, "x00280004").toUpperCase() || "MONOCHROME2",
    planarConfiguration: dataSet.uint16("x00280006") ?? 0,
    numberOfFrames: Math.max(1, Number.parseInt(text(dataSet, "x00280008") || "1", 10) || 1),
  };
}

/** Parses a whole stored Part 10 file, pixel data included (dicom-parser keeps offsets; nothing is copied). */
export function parseStoredInstance(bytes: Uint8Array): StoredInstance {
  const input = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let dataSet: DataSet;
  try {
    dataSet = dicomParser.parseDicom(input);
  } catch (thrown) {
    const detail = thrown instanceof Error ? thrown.message : typeof thrown === "string" ? thrown : "unreadable";
    throw new DicomParseError("MALFORMED", `The stored DICOM file cannot be read: ${detail}`);
  }
  return { dataSet, transferSyntaxUid: text(dataSet, "x00020010"), pixel: readPixelModule(dataSet) };
}

/**
 * Parses the start of a stored Part 10 file up to its pixel data element: the element's offset and length are read,
 * not its value. Null while `prefix` does not yet reach the pixel data (or the file has none, or cannot be read), so
 * that a file arriving in pieces can be read as soon as its header is here.
 */
export function parseInstanceUntilPixelData(prefix: Uint8Array): (StoredInstance & { pixelData: Element }) | null {
  const input = Buffer.isBuffer(prefix) ? prefix : Buffer.from(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  let dataSet: DataSet;
  try {
    dataSet = dicomParser.parseDicom(input, { untilTag: "x7fe00010" });
  } catch {
    return null;
  }
  const pixelData = dataSet.elements.x7fe00010;
  if (!pixelData) return null;
  return { dataSet, transferSyntaxUid: text(dataSet, "x00020010"), pixel: readPixelModule(dataSet), pixelData };
}

function pixelElement(instance: StoredInstance): Element {
  const element = PIXEL_TAGS.map((tag) => instance.dataSet.elements[tag]).find((e) => e !== undefined);
  if (!element || !instance.pixel) throw new FrameError("NO_PIXEL_DATA", "This object has no image (pixel data).");
  return element;
}

function checkFrameNumber(frameNumber: number, pixel: PixelModule) {
  if (!Number.isInteger(frameNumber) || frameNumber < 1 || frameNumber > pixel.numberOfFrames) {
    throw new FrameError("NO_SUCH_FRAME", `Frame ${frameNumber} does not exist: this image has ${pixel.numberOfFrames} frame(s).`);
  }
}

/** Bits of one frame of native pixel data. YBR_FULL_422 stores two samples per pixel. */
function frameBits(pixel: PixelModule): number {
  const samples = pixel.photometricInterpretation === "YBR_FULL_422" ? 2 : pixel.samplesPerPixel;
  return pixel.rows * pixel.columns * samples * pixel.bitsAllocated;
}

function isBigEndian(instance: StoredInstance): boolean {
  return instance.transferSyntaxUid === TS.EXPLICIT_BIG;
}

function nativeFrame(instance: StoredInstance, element: Element, frameNumber: number): Uint8Array {
  const pixel = instance.pixel!;
  const bits = frameBits(pixel);
  const data = instance.dataSet.byteArray;
  const start = element.dataOffset;
  const end = Math.min(start + element.length, data.length);
  if (pixel.bitsAllocated === 1) {
    // Single-bit frames (SEG) are packed end to end, so frame n may start mid-byte: repack it from bit 0.
    const firstBit = (frameNumber - 1) * bits;
    const out = new Uint8Array(Math.ceil(bits / 8));
    if (start + Math.ceil((firstBit + bits) / 8) > end) throw new FrameError("UNREADABLE", "The image's pixel data is shorter than its header says.");
    const shift = firstBit % 8;
    const from = start + Math.floor(firstBit / 8);
    for (let i = 0; i < out.length; i++) {
      const low = data[from + i]! >> shift;
      const high = shift && from + i + 1 < end ? (data[from + i + 1]! << (8 - shift)) & 0xff : 0;
      out[i] = low | high;
    }
    const tail = bits % 8;
    if (tail) out[out.length - 1]! &= (1 << tail) - 1;
    return out;
  }
  const size = bits / 8;
  const from = start + (frameNumber - 1) * size;
  if (from + size > end) throw new FrameError("UNREADABLE", "The image's pixel data is shorter than its header says.");
  const frame = data.subarray(from, from + size);
  const bytesPerSample = pixel.bitsAllocated / 8;
  if (!isBigEndian(instance) || bytesPerSample === 1) return frame;
  const swapped = new Uint8Array(size);
  for (let i = 0; i < size; i += bytesPerSample) {
    for (let j = 0; j < bytesPerSample; j++) swapped[i + j] = frame[i + bytesPerSample - 1 - j]!;
  }
  return swapped;
}

const JPEG_FAMILY = new Set<string>([
  TS.JPEG_BASELINE,
  TS.JPEG_EXTENDED,
  TS.JPEG_LOSSLESS,
  TS.JPEG_LOSSLESS_SV1,
  TS.JPEG_LS_LOSSLESS,
  TS.JPEG_LS_NEAR_LOSSLESS,
  TS.JPEG_2000_LOSSLESS,
  TS.JPEG_2000,
  TS.HTJ2K_LOSSLESS,
  TS.HTJ2K_LOSSLESS_RPCL,
  TS.HTJ2K,
]);

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Ends with the JPEG / JPEG-LS EOI or JPEG 2000 EOC marker (FFD9), allowing one byte of even-length padding. */
function endsAnImage(fragment: Uint8Array): boolean {
  const n = fragment.length;
  return (n >= 2 && fragment[n - 2] === 0xff && fragment[n - 1] === 0xd9) || (n >= 3 && fragment[n - 3] === 0xff && fragment[n - 2] === 0xd9 && fragment[n - 1] === 0);
}

/** A run of bytes of the stored file: [position, length]. */
export type ByteRange = [number, number];

function encapsulatedRanges(instance: StoredInstance, element: Element, frameNumber: number): ByteRange[] {
  const pixel = instance.pixel!;
  const data = instance.dataSet.byteArray;
  const fragments = (element.fragments ?? []).map((f) => ({ offset: f.offset, range: [f.position, f.length] as ByteRange }));
  if (fragments.length === 0) throw new FrameError("UNREADABLE", "The image's compressed pixel data has no fragments.");
  const frames = pixel.numberOfFrames;
  if (frames === 1) return fragments.map((f) => f.range);

  const offsets = element.basicOffsetTable ?? [];
  if (offsets.length === frames) {
    const from = offsets[frameNumber - 1]!;
    const to = frameNumber < frames ? offsets[frameNumber]! : Number.POSITIVE_INFINITY;
    return fragments.filter((f) => f.offset >= from && f.offset < to).map((f) => f.range);
  }
  if (fragments.length === frames) return [fragments[frameNumber - 1]!.range];
  if (JPEG_FAMILY.has(instance.transferSyntaxUid)) {
    // No offset table and several fragments per frame: a frame ends with the fragment that ends the codestream.
    let current: ByteRange[] = [];
    let index = 0;
    for (const fragment of fragments) {
      current.push(fragment.range);
      const [position, length] = fragment.range;
      if (endsAnImage(data.subarray(position, position + length))) {
        index += 1;
        if (index === frameNumber) return current;
        current = [];
      }
    }
  }
  throw new FrameError("UNREADABLE", `Frame ${frameNumber} cannot be located in the compressed pixel data (no offset table).`);
}

function encapsulatedFrame(instance: StoredInstance, element: Element, frameNumber: number): Uint8Array {
  const data = instance.dataSet.byteArray;
  return concat(encapsulatedRanges(instance, element, frameNumber).map(([position, length]) => data.subarray(position, position + length)));
}

/**
 * Where every frame lies in the stored file, so that a frame can be served as a byte range without parsing the file
 * again; null when a frame is not a plain run of the file's bytes (single-bit or big-endian native data, a deflated
 * file, no pixel data). @throws FrameError when a compressed frame cannot be located.
 */
export function frameByteRanges(instance: StoredInstance): ByteRange[][] | null {
  const element = PIXEL_TAGS.map((tag) => instance.dataSet.elements[tag]).find((e) => e !== undefined);
  const pixel = instance.pixel;
  if (!element || !pixel) return null;
  const numbers = Array.from({ length: pixel.numberOfFrames }, (_, i) => i + 1);
  if (isNativeTransferSyntax(instance.transferSyntaxUid) || !element.encapsulatedPixelData) {
    if (pixel.bitsAllocated === 1 || instance.transferSyntaxUid === TS.DEFLATED_LITTLE) return null;
    if (isBigEndian(instance) && pixel.bitsAllocated > 8) return null;
    const size = frameBits(pixel) / 8;
    if (element.dataOffset + size * pixel.numberOfFrames > Math.min(element.dataOffset + element.length, instance.dataSet.byteArray.length)) return null;
    return numbers.map((n) => [[element.dataOffset + (n - 1) * size, size]]);
  }
  return numbers.map((n) => encapsulatedRanges(instance, element, n));
}

/** One frame (1-based). @throws FrameError */
export function readFrame(instance: StoredInstance, frameNumber: number): Frame {
  const element = pixelElement(instance);
  checkFrameNumber(frameNumber, instance.pixel!);
  if (isNativeTransferSyntax(instance.transferSyntaxUid) || !element.encapsulatedPixelData) {
    return { bytes: nativeFrame(instance, element, frameNumber), transferSyntaxUid: TS.EXPLICIT_LITTLE };
  }
  return { bytes: encapsulatedFrame(instance, element, frameNumber), transferSyntaxUid: instance.transferSyntaxUid };
}

/** The number of bytes one native frame has (rounded up to whole bytes for single-bit frames). */
export function nativeFrameLength(pixel: PixelModule): number {
  return Math.ceil(frameBits(pixel) / 8);
}
