import { describe, expect, it } from "vitest";
import { FrameError, nativeFrameLength, parseStoredInstance, readFrame } from "./pixel-data";
import { daikonSample, sharedSample } from "./test-support/sample-files";
import { TS } from "./transfer-syntax";

const startsWith = (bytes: Uint8Array, ...prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

describe("readFrame", () => {
  it("cuts uncompressed single-bit SEG frames from bit 0 (multi-frame)", () => {
    const instance = parseStoredInstance(sharedSample("radiology", "dcmqi-ct-liver", "seg-partial-overlaps.dcm"));
    expect(instance.pixel).toMatchObject({ rows: 512, columns: 512, bitsAllocated: 1, numberOfFrames: 7 });
    for (let n = 1; n <= 7; n++) {
      const frame = readFrame(instance, n);
      expect(frame.bytes.length).toBe((512 * 512) / 8);
      expect(frame.transferSyntaxUid).toBe(TS.EXPLICIT_LITTLE);
    }
    // The liver SEG's frames hold a segmentation: some bits are set.
    expect(readFrame(instance, 1).bytes.some((b) => b !== 0)).toBe(true);
    expect(() => readFrame(instance, 8)).toThrow(FrameError);
    expect(() => readFrame(instance, 0)).toThrow("Frame 0 does not exist: this image has 7 frame(s).");
  });

  it("cuts 8-bit multi-frame native pixel data frame by frame", () => {
    const instance = parseStoredInstance(daikonSample("explicit_little.dcm"));
    expect(instance.pixel?.numberOfFrames).toBe(16);
    const frames = [1, 2, 16].map((n) => readFrame(instance, n).bytes);
    for (const frame of frames) expect(frame.length).toBe(256 * 256);
    expect(Buffer.from(frames[0]!).equals(Buffer.from(frames[1]!))).toBe(false);
  });

  it("returns 16-bit native frames little endian, swapping big endian files", () => {
    const little = readFrame(parseStoredInstance(daikonSample("volume", "brain_001.dcm")), 1);
    expect(little.bytes.length).toBe(256 * 256 * 2);
    const big = parseStoredInstance(daikonSample("explicit_big.dcm"));
    const frame = readFrame(big, 1);
    expect(frame.transferSyntaxUid).toBe(TS.EXPLICIT_LITTLE);
    expect(frame.bytes.length).toBe(nativeFrameLength(big.pixel!));
    const element = big.dataSet.elements.x7fe00010!;
    const first = big.dataSet.byteArray.subarray(element.dataOffset, element.dataOffset + 2);
    expect([frame.bytes[0], frame.bytes[1]]).toEqual([first[1], first[0]]);
  });

  it("returns encapsulated frames unchanged with their transfer syntax", () => {
    const j2k = readFrame(parseStoredInstance(daikonSample("jpeg_2000.dcm")), 1);
    expect(j2k.transferSyntaxUid).toBe(TS.JPEG_2000);
    expect(startsWith(j2k.bytes, 0xff, 0x4f, 0xff, 0x51)).toBe(true); // J2K codestream: SOC, SIZ

    const lossless = readFrame(parseStoredInstance(daikonSample("jpeg_lossless_sel1.dcm")), 1);
    expect(lossless.transferSyntaxUid).toBe(TS.JPEG_LOSSLESS_SV1);
    expect(startsWith(lossless.bytes, 0xff, 0xd8)).toBe(true); // SOI

    const rle = readFrame(parseStoredInstance(daikonSample("rle.dcm")), 1);
    expect(rle.transferSyntaxUid).toBe(TS.RLE);
    expect(new DataView(rle.bytes.buffer, rle.bytes.byteOffset).getUint32(0, true)).toBe(2); // two byte segments
  });

  it("finds each frame of multi-frame JPEG", () => {
    const instance = parseStoredInstance(daikonSample("jpeg_baseline_8bit.dcm"));
    expect(instance.pixel?.numberOfFrames).toBe(96);
    for (const n of [1, 50, 96]) expect(startsWith(readFrame(instance, n).bytes, 0xff, 0xd8)).toBe(true);
  });

  it("says when an object has no pixel data", () => {
    const sr = parseStoredInstance(sharedSample("ai-results", "highdicom-tid1500", "sr_document.dcm"));
    expect(sr.pixel).toBeNull();
    expect(() => readFrame(sr, 1)).toThrow("This object has no image (pixel data).");
  });
});
