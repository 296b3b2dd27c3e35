import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TooManyPartsError, writeMultipart } from "./multipart";
import { spoolMultipart } from "./multipart-spool";

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), "concilium-spool-test-"));
});
afterAll(async () => rm(directory, { recursive: true, force: true }));

/** A request body as the network delivers it: in chunks of `size` bytes; `pulled()` says how much was asked for. */
function streamOf(body: Uint8Array, size: number): ReadableStream<Uint8Array> & { pulled: () => number } {
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= body.length) return controller.close();
      controller.enqueue(body.slice(at, at + size));
      at += size;
    },
  });
  return Object.assign(stream, { pulled: () => Math.min(at, body.length) });
}

const options = { maxParts: 100, maxBytes: 10 * 1024 * 1024, tooLarge: () => new Error("too large") };

describe("spoolMultipart", () => {
  it("writes the parts to one spool file and reads each back on its own; close() removes it", async () => {
    const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 31) % 251);
    const small = new TextEncoder().encode("second");
    const { body, boundary } = writeMultipart([
      { contentType: "application/dicom", body: big, headers: { "Content-Location": "big.dcm" } },
      { contentType: "application/dicom", body: small },
      { contentType: "application/dicom", body: new Uint8Array(0) },
    ]);
    const spool = await spoolMultipart(streamOf(body, 65_536), boundary, { ...options, directory });
    expect(spool.parts.map((p) => [p.headers["content-location"], p.size])).toEqual([
      ["big.dcm", big.length],
      [undefined, small.length],
      [undefined, 0],
    ]);
    expect(await readdir(directory)).toHaveLength(1);
    expect(Buffer.from(await spool.parts[1]!.read()).toString()).toBe("second");
    expect(Buffer.from(await spool.parts[0]!.read()).equals(Buffer.from(big))).toBe(true);
    expect((await spool.parts[2]!.read()).length).toBe(0);
    await spool.close();
    expect(await readdir(directory)).toEqual([]);
  });

  it("stops at the part limit and at the size limit, leaving nothing on disk", async () => {
    const many = writeMultipart(Array.from({ length: 150 }, () => ({ contentType: "application/dicom", body: new Uint8Array(1) })));
    const sent = streamOf(many.body, 1000);
    await expect(spoolMultipart(sent, many.boundary, { ...options, directory })).rejects.toThrow(TooManyPartsError);
    // Read to the end all the same, so that the sender gets the answer instead of a reset connection.
    expect(sent.pulled()).toBe(many.body.length);
    const large = writeMultipart([{ contentType: "application/dicom", body: new Uint8Array(20_000) }]);
    await expect(spoolMultipart(streamOf(large.body, 4096), large.boundary, { ...options, maxBytes: 10_000, directory })).rejects.toThrow("too large");
    await expect(spoolMultipart(streamOf(large.body.subarray(0, 5000), 4096), large.boundary, { ...options, directory })).rejects.toThrow("cut off");
    expect(await readdir(directory)).toEqual([]);
  });
});
