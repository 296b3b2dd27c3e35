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
import { auditImageRead, imageReadAudited } from "@/server/services/imaging/read-audit";
import type { FastAnswer, FastRequest, FastRoute } from "./fast-answer";
import { grantFast, grantFromMemory } from "./fast-grant";
import { acceptsGzip } from "./accepts-gzip";
import { compressFrameLater, gzippedFrameAnswer, KEPT_ANSWER_BOUNDARY } from "./compressed-frames";
import { cachedFrames, readFrameRanges } from "./read-frames";
import { sourceOf } from "./request-source";
import { storedInstanceFrames, storedInstanceFramesFromMemory, type StoredInstanceFrames } from "./stored-instances";

export const FRAMES_PATH = /^\/api\/dicomweb\/studies\/([^/]+)\/series\/([^/]+)\/instances\/([^/]+)\/frames\/([^/]+)$/;

const policy = ROUTE_POLICIES["dicomweb.study"];

interface FramesRequest {
  request: FastRequest;
  study: string;
  series: string;
  instance: string;
  numbers: number[];
}

export const serveFramesFast: FastRoute = (request, match) => {
  const [, study, series, instance, list] = match as unknown as [string, string, string, string, string];
  if (![study, series, instance].every(isValidUid)) return null;
  const parsed = parseFrameList(list);
  if ("error" in parsed) return null;
  const asked = { request, study, series, instance, numbers: parsed.numbers };
  return framesFromMemory(asked) ?? framesFromStore(asked);
};

/** The frames a viewer asks for after its first ones: access, instance, frames and this minute's audit all in memory. */
function framesFromMemory(asked: FramesRequest): FastAnswer | undefined {
  const granted = grantFromMemory(policy, asked.request.header("cookie"), asked.study);
  if (!granted || !imageReadAudited(granted.user.id, asked.series)) return undefined;
  const stored = storedInstanceFramesFromMemory(asked.study, asked.series, asked.instance);
  const plan = stored && framesPlan(asked, stored, granted.access.patientId);
  if (!plan) return undefined;
  if (plan.gzipWanted) {
    const gzipped = gzippedFrameAnswer(plan.frameKey, plan.delivery.partContentType);
    if (gzipped) return gzippedAnswer(plan, gzipped);
  }
  const frames = cachedFrames(plan.stored.file, asked.numbers);
  if (!frames) return undefined;
  if (plan.gzipWanted) compressFrameLater(plan.frameKey, plan.delivery.partContentType, frames[0]!);
  return framesAnswer(plan, frames);
}

async function framesFromStore(asked: FramesRequest): Promise<FastAnswer | null> {
  const db = await getPrisma();
  const granted = await grantFast(db, policy, asked.request.header("cookie"), asked.study, sourceOf(asked.request));
  if (!granted) return null;
  const stored = await storedInstanceFrames(db, asked.study, asked.series, asked.instance);
  const plan = stored && framesPlan(asked, stored, granted.access.patientId);
  if (!plan) return null;
  await auditImageRead(db, granted.user, { patientId: plan.stored.patientId, studyInstanceUid: asked.study, seriesInstanceUid: asked.series, sopInstanceUid: asked.instance, resource: "frames" });
  if (plan.gzipWanted) {
    const gzipped = gzippedFrameAnswer(plan.frameKey, plan.delivery.partContentType);
    if (gzipped) return gzippedAnswer(plan, gzipped);
  }
  const frames = await readFrameRanges(plan.stored.file, plan.ranges, asked.numbers);
  // Compressed only for a client that can take it: nobody else would ever be sent the gzip.
  if (plan.gzipWanted) compressFrameLater(plan.frameKey, plan.delivery.partContentType, frames[0]!);
  return framesAnswer(plan, frames);
}

// A viewer sends the same Accept with each of its hundreds of frame requests: parsed once per header and syntax.
const deliveries = new Map<string, ReturnType<typeof negotiateFrames>>();
function framesDelivery(accept: string | null, frameSyntax: string) {
  // No Accept and an empty one negotiate alike (as any type); a header spelled "null" must not meet either.
  const key = `${frameSyntax}\0${accept ?? ""}`;
  let delivery = deliveries.get(key);
  if (delivery === undefined) {
    delivery = negotiateFrames(accept, frameSyntax);
    // Bounded: Accept is the client's to choose.
    if (deliveries.size >= 256) deliveries.clear();
    deliveries.set(key, delivery);
  }
  return delivery;
}

/** How these frames are answered, or null when the full route is to answer (not byte ranges, another patient, out of range, needs decoding). */
function framesPlan(asked: FramesRequest, stored: StoredInstanceFrames, grantedPatientId: string | null) {
  const ranges = stored.ranges;
  if (!ranges || stored.patientId !== grantedPatientId || asked.numbers.some((n) => n > ranges.length)) return null;
  // As the full route: native frames travel as Explicit VR Little Endian, compressed ones as stored.
  const frameSyntax = isNativeTransferSyntax(stored.transferSyntaxUid) ? TS.EXPLICIT_LITTLE : stored.transferSyntaxUid;
  const delivery = framesDelivery(asked.request.header("accept") ?? null, frameSyntax);
  if (!delivery || delivery.mode !== "as-is") return null;
  const oneNativeFrame = asked.numbers.length === 1 && isNativeTransferSyntax(stored.transferSyntaxUid);
  return {
    stored,
    ranges,
    delivery,
    frameKey: `${stored.file}#${asked.numbers[0]}`,
    gzipWanted: oneNativeFrame && acceptsGzip(asked.request.header("accept-encoding")),
  };
}

type FramesPlan = NonNullable<ReturnType<typeof framesPlan>>;

const contentTypeOf = (plan: FramesPlan, boundary: string) =>
  formatMediaType("multipart/related", { type: plan.delivery.partMediaType, "transfer-syntax": plan.delivery.transferSyntaxUid, boundary });
// The answer varies with Accept-Encoding: a browser's cache must not hand a gzipped copy to a client that cannot read it.
const VARY = { Vary: "Accept-Encoding" };

function gzippedAnswer(plan: FramesPlan, gzipped: Buffer): FastAnswer {
  return { contentType: contentTypeOf(plan, KEPT_ANSWER_BOUNDARY), body: gzipped, headers: { ...VARY, "Content-Encoding": "gzip" } };
}

function framesAnswer(plan: FramesPlan, frames: Buffer[]): FastAnswer {
  const boundary = newBoundary();
  const head = Buffer.from(`--${boundary}\r\nContent-Type: ${plan.delivery.partContentType}\r\n\r\n`, "latin1");
  const between = Buffer.from(`\r\n`, "latin1");
  const body: Buffer[] = [];
  for (const frame of frames) body.push(head, frame, between);
  body.push(Buffer.from(`--${boundary}--\r\n`, "latin1"));
  return { contentType: contentTypeOf(plan, boundary), body, headers: VARY };
}
