/**
 * Server-side decoding of the compressed frames the viewer also decodes (JPEG 2000, HTJ2K, JPEG-LS, JPEG lossless), so
 * that thumbnails and rendered images work for every transfer syntax the store accepts. The same WebAssembly codecs as
 * Cornerstone's image loader, each instantiated once on first use (a few tens of ms) and kept: a decoder object is
 * made and freed per frame, so the module's memory grows to the largest frame seen and stays there. A codestream
 * that makes the codec abort leaves its module unusable, so a failed decode drops the module and the next call
 * instantiates a fresh one.
 */
import { createRequire } from "node:module";
import { TS } from "./transfer-syntax";

const require = createRequire(import.meta.url);

interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean };
  delete(): void;
}
type DecoderModule = Record<string, new () => WasmDecoder>;

const modules = new Map<string, Promise<DecoderModule>>();

function loadModule(specifier: string): Promise<DecoderModule> {
  let loaded = modules.get(specifier);
  if (!loaded) {
    const factory = require(specifier) as (overrides: { print: (text: string) => void }) => Promise<DecoderModule>;
    // OpenJPEG prints three [INFO] lines per frame: kept out of the server's log.
    loaded = factory({ print: () => undefined });
    modules.set(specifier, loaded);
  }
  return loaded;
}

async function decodeWithWasm(specifier: string, decoderName: string, bytes: Uint8Array): Promise<Uint8Array> {
  const codec = await loadModule(specifier);
  let decoder: WasmDecoder | undefined;
  try {
    decoder = new codec[decoderName]!();
    decoder.getEncodedBuffer(bytes.length).set(bytes);
    decoder.decode();
    // The decoded buffer is a view into WebAssembly memory: copy it before the decoder is freed.
    return new Uint8Array(decoder.getDecodedBuffer());
  } catch (error) {
    modules.delete(specifier);
    throw error;
  } finally {
    try {
      decoder?.delete();
    } catch {
      // an aborted module cannot free; it has been dropped above
    }
  }
}

async function decodeJpegLossless(bytes: Uint8Array, bitsAllocated: number): Promise<Uint8Array> {
  const { Decoder } = await import("@cornerstonejs/jpeg-lossless-decoder-js");
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const decoded = new Decoder().decode(buffer, 0, buffer.byteLength, bitsAllocated > 8 ? 2 : 1) as Uint8Array | Uint16Array;
  return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
}

/** Whether decodeFrame can turn frames of this transfer syntax into native pixels. */
export function isDecodableOnServer(transferSyntaxUid: string): boolean {
  return DECODERS.has(transferSyntaxUid);
}

type FrameDecoder = (bytes: Uint8Array, bitsAllocated: number) => Promise<Uint8Array>;
const j2k: FrameDecoder = (bytes) => decodeWithWasm("@cornerstonejs/codec-openjpeg/decodewasmjs", "J2KDecoder", bytes);
const htj2k: FrameDecoder = (bytes) => decodeWithWasm("@cornerstonejs/codec-openjph/wasmjs", "HTJ2KDecoder", bytes);
const jpegLs: FrameDecoder = (bytes) => decodeWithWasm("@cornerstonejs/codec-charls/decodewasmjs", "JpegLSDecoder", bytes);
const DECODERS = new Map<string, FrameDecoder>([
  [TS.JPEG_2000_LOSSLESS, j2k],
  [TS.JPEG_2000, j2k],
  [TS.HTJ2K_LOSSLESS, htj2k],
  [TS.HTJ2K_LOSSLESS_RPCL, htj2k],
  [TS.HTJ2K, htj2k],
  [TS.JPEG_LS_LOSSLESS, jpegLs],
  [TS.JPEG_LS_NEAR_LOSSLESS, jpegLs],
  [TS.JPEG_LOSSLESS, decodeJpegLossless],
  [TS.JPEG_LOSSLESS_SV1, decodeJpegLossless],
]);

/** Native little-endian, colour-by-pixel samples of one compressed frame. */
export async function decodeFrame(transferSyntaxUid: string, bytes: Uint8Array, bitsAllocated: number): Promise<Uint8Array> {
  const decoder = DECODERS.get(transferSyntaxUid);
  if (!decoder) throw new Error(`No server-side decoder for transfer syntax ${transferSyntaxUid}.`);
  return decoder(bytes, bitsAllocated);
}
