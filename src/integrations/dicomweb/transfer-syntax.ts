/** The transfer syntaxes the built-in image store accepts, and how their frames travel over WADO-RS. */
export const TS = {
  IMPLICIT_LITTLE: "1.2.840.10008.1.2",
  EXPLICIT_LITTLE: "1.2.840.10008.1.2.1",
  DEFLATED_LITTLE: "1.2.840.10008.1.2.1.99",
  EXPLICIT_BIG: "1.2.840.10008.1.2.2",
  RLE: "1.2.840.10008.1.2.5",
  JPEG_BASELINE: "1.2.840.10008.1.2.4.50",
  JPEG_EXTENDED: "1.2.840.10008.1.2.4.51",
  JPEG_LOSSLESS: "1.2.840.10008.1.2.4.57",
  JPEG_LOSSLESS_SV1: "1.2.840.10008.1.2.4.70",
  JPEG_LS_LOSSLESS: "1.2.840.10008.1.2.4.80",
  JPEG_LS_NEAR_LOSSLESS: "1.2.840.10008.1.2.4.81",
  JPEG_2000_LOSSLESS: "1.2.840.10008.1.2.4.90",
  JPEG_2000: "1.2.840.10008.1.2.4.91",
  HTJ2K_LOSSLESS: "1.2.840.10008.1.2.4.201",
  HTJ2K_LOSSLESS_RPCL: "1.2.840.10008.1.2.4.202",
  HTJ2K: "1.2.840.10008.1.2.4.203",
} as const;

const NATIVE = new Set<string>([TS.IMPLICIT_LITTLE, TS.EXPLICIT_LITTLE, TS.DEFLATED_LITTLE, TS.EXPLICIT_BIG]);
const SUPPORTED = new Set<string>(Object.values(TS));

/** Accepted on import: uncompressed, deflate, RLE, JPEG, JPEG-LS, JPEG 2000 and HTJ2K (what Cornerstone's codecs decode). */
export function isSupportedTransferSyntax(uid: string): boolean {
  return SUPPORTED.has(uid);
}

/** Uncompressed pixel data (after inflating a deflated file): frames are plain bytes. */
export function isNativeTransferSyntax(uid: string): boolean {
  return NATIVE.has(uid);
}

/** The media type of one compressed frame (PS3.18 table 8.7.3-5); application/octet-stream for native frames. */
export function frameMediaType(uid: string): string {
  switch (uid) {
    case TS.JPEG_BASELINE:
    case TS.JPEG_EXTENDED:
    case TS.JPEG_LOSSLESS:
    case TS.JPEG_LOSSLESS_SV1:
      return "image/jpeg";
    case TS.JPEG_LS_LOSSLESS:
    case TS.JPEG_LS_NEAR_LOSSLESS:
      return "image/jls";
    case TS.JPEG_2000_LOSSLESS:
    case TS.JPEG_2000:
      return "image/jp2";
    case TS.HTJ2K_LOSSLESS:
    case TS.HTJ2K_LOSSLESS_RPCL:
    case TS.HTJ2K:
      return "image/jphc";
    case TS.RLE:
      return "image/x-dicom-rle";
    default:
      return "application/octet-stream";
  }
}
