import { describe, expect, it } from "vitest";
import { formatMediaType, parseAccept, parseMediaType } from "./media-type";
import { MultipartError, MultipartReader, multipartStream, newBoundary, parseMultipart, TooManyPartsError, writeMultipart, type MultipartPart, type OutgoingPart } from "./multipart";

const bytes = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));
const text = (body: Uint8Array) => Buffer.from(body).toString("latin1");

describe("multipart/related", () => {
  it("round-trips binary parts, including ones that contain CRLF and dashes", () => {
    const first = new Uint8Array(1000).map((_, i) => i % 256);
    const second = bytes("\r\n--not-the-boundary\r\n\r\n");
    const { body, boundary } = writeMultipart([
      { contentType: "application/dicom", body: first },
      { contentType: "application/dicom", body: second, headers: { "Content-Location": "b.dcm" } },
      { contentType: "application/dicom", body: new Uint8Array(0) },
    ]);
    const parts = parseMultipart(body, boundary);
    expect(parts.map((p) => p.headers["content-type"])).toEqual(["application/dicom", "application/dicom", "application/dicom"]);
    expect(Buffer.from(parts[0]!.body).equals(Buffer.from(first))).toBe(true);
    expect(text(parts[1]!.body)).toBe(text(second));
    expect(parts[1]!.headers["content-location"]).toBe("b.dcm");
    expect(parts[2]!.body.length).toBe(0);
  });

  it("writes what Cornerstone's extractMultipart expects: the delimiter first, Content-Type, a blank line, the bytes", () => {
    const { body, boundary } = writeMultipart([{ contentType: "application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1", body: bytes("PIXELS") }], "b1");
    expect(boundary).toBe("b1");
    expect(text(body)).toBe("--b1\r\nContent-Type: application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1\r\n\r\nPIXELS\r\n--b1--\r\n");
  });

  it("tolerates a preamble and bare LF line ends", () => {
    const parts = parseMultipart(bytes("preamble\n--xx\nContent-Type: a/b\n\nONE\n--xx\nContent-Type: c/d\n\nTWO\n--xx--"), "xx");
    expect(parts.map((p) => [p.headers["content-type"], text(p.body)])).toEqual([
      ["a/b", "ONE"],
      ["c/d", "TWO"],
    ]);
  });

  it("refuses a body without its boundary or cut off before the closing delimiter", () => {
    expect(() => parseMultipart(bytes("no parts here"), "xx")).toThrow(MultipartError);
    expect(() => parseMultipart(bytes("--xx\r\nContent-Type: a/b\r\n\r\nhalf a fi"), "xx")).toThrow("cut off");
  });
});

/** Feeds `body` to a reader in pieces of the given sizes (cycled) and collects the parts. */
function parseInChunks(body: Uint8Array, boundary: string, sizes: number[], maxParts?: number): MultipartPart[] {
  const reader = new MultipartReader(boundary, { maxParts });
  const parts: MultipartPart[] = [];
  let pieces: Buffer[] = [];
  let headers: Record<string, string> = {};
  for (let at = 0, i = 0; at < body.length; i++) {
    const size = sizes[i % sizes.length]!;
    // A copy, then scribbled over: the reader must not keep views into chunks it was given.
    const chunk = Buffer.from(body.subarray(at, at + size));
    for (const event of reader.write(chunk)) {
      if (event.type === "part") [headers, pieces] = [event.headers, []];
      else if (event.type === "data") pieces.push(Buffer.from(event.bytes));
      else parts.push({ headers, body: new Uint8Array(Buffer.concat(pieces)) });
    }
    chunk.fill(0x2d);
    at += size;
  }
  reader.end();
  return parts;
}

describe("boundaries", () => {
  it("are 128 random bits each, never repeated, across many answers", () => {
    const boundaries = Array.from({ length: 2000 }, () => newBoundary());
    expect(new Set(boundaries).size).toBe(boundaries.length);
    for (const boundary of boundaries) expect(boundary).toMatch(/^concilium-[0-9a-f]{32}$/);
  });
});

