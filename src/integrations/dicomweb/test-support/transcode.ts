/**
 * Compressed copies of a real uncompressed slice, made at test time: JPEG 2000 and JPEG-LS by GDCM's gdcmconv (Debian
 * libgdcm-tools, an encoder independent of the codecs that decode them), HTJ2K by OpenJPH's encoder (no Debian tool
 * writes HTJ2K yet). Nothing derived from the shared data is committed.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { data } from "dcmjs";
import { TS } from "../transfer-syntax";

const { DicomMessage } = data;

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** The same image under new series and instance UIDs, so that several copies can sit in one store. */
export function withNewUids(bytes: Uint8Array, uids: { series: string; instance: string }): Uint8Array {
  const dicom = DicomMessage.readFile(toArrayBuffer(bytes));
  dicom.upsertTag("0020000E", "UI", [uids.series]);
  dicom.upsertTag("00080018", "UI", [uids.instance]);
  dicom.meta["00020003"] = { vr: "UI", Value: [uids.instance] };
  return new Uint8Array(dicom.write());
}

export function hasGdcmconv(): boolean {
  try {
    execFileSync("gdcmconv", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Runs gdcmconv with `args` (e.g. ["--j2k"]) on a copy of the file and returns its output. */
export function gdcmconv(bytes: Uint8Array, args: string[]): Uint8Array {
  const dir = mkdtempSync(path.join(tmpdir(), "concilium-transcode-"));
  try {
    const input = path.join(dir, "in.dcm");
    const output = path.join(dir, "out.dcm");
    writeFileSync(input, bytes);
    execFileSync("gdcmconv", [...args, input, output], { stdio: "pipe" });
    return new Uint8Array(readFileSync(output));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Htj2kEncoder {
  getDecodedBuffer(info: { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean; isUsingColorTransform: boolean }): Uint8Array;
  setQuality(lossless: boolean, quantizationStep: number): void;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete(): void;
}

/** A single-frame, single-sample native file re-encoded as HTJ2K lossless (transfer syntax 1.2.840.10008.1.2.4.201). */
export async function htj2kLossless(bytes: Uint8Array): Promise<Uint8Array> {
  const dicom = DicomMessage.readFile(toArrayBuffer(bytes));
  const dict = dicom.dict;
  const value = (tag: string) => dict[tag]!.Value![0] as number;
  const pixels = new Uint8Array((dict["7FE00010"]!.Value as ArrayBuffer[])[0]!);
  const require = createRequire(import.meta.url);
  const codec = await (require("@cornerstonejs/codec-openjph/wasmjs") as () => Promise<{ HTJ2KEncoder: new () => Htj2kEncoder }>)();
  const encoder = new codec.HTJ2KEncoder();
  try {
    const info = { width: value("00280011"), height: value("00280010"), bitsPerSample: value("00280101"), componentCount: 1, isSigned: value("00280103") === 1, isUsingColorTransform: false };
    encoder.getDecodedBuffer(info).set(pixels);
    encoder.setQuality(true, 0);
    encoder.encode();
    const encoded = new Uint8Array(encoder.getEncodedBuffer());
    // Fragments have an even length.
    const fragment = new Uint8Array(encoded.length + (encoded.length % 2));
    fragment.set(encoded);
    dict["7FE00010"] = { vr: "OB", Value: [toArrayBuffer(fragment)] };
    dicom.meta["00020010"] = { vr: "UI", Value: [TS.HTJ2K_LOSSLESS] };
    return new Uint8Array(dicom.write());
  } finally {
    encoder.delete();
  }
}
