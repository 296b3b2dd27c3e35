/**
 * GET /api/dicomweb/studies/{study}/series/{series}/instances/{instance}/frames/{list} on the fast path: the frames
 * as byte ranges of the stored file, in the multipart/related answer of the full route (retrieveFrames) with the
 * same transfer-syntax negotiation. Frames that need decoding for the client (RLE to native) go to the full route.
 * One uncompressed frame goes gzipped to a client that accepts it, once ./compressed-frames.ts has it ready.
 */
import { parseFrameList } from "@/integrations/dicomweb/frame-list";
import { formatMediaType } from "@/integrations/dicomweb/media-type";
import { newBoundary } from "@/integrations/dicomweb/multipart";
import { negotiateFrames } from "@/integrations/dicomweb/negotiation";
import { isNativeTransferSyntax, TS } from "@/integrations/dicomweb/transfer-syntax";
import { isValidUid } from "@/integrations/dicomweb/uid";
import { getPrisma } from "@/server/db";
import { ROUTE_POLICIES } from "@/server/http/route-policies";
import { auditImageRead } from "@/server/services/imaging/read-audit";
import type { FastRoute } from "./fast-answer";
import { grantFast } from "./fast-grant";
import { acceptsGzip } from "./accepts-gzip";
import { compressFrameLater, gzippedFrameAnswer, KEPT_ANSWER_BOUNDARY } from "./compressed-frames";
import { readFrameRanges } from "./read-frames";
import { sourceOf } from "./request-source";
import { storedInstanceFrames } from "./stored-instances";

export const FRAMES_PATH = /^\/api\/dicomweb\/studies\/([^/]+)\/series\/([^/]+)\/instances\/([^/]+)\/frames\/([^/]+)$/;

export const serveFramesFast: FastRoute = async (request, match) => {
  const [, study, series, instance, list] = match as unknown as [string, string, string, string, string];
  if (![study, series, instance].every(isValidUid)) return null;
  const parsed = parseFrameList(list);
  if ("error" in parsed) return null;
  const db = await getPrisma();
  const granted = await grantFast(db, ROUTE_POLICIES["dicomweb.study"], request.header("cookie"), study, sourceOf(request));
  if (!granted) return null;
  const stored = await storedInstanceFrames(db, study, series, instance);
  if (!stored?.ranges || stored.patientId !== granted.access.patientId) return null;
  const ranges = stored.ranges;
  if (parsed.numbers.some((n) => n > ranges.length)) return null;
  // As the full route: native frames travel as Explicit VR Little Endian, compressed ones as stored.
  const frameSyntax = isNativeTransferSyntax(stored.transferSyntaxUid) ? TS.EXPLICIT_LITTLE : stored.transferSyntaxUid;
  const delivery = negotiateFrames(request.header("accept") ?? null, frameSyntax);
  if (!delivery || delivery.mode !== "as-is") return null;
  await auditImageRead(db, granted.user, { patientId: stored.patientId, studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: instance, resource: "frames" });
  const contentType = (boundary: string) => formatMediaType("multipart/related", { type: delivery.partMediaType, "transfer-syntax": delivery.transferSyntaxUid, boundary });
  // The answer varies with Accept-Encoding: a browser's cache must not hand a gzipped copy to a client that cannot read it.
  const vary = { Vary: "Accept-Encoding" };
  const oneNativeFrame = parsed.numbers.length === 1 && isNativeTransferSyntax(stored.transferSyntaxUid);
  const frameKey = `${stored.file}#${parsed.numbers[0]}`;
  const gzipWanted = oneNativeFrame && acceptsGzip(request.header("accept-encoding"));
  if (gzipWanted) {
    const gzipped = gzippedFrameAnswer(frameKey, delivery.partContentType);
    if (gzipped) return { contentType: contentType(KEPT_ANSWER_BOUNDARY), body: gzipped, headers: { ...vary, "Content-Encoding": "gzip" } };
  }
  const frames = await readFrameRanges(stored.file, ranges, parsed.numbers);
  // Compressed only for a client that can take it: nobody else would ever be sent the gzip.
  if (gzipWanted) compressFrameLater(frameKey, delivery.partContentType, frames[0]!);
  const boundary = newBoundary();
  const head = Buffer.from(`--${boundary}\r\nContent-Type: ${delivery.partContentType}\r\n\r\n`, "latin1");
  const between = Buffer.from(`\r\n`, "latin1");
  const body: Buffer[] = [];
  for (const frame of frames) body.push(head, frame, between);
  body.push(Buffer.from(`--${boundary}--\r\n`, "latin1"));
  return { contentType: contentType(boundary), body, headers: vary };
};
