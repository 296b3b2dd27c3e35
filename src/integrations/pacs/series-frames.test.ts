import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedDemoDataPath } from "@/integrations/demo-data/locate-demo-data";
import { writeMultipart } from "@/integrations/dicomweb/multipart";
import { parseStoredInstance, readFrame } from "@/integrations/dicomweb/pixel-data";
import type { PacsConfig } from "./pacs-config";
import { readSeriesFrames, type SeriesFrame } from "./series-frames";

// Real LIDC instances, sent as a PACS sends a series (multipart/related), in chunks of a size the test chooses: the
// reader must find each instance's header and pixels wherever the chunks cut them.
const files = ["000001.dcm", "000002.dcm", "000003.dcm"].map((file) => readFileSync(sharedDemoDataPath(["radiology", "lidc-idri-0001", file])));
const expected = files.map((file) => {
  const instance = parseStoredInstance(file);
  return { sop: instance.dataSet.string("x00080018")!.trim(), pixels: Buffer.from(readFrame(instance, 1).bytes) };
});

let server: Server;
let chunkSize = 65536;
let answer: Uint8Array[] = files;
/** Bytes after which the PACS drops the connection mid-answer (null: the whole answer). */
let cutAfter: number | null = null;
let pacs: PacsConfig;

beforeAll(async () => {
  server = createServer((_req, res) => {
    const { body, boundary } = writeMultipart(answer.map((file) => ({ contentType: "application/dicom", body: file })));
    res.writeHead(200, { "Content-Type": `multipart/related; type="application/dicom"; boundary=${boundary}` });
    const length = cutAfter ?? body.length;
    for (let at = 0; at < length; at += chunkSize) res.write(body.subarray(at, Math.min(at + chunkSize, length)));
    if (cutAfter === null) res.end();
    else setTimeout(() => res.socket?.destroy(), 20);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  pacs = { name: "test", baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, authorization: null, timeoutMs: 10_000 };
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function read(): Promise<SeriesFrame[]> {
  const frames: SeriesFrame[] = [];
  await readSeriesFrames(pacs, "1.2.3", "1.2.3.4", (frame) => frames.push(frame));
  return frames;
}

const pixelsOf = (frame: SeriesFrame) => Buffer.concat(frame.parts);

describe("a series read in one request, cut into frames as it arrives", () => {
  it("gives each instance's pixels, as the stored file's frame, whatever the chunks", async () => {
    for (const size of [65536, 997, 131, 1 << 20]) {
      chunkSize = size;
      const frames = await read();
      expect(frames.map((f) => f.sop), `chunks of ${size}`).toEqual(expected.map((e) => e.sop));
      expect(frames.every((f, i) => pixelsOf(f).equals(expected[i]!.pixels)), `chunks of ${size}`).toBe(true);
      expect(frames.every((f) => f.transferSyntaxUid === "1.2.840.10008.1.2.1")).toBe(true);
    }
  });

  it("hands on the pixels as the pieces of the PACS's chunks that hold them, never copied into new memory", async () => {
    chunkSize = 4096;
    const frames = await read();
    for (const [i, frame] of frames.entries()) {
      expect(pixelsOf(frame).equals(expected[i]!.pixels)).toBe(true);
      expect(frame.parts.reduce((n, part) => n + part.length, 0)).toBe(frame.length);
      // A socket is read 64 KiB at a time at most: a 512 KiB frame in one buffer would have been copied.
      expect(frame.parts.length).toBeGreaterThan(1);
      expect(frame.parts.every((part) => part.buffer.byteLength <= 65536)).toBe(true);
    }
  });

  it("stops at an instance that is cut short, and says so", async () => {
    chunkSize = 65536;
    answer = [files[0]!, files[1]!.subarray(0, files[1]!.length - 1000)];
    try {
      const frames: SeriesFrame[] = [];
      await expect(readSeriesFrames(pacs, "1.2.3", "1.2.3.4", (frame) => frames.push(frame))).rejects.toThrow(/not native single frames/);
      expect(frames.map((f) => f.sop)).toEqual([expected[0]!.sop]);
    } finally {
      answer = files;
    }
  });

  it("fails, with the frames before the cut handed on, when the PACS drops the connection mid-answer", async () => {
    chunkSize = 65536;
    // Past the first instance, inside the second.
    cutAfter = files[0]!.length + 200_000;
    try {
      const frames: SeriesFrame[] = [];
      await expect(readSeriesFrames(pacs, "1.2.3", "1.2.3.4", (frame) => frames.push(frame))).rejects.toThrow();
      expect(frames.map((f) => f.sop)).toEqual([expected[0]!.sop]);
    } finally {
      cutAfter = null;
    }
  });
});
