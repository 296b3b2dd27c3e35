import { describe, expect, it } from "vitest";
import { frameMediaType, isNativeTransferSyntax, isSupportedTransferSyntax, TS } from "./transfer-syntax";

describe("transfer syntaxes", () => {
  it("accepts uncompressed, deflate, RLE, JPEG, JPEG-LS, JPEG 2000 and HTJ2K and nothing else", () => {
    for (const uid of Object.values(TS)) expect(isSupportedTransferSyntax(uid)).toBe(true);
    expect(isSupportedTransferSyntax("1.2.840.10008.1.2.4.100")).toBe(false); // MPEG-2
    expect(isSupportedTransferSyntax("1.2.840.10008.1.2.4.92")).toBe(false); // JPEG 2000 multi-component
  });

  it("tells native from encapsulated and names the frame media type", () => {
    expect(isNativeTransferSyntax(TS.EXPLICIT_BIG)).toBe(true);
    expect(isNativeTransferSyntax(TS.RLE)).toBe(false);
    expect(frameMediaType(TS.JPEG_2000)).toBe("image/jp2");
    expect(frameMediaType(TS.HTJ2K)).toBe("image/jphc");
    expect(frameMediaType(TS.JPEG_LOSSLESS_SV1)).toBe("image/jpeg");
    expect(frameMediaType(TS.RLE)).toBe("image/x-dicom-rle");
    expect(frameMediaType(TS.IMPLICIT_LITTLE)).toBe("application/octet-stream");
  });
});
