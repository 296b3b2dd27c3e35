import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedDemoDataPath } from "@/integrations/demo-data/locate-demo-data";
import { writeMultipart } from "@/integrations/dicomweb/multipart";
import { parseStoredInstance, readFrame } from "@/integrations/dicomweb/pixel-data";
import type { PacsConfig } from "./pacs-config";
import { PacsUnavailableError } from "./pacs-client";
import { readSeriesFrames, type FrameSink } from "./series-frames";

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
/** How the PACS frames its answer: chunked transfer coding (Node's default), or a Content-Length. */
let framing: "chunked" | "length" = "chunked";
/** The PACS's status and content type instead of a series (a refusal, an error). */
let refusal: { status: number; type: string } | null = null;
let pacs: PacsConfig;

beforeAll(async () => {
  server = createServer((_req, res) => {
    if (refusal) {
      res.writeHead(refusal.status, { "Content-Type": refusal.type });
      res.end("{}");
      return;
    }
    const { body, boundary } = writeMultipart(answer.map((file) => ({ contentType: "application/dicom", body: file })));
    const length = cutAfter ?? body.length;
    res.writeHead(200, { "Content-Type": `multipart/related; type="application/dicom"; boundary=${boundary}`, ...(framing === "length" ? { "Content-Length": body.length } : {}) });
    for (let at = 0; at < length; at += chunkSize) res.write(body.subarray(at, Math.min(at + chunkSize, length)));
    if (cutAfter === null) res.end();
    else setTimeout(() => res.socket?.destroy(), 20);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  pacs = { name: "test", baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, authorization: null, timeoutMs: 10_000 };
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

interface Received {
  sop: string;
  transferSyntaxUid: string;
  bytes: Buffer;
}

/** A sink that places each frame in new memory and counts what it placed, received and was given back. */
function collecting() {
  const frames: Received[] = [];
  const counts = { placed: 0, abandoned: 0 };
  const sink: FrameSink<{ bytes: Buffer }> = {
    place: (length) => {
      counts.placed++;
      return { bytes: Buffer.alloc(length) };
    },
    arrived: (frame, place) => frames.push({ ...frame, bytes: place.bytes }),
    abandon: () => void counts.abandoned++,
  };
  return { frames, counts, sink };
}

async function read(transport?: "socket" | "client"): Promise<Received[]> {
  const { frames, sink } = collecting();
  await readSeriesFrames(pacs, "1.2.3", "1.2.3.4", sink, transport);
  return frames;
}

describe("a series read in one request, cut into frames as it arrives", () => {
  it("gives each instance's pixels, as the stored file's frame, whatever the chunks, read from the socket or through Node's client", async () => {
    for (const transport of ["socket", "client"] as const) {
      for (const size of [65536, 997, 131, 1 << 20]) {
        chunkSize = size;
        const frames = await read(transport);
        const what = `${transport}, chunks of ${size}`;
        expect(frames.map((f) => f.sop), what).toEqual(expected.map((e) => e.sop));
        expect(frames.every((f, i) => f.bytes.equals(expected[i]!.pixels)), what).toBe(true);
        expect(frames.every((f) => f.transferSyntaxUid === "1.2.840.10008.1.2.1")).toBe(true);
      }
    }
  });

  it("reads an answer framed by its Content-Length as well as a chunked one", async () => {
    framing = "length";
    try {
      for (const size of [65536, 997]) {
        chunkSize = size;
        const frames = await read("socket");
        expect(frames.every((f, i) => f.bytes.equals(expected[i]!.pixels)), `chunks of ${size}`).toBe(true);
        expect(frames).toHaveLength(files.length);
      }
    } finally {
      framing = "chunked";
    }
  });

  it("says so when the PACS refuses the credentials or answers something other than the series", async () => {
    for (const transport of ["socket", "client"] as const) {
      refusal = { status: 401, type: "text/plain" };
      try {
        await expect(read(transport), transport).rejects.toBeInstanceOf(PacsUnavailableError);
        await expect(read(transport), transport).rejects.toThrow(/refused Concilium's credentials/);
        refusal = { status: 200, type: "application/dicom+json" };
        await expect(read(transport), transport).rejects.toThrow(/answered the series retrieve with HTTP 200 \(application\/dicom\+json\)/);
      } finally {
        refusal = null;
      }
    }
  });

  it("stops at an instance that is cut short, says so, and gives back the place it took for that frame", async () => {
    chunkSize = 65536;
    answer = [files[0]!, files[1]!.subarray(0, files[1]!.length - 1000)];
    try {
      const { frames, counts, sink } = collecting();
      await expect(readSeriesFrames(pacs, "1.2.3", "1.2.3.4", sink)).rejects.toThrow(/not native single frames/);
      expect(frames.map((f) => f.sop)).toEqual([expected[0]!.sop]);
      expect(counts).toEqual({ placed: 2, abandoned: 1 });
    } finally {
      answer = files;
    }
  });

  it("fails, with the frames before the cut handed on, when the PACS drops the connection mid-answer", async () => {
    chunkSize = 65536;
    // Past the first instance, inside the second.
    cutAfter = files[0]!.length + 200_000;
    try {
      for (const transport of ["socket", "client"] as const) {
        const { frames, counts, sink } = collecting();
        await expect(readSeriesFrames(pacs, "1.2.3", "1.2.3.4", sink, transport), transport).rejects.toThrow(/cut off/);
        expect(frames.map((f) => f.sop), transport).toEqual([expected[0]!.sop]);
        expect(counts, transport).toEqual({ placed: 2, abandoned: 1 });
      }
    } finally {
      cutAfter = null;
    }
  });

  it("says the PACS cannot be reached when nothing listens", async () => {
    const nobody = { ...pacs, baseUrl: "http://127.0.0.1:9/dicom-web" };
    await expect(readSeriesFrames(nobody, "1.2.3", "1.2.3.4", collecting().sink)).rejects.toThrow(/cannot be reached/);
  });
});
