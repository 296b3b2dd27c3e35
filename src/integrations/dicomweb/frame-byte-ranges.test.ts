import { describe, expect, it } from "vitest";
import { frameByteRanges, parseStoredInstance, readFrame } from "./pixel-data";
import { daikonSample, sharedSample } from "./test-support/sample-files";
import { syntheticImage } from "./test-support/synthetic-image";
import { isNativeTransferSyntax } from "./transfer-syntax";

/** A frame as the fast path serves it: the file's bytes at the recorded ranges, concatenated. */
function fromRanges(file: Uint8Array, ranges: [number, number][]): Buffer {
  return Buffer.concat(ranges.map(([position, length]) => file.subarray(position, position + length)));
}

function expectRangesMatchParser(file: Uint8Array) {
  const instance = parseStoredInstance(file);
  const ranges = frameByteRanges(instance);
  expect(ranges).not.toBeNull();
  expect(ranges!.length).toBe(instance.pixel!.numberOfFrames);
  // Buffer.equals: a deep comparison of half a megabyte per frame would take seconds.
  ranges!.forEach((frame, i) => expect(fromRanges(file, frame).equals(Buffer.from(readFrame(instance, i + 1).bytes)), `frame ${i + 1}`).toBe(true));
  return instance;
}

describe("frameByteRanges", () => {
  it("are the parser's frames for the LIDC CT (native, explicit little endian)", () => {
    const instance = expectRangesMatchParser(sharedSample("radiology", "lidc-idri-0001", "000001.dcm"));
    expect(isNativeTransferSyntax(instance.transferSyntaxUid)).toBe(true);
  });

  it("are the parser's frames of a multi-frame native image", () => {
    expectRangesMatchParser(syntheticImage({ patientId: "P-1", study: "2.25.1", series: "2.25.2", frames: 5 }).bytes);
  });

  it.each(["explicit_little.dcm", "implicit_little.dcm", "jpeg_2000.dcm", "jpeg_ls.dcm", "jpeg_baseline_8bit.dcm", "jpeg_lossless_sel1.dcm", "rle.dcm"])(
    "are the parser's frames of %s (native and encapsulated)",
    (name) => {
      expectRangesMatchParser(daikonSample(name));
    },
  );

  it("are none where a frame is not a run of the file's bytes (big endian 16 bit, deflated, single-bit SEG)", () => {
    expect(frameByteRanges(parseStoredInstance(daikonSample("explicit_big.dcm")))).toBeNull();
    expect(frameByteRanges(parseStoredInstance(daikonSample("deflated.dcm")))).toBeNull();
    expect(frameByteRanges(parseStoredInstance(sharedSample("radiology", "dcmqi-ct-liver", "seg-partial-overlaps.dcm")))).toBeNull();
  });
});
