/** Content negotiation for WADO-RS frames and rendered images, from the request's Accept header. */
import { parseAccept, type MediaType } from "./media-type";
import { frameMediaType, isNativeTransferSyntax, TS } from "./transfer-syntax";

export interface FrameDelivery {
  /** "as-is": the stored frame (native bytes or the compressed bitstream); "decode": RLE decoded to native. */
  mode: "as-is" | "decode";
  /** Content-Type of each part, with its transfer-syntax parameter. */
  partContentType: string;
  /** The `type` parameter of the multipart response. */
  partMediaType: string;
  transferSyntaxUid: string;
}

const UNCOMPRESSED_REQUESTS = new Set<string>([TS.EXPLICIT_LITTLE, TS.IMPLICIT_LITTLE]);

function deliver(mode: FrameDelivery["mode"], mediaType: string, transferSyntaxUid: string): FrameDelivery {
  return { mode, partMediaType: mediaType, transferSyntaxUid, partContentType: `${mediaType}; transfer-syntax=${transferSyntaxUid}` };
}

function fromRange(range: MediaType, stored: string): FrameDelivery | null {
  const native = isNativeTransferSyntax(stored) || stored === TS.EXPLICIT_LITTLE;
  if (range.type === "*/*" || range.type === "multipart/*") return deliver("as-is", "application/octet-stream", stored);
  if (range.type !== "multipart/related") return null;
  const type = (range.params.type ?? "application/octet-stream").toLowerCase();
  const wanted = range.params["transfer-syntax"];
  if (type === "*/*" || type === "*") return deliver("as-is", "application/octet-stream", stored);
  if (type === "application/octet-stream") {
    if (wanted === "*" || wanted === stored) return deliver("as-is", type, stored);
    // Without transfer-syntax the default is Explicit VR Little Endian (PS3.18 8.7.3.5.2).
    if (wanted === undefined || UNCOMPRESSED_REQUESTS.has(wanted)) {
      if (native) return deliver("as-is", type, TS.EXPLICIT_LITTLE);
      if (stored === TS.RLE) return deliver("decode", type, TS.EXPLICIT_LITTLE);
    }
    return null;
  }
  if (!native && type === frameMediaType(stored) && (wanted === undefined || wanted === "*" || wanted === stored)) return deliver("as-is", type, stored);
  return null;
}

/**
 * How to send a frame stored in `stored` (Explicit VR Little Endian for native pixel data), or null when nothing the
 * client accepts can be produced (406). No Accept header means "as stored".
 */
export function negotiateFrames(acceptHeader: string | null, stored: string): FrameDelivery | null {
  const ranges = parseAccept(acceptHeader);
  if (ranges.length === 0) return fromRange({ type: "*/*", params: {} }, stored);
  for (const range of ranges) {
    const delivery = fromRange(range, stored);
    if (delivery) return delivery;
  }
  return null;
}

/** PNG or JPEG for /rendered and /thumbnail; JPEG when the client takes any image; null when neither is accepted. */
export function negotiateRendered(acceptHeader: string | null): "png" | "jpeg" | null {
  const ranges = parseAccept(acceptHeader);
  if (ranges.length === 0) return "jpeg";
  for (const { type } of ranges) {
    if (type === "image/png") return "png";
    if (type === "image/jpeg") return "jpeg";
    if (type === "image/*" || type === "*/*") return "jpeg";
  }
  return null;
}
