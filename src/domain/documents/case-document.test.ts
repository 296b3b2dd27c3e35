import { describe, expect, it } from "vitest";
import { checkDocumentType, formatByteSize, sniffDocumentType } from "./case-document";

const bytes = (...values: (number | string)[]) => new Uint8Array(values.flatMap((v) => (typeof v === "string" ? [...Buffer.from(v)] : [v])));

describe("sniffDocumentType", () => {
  it("knows a PDF by %PDF-, whatever the file is called", () => {
    expect(sniffDocumentType(bytes("%PDF-1.7\n%âãÏÓ"))).toEqual({ contentType: "application/pdf", extension: "pdf" });
  });
  it("knows PNG and JPEG images by their signatures", () => {
    expect(sniffDocumentType(bytes(0x89, "PNG", 0x0d, 0x0a, 0x1a, 0x0a, 0, 0))).toEqual({ contentType: "image/png", extension: "png" });
    expect(sniffDocumentType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toEqual({ contentType: "image/jpeg", extension: "jpg" });
  });
  it("refuses text, HTML, an empty file and a truncated signature", () => {
    expect(sniffDocumentType(bytes("Dear colleague, please find enclosed"))).toBeNull();
    expect(sniffDocumentType(bytes("<html><script>alert(1)</script>"))).toBeNull();
    expect(sniffDocumentType(new Uint8Array())).toBeNull();
    expect(sniffDocumentType(bytes("%PDF"))).toBeNull();
    expect(sniffDocumentType(bytes(" %PDF-1.4"))).toBeNull();
  });
});

describe("checkDocumentType", () => {
  const pdf = bytes("%PDF-1.4\n");
  const png = bytes(0x89, "PNG", 0x0d, 0x0a, 0x1a, 0x0a);
  it("accepts a file whose bytes are a PDF or image, when its name agrees or says nothing", () => {
    expect(checkDocumentType("report.PDF", pdf)).toEqual({ ok: true, type: { contentType: "application/pdf", extension: "pdf" } });
    expect(checkDocumentType("scan", png)).toMatchObject({ ok: true, type: { contentType: "image/png" } });
    expect(checkDocumentType("photo.jpeg", bytes(0xff, 0xd8, 0xff, 0xe1))).toMatchObject({ ok: true });
  });
  it("says a renamed file is not what its name claims", () => {
    expect(checkDocumentType("report.pdf", bytes("Dear colleague"))).toEqual({ ok: false, message: '"report.pdf" is not really a PDF file: only PDF documents (and PNG or JPEG images) can be attached.' });
    expect(checkDocumentType("report.pdf", png)).toEqual({ ok: false, message: '"report.pdf" is not really a PDF file (it is a PNG image): only PDF documents (and PNG or JPEG images) can be attached.' });
    expect(checkDocumentType("notes", bytes("plain text"))).toMatchObject({ ok: false, message: expect.stringContaining("is not a PDF or image") });
  });
  it("formats sizes for people", () => {
    expect(formatByteSize(20 * 1024 ** 2)).toBe("20 MiB");
    expect(formatByteSize(1536)).toBe("2 KiB");
    expect(formatByteSize(12)).toBe("12 bytes");
  });
});
