import { describe, expect, it } from "vitest";
import { negotiateFrames, negotiateRendered } from "./negotiation";
import { TS } from "./transfer-syntax";

const CORNERSTONE = "multipart/related; type=application/octet-stream; transfer-syntax=*";

describe("negotiateFrames", () => {
  it("sends native frames as little-endian octet streams", () => {
    for (const accept of [null, CORNERSTONE, 'multipart/related; type="application/octet-stream"', "*/*"]) {
      expect(negotiateFrames(accept, TS.EXPLICIT_LITTLE)).toMatchObject({ mode: "as-is", partContentType: `application/octet-stream; transfer-syntax=${TS.EXPLICIT_LITTLE}` });
    }
  });

  it("sends compressed frames as stored when the client takes any transfer syntax or that media type", () => {
    expect(negotiateFrames(CORNERSTONE, TS.JPEG_2000)).toMatchObject({ mode: "as-is", partContentType: `application/octet-stream; transfer-syntax=${TS.JPEG_2000}` });
    expect(negotiateFrames('multipart/related; type="image/jp2"', TS.JPEG_2000)).toMatchObject({ partContentType: `image/jp2; transfer-syntax=${TS.JPEG_2000}` });
    expect(negotiateFrames(null, TS.JPEG_LOSSLESS_SV1)?.transferSyntaxUid).toBe(TS.JPEG_LOSSLESS_SV1);
  });

  it("decodes RLE when uncompressed frames are required, and refuses other codecs (406)", () => {
    const uncompressed = 'multipart/related; type="application/octet-stream"';
    expect(negotiateFrames(uncompressed, TS.RLE)).toMatchObject({ mode: "decode", transferSyntaxUid: TS.EXPLICIT_LITTLE });
    expect(negotiateFrames(uncompressed, TS.JPEG_2000)).toBeNull();
    expect(negotiateFrames('multipart/related; type="image/jpeg"', TS.JPEG_2000)).toBeNull();
    expect(negotiateFrames("application/json", TS.EXPLICIT_LITTLE)).toBeNull();
  });
});

describe("negotiateRendered", () => {
  it("picks PNG or JPEG from the Accept header", () => {
    expect(negotiateRendered(null)).toBe("jpeg");
    expect(negotiateRendered("image/png")).toBe("png");
    expect(negotiateRendered("image/avif,image/webp,image/apng,image/*,*/*;q=0.8")).toBe("jpeg");
    expect(negotiateRendered("image/webp,image/png;q=0.9")).toBe("png");
    expect(negotiateRendered("application/dicom")).toBeNull();
  });
});
