import { describe, expect, it } from "vitest";
import { formatMediaType, parseAccept, parseMediaType } from "./media-type";
import { MultipartError, parseMultipart, writeMultipart } from "./multipart";

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