describe("streaming multipart reader", () => {
  const files: OutgoingPart[] = [
    { contentType: "application/dicom", body: new Uint8Array(5000).map((_, i) => (i * 7) % 256) },
    { contentType: "application/dicom", body: bytes("\r\n--concilium-b\r\n-\r\n--concilium-") },
    { contentType: "application/dicom", body: new Uint8Array(0) },
    { contentType: "application/dicom", body: bytes("\r") },
  ];
  const { body } = writeMultipart(files, "concilium-bnd");

  it("finds the same parts whatever the chunking, with boundaries split across chunks", () => {
    const whole = parseMultipart(body, "concilium-bnd");
    expect(whole.map((p) => text(p.body))).toEqual(files.map((f) => text(f.body)));
    for (const sizes of [[1], [2], [3, 5], [13], [16], [17, 1, 4], [18], [19, 33], [64], [4096]]) {
      const parts = parseInChunks(body, "concilium-bnd", sizes);
      expect(parts.map((p) => text(p.body)), `chunks of ${sizes.join(",")}`).toEqual(files.map((f) => text(f.body)));
      expect(parts.every((p) => p.headers["content-type"] === "application/dicom")).toBe(true);
    }
  });

  it("hands on a long body as views into the chunks given, not as copies of them", () => {
    const big = new Uint8Array(200_000).map((_, i) => (i * 13) % 251);
    const { body: whole } = writeMultipart([{ contentType: "application/dicom", body: big }], "concilium-bnd");
    const reader = new MultipartReader("concilium-bnd");
    const chunks = Array.from({ length: Math.ceil(whole.length / 65536) }, (_, i) => Buffer.from(whole.subarray(i * 65536, (i + 1) * 65536)));
    const pieces: Uint8Array[] = [];
    const fromMiddleChunk: boolean[] = [];
    for (const chunk of chunks) {
      for (const event of reader.write(chunk)) {
        if (event.type !== "data") continue;
        pieces.push(Buffer.from(event.bytes));
        if (chunk === chunks[1]) fromMiddleChunk.push(event.bytes.buffer === chunk.buffer);
      }
    }
    reader.end();
    expect(Buffer.concat(pieces).equals(Buffer.from(big))).toBe(true);
    // The second chunk: the few bytes held back from the first, then the chunk itself where it lies.
    expect(fromMiddleChunk).toEqual([false, true]);
  });

  it("skips a preamble and an epilogue, also when they are split", () => {
    const framed = bytes(`This is the preamble.\r\n${text(body)}and an epilogue --concilium-bnd\r\nContent-Type: x/y\r\n\r\nignored`);
    for (const sizes of [[1], [7], [100000]]) expect(parseInChunks(framed, "concilium-bnd", sizes).map((p) => text(p.body))).toEqual(files.map((f) => text(f.body)));
  });

  it("reads an empty part whose writer left out the line break before the next delimiter", () => {
    const parts = parseMultipart(bytes("--b\r\nContent-Type: a/b\r\n\r\n--b\r\n\r\nX\r\n--b--"), "b");
    expect(parts.map((p) => [p.headers["content-type"], text(p.body)])).toEqual([
      ["a/b", ""],
      [undefined, "X"],
    ]);
  });

  it("refuses more parts than allowed, and headers that never end", () => {
    const many = bytes(`${"--b\r\n\r\n\r\n".repeat(11)}--b--`);
    expect(parseMultipart(many, "b", { maxParts: 11 })).toHaveLength(11);
    expect(() => parseMultipart(many, "b", { maxParts: 10 })).toThrow(TooManyPartsError);
    expect(() => parseMultipart(many, "b", { maxParts: 10 })).toThrow("more than 10 parts");
    expect(() => parseInChunks(bytes(`--b\r\nX-Long: ${"a".repeat(20_000)}`), "b", [1000])).toThrow(/headers of part 1 are longer than 16 KiB/);
  });

  it("takes linear time: 40,000 empty parts in one body and in small chunks", () => {
    const empties = bytes(`${"--b\r\n\r\n\r\n".repeat(40_000)}--b--\r\n`);
    const started = performance.now();
    expect(parseMultipart(empties, "b")).toHaveLength(40_000);
    expect(parseInChunks(empties, "b", [1400])).toHaveLength(40_000);
    // The quadratic parser took about 15 s for this; a linear pass takes milliseconds (generous for a busy machine).
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it("writes a response part by part that reads back like writeMultipart's", async () => {
    let taken = 0;
    function* lazily() {
      for (const file of files) {
        taken++;
        yield file;
      }
    }
    const stream = multipartStream(lazily(), "concilium-bnd");
    expect(taken).toBe(0);
    const streamed = new Uint8Array(await new Response(stream).arrayBuffer());
    expect(taken).toBe(files.length);
    expect(Buffer.from(streamed).equals(Buffer.from(body))).toBe(true);
  });
});

describe("media types and Accept", () => {
  it("parses parameters with and without quotes", () => {
    expect(parseMediaType('multipart/related; type="application/dicom"; boundary=abc')).toEqual({
      type: "multipart/related",
      params: { type: "application/dicom", boundary: "abc" },
    });
  });

  it("orders an Accept header by q and keeps quoted commas together", () => {
    const accept = parseAccept('image/png;q=0.5, multipart/related; type="application/octet-stream"; transfer-syntax=*, */*;q=0.1');
    expect(accept.map((m) => m.type)).toEqual(["multipart/related", "image/png", "*/*"]);
    expect(accept[0]!.params).toEqual({ type: "application/octet-stream", "transfer-syntax": "*" });
    expect(parseAccept(null)).toEqual([]);
  });

  it("formats with quotes where needed", () => {
    expect(formatMediaType("multipart/related", { type: "application/dicom", boundary: "b" })).toBe('multipart/related; type="application/dicom"; boundary=b');
  });
});
