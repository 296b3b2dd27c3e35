/** DICOM RLE (PS3.5 annex G): one frame back to native little-endian bytes, samples interleaved. */
import type { PixelModule } from "./pixel-data";

export class RleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RleError";
  }
}

/** PackBits: n >= 0 copies n + 1 bytes, -127..-1 repeats the next byte 1 - n times, -128 is a no-op. */
function decodeSegment(source: Uint8Array, target: Uint8Array, start: number, step: number, count: number) {
  let written = 0;
  let i = 0;
  while (written < count && i < source.length) {
    const n = (source[i++]! << 24) >> 24;
    if (n >= 0) {
      for (let k = 0; k <= n && written < count && i < source.length; k++) target[start + step * written++] = source[i++]!;
    } else if (n !== -128) {
      const value = source[i++]!;
      for (let k = 0; k < 1 - n && written < count; k++) target[start + step * written++] = value;
    }
  }
  if (written < count) throw new RleError("The RLE-compressed frame is shorter than the image.");
}

export function decodeRleFrame(encoded: Uint8Array, pixel: PixelModule): Uint8Array {
  const bytesPerSample = pixel.bitsAllocated / 8;
  if (!Number.isInteger(bytesPerSample)) throw new RleError("RLE images with single-bit pixels are not supported.");
  if (encoded.length < 64) throw new RleError("The RLE-compressed frame has no header.");
  const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  const segments = view.getUint32(0, true);
  const samples = pixel.samplesPerPixel;
  if (segments !== samples * bytesPerSample) throw new RleError(`The RLE header lists ${segments} segments; ${samples * bytesPerSample} were expected.`);
  const pixels = pixel.rows * pixel.columns;
  const out = new Uint8Array(pixels * samples * bytesPerSample);
  const offsets = Array.from({ length: segments }, (_, s) => view.getUint32(4 + 4 * s, true));
  for (let s = 0; s < segments; s++) {
    const begin = offsets[s]!;
    const end = s + 1 < segments ? offsets[s + 1]! : encoded.length;
    if (begin < 64 || end > encoded.length || end < begin) throw new RleError("The RLE header points outside the frame.");
    // Segments run sample by sample, most significant byte first; the output is little endian and interleaved.
    const sample = Math.floor(s / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - (s % bytesPerSample);
    decodeSegment(encoded.subarray(begin, end), out, sample * bytesPerSample + byteInSample, samples * bytesPerSample, pixels);
  }
  return out;
}
