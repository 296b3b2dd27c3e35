/**
 * The PACS's frames as the proxy keeps them: in memory once proxied, one request to the PACS per frame however many
 * readers ask for it at once, and a series' frames fetched ahead when a reader opens the series.
 *   - Kept (CONCILIUM_PACS_CACHE_MB, default 256; 0 turns it off; never on disk; in memory allocated once and written
 *     again, ./recycled-memory.ts): the pixels of a SOP Instance UID never change (DICOM gives changed pixels a new
 *     UID), and every follower of a meeting asks for the same frames within seconds. The key is the PACS and the
 *     whole path under the study, so a kept frame is only ever served for the study it was fetched under, and only
 *     after the asking request's own access check (./serve-pacs.ts).
 *   - Shared while on their way: twenty followers asking for the same frame at once make one request to the PACS.
 *   - Fetched ahead (CONCILIUM_PACS_PREFETCH, default on; "off" turns it off): a series' metadata is what the viewer
 *     asks for when it opens a series, and it then asks for every frame of it, nearest the middle slice first. The
 *     proxy starts on those frames at once: the few nearest the middle one by one, the rest in one read of the whole
 *     series (a PACS sends a series far faster than its frames one by one), so a frame the viewer asks for is often
 *     here or on its way. It fetches no image the viewer would not ask for itself, and no more than half the cache's
 *     budget.
 */
import type { Readable } from "node:stream";
import { pacsRequest, type PacsAnswer } from "@/integrations/pacs/pacs-client";
import type { PacsConfig } from "@/integrations/pacs/pacs-config";
import { formatMediaType } from "@/integrations/dicomweb/media-type";
import { newBoundary } from "@/integrations/dicomweb/multipart";
import type { FastAnswer } from "./fast-answer";
import { recycledMemory, type PlacedAnswer, type RecycledAnswer } from "./recycled-memory";
import { readSeriesFrames, type FrameSink } from "@/integrations/pacs/series-frames";

/**
 * A PACS's answer as it arrived: the pieces its bytes came in (views into the PACS's chunks, never copied). It is kept
 * as a copy in recycled memory (./recycled-memory.ts); readers waiting for it are given the copy, or these pieces when
 * it was not kept.
 */
interface ArrivedAnswer {
  contentType: string;
  parts: Buffer[];
  length: number;
}
type KeptAnswer = ArrivedAnswer | RecycledAnswer;
const pacsFrames = recycledMemory("concilium.pacsFrameMemory", "CONCILIUM_PACS_CACHE_MB");
const NO_STORE = "private, no-store";
/** What Cornerstone's WADO-RS loader asks for (the viewer's own requests; a fetch ahead asks the same). */
export const VIEWER_FRAME_ACCEPT = "multipart/related; type=application/octet-stream; transfer-syntax=*";
const AHEAD_CONCURRENCY = 4;
const AHEAD_MAX_FRAMES = 2000;

interface Shared {
  /** Frames on their way from the PACS (answers as kept, or null when the answer is not one to keep). */
  inFlight: Map<string, Promise<KeptAnswer | null>>;
  /** Series being fetched ahead, so that twenty followers opening one series start one fetch. */
  warming: Set<string>;
  /** When each series was last fetched ahead: within a minute its metadata is not even read again for it. */
  warmedAt: Map<string, number>;
}
const shared: Shared = ((globalThis as { [key: symbol]: Shared | undefined })[Symbol.for("concilium.pacsFramesInFlight")] ??= { inFlight: new Map(), warming: new Set(), warmedAt: new Map() });
const WARM_AGAIN_AFTER_MS = 60_000;

/** The same frame asked with a different spelling of one media type (quotes, spaces, case) is one entry. */
const normalizedAccept = (accept: string) => accept.toLowerCase().replace(/["\s]/g, "");
export const frameKey = (pacs: PacsConfig, upstreamPath: string, accept: string) => `${pacs.baseUrl}\0${upstreamPath}\0${normalizedAccept(accept)}`;

function asArrived(contentType: string, parts: Buffer[]): ArrivedAnswer {
  let length = 0;
  for (const part of parts) length += part.length;
  return { contentType, parts, length };
}

/**
 * A frame of a series read, written in place into the kept memory as the PACS would answer it: multipart/related with
 * one part, as the built-in store sends frames, the part's head and tail around the frame's bytes. In new memory when
 * none may be written (then it is not kept).
 */
interface FramePlace {
  /** Where the frame's bytes go. */
  bytes: Buffer;
  /** The whole answer. */
  answer: Buffer;
  contentType: string;
  placed: PlacedAnswer | null;
}

function placeFrame(length: number, transferSyntaxUid: string): FramePlace {
  const boundary = newBoundary();
  const contentType = formatMediaType("multipart/related", { type: "application/octet-stream", "transfer-syntax": transferSyntaxUid, boundary });
  const head = Buffer.from(`--${boundary}\r\nContent-Type: application/octet-stream; transfer-syntax=${transferSyntaxUid}\r\n\r\n`, "latin1");
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, "latin1");
  const size = head.length + length + tail.length;
  const placed = pacsFrames.place(size);
  const answer = placed?.bytes ?? Buffer.allocUnsafe(size);
  head.copy(answer, 0);
  tail.copy(answer, head.length + length);
  return { bytes: answer.subarray(head.length, head.length + length), answer, contentType, placed };
}

/** The answer to send, its memory held until sent; null when the memory it was kept in has been written again. */
function answerOf(entry: KeptAnswer): FastAnswer | null {
  const release = "slab" in entry ? pacsFrames.pin(entry) : undefined;
  if (release === null) return null;
  return { contentType: entry.contentType || null, body: entry.parts, cacheControl: NO_STORE, release };
}

const keepable = (answer: PacsAnswer) => answer.statusCode === 200 && typeof answer.headers["content-type"] === "string";
const expectedLength = (answer: PacsAnswer) => {
  const length = answer.headers["content-length"];
  return length && /^[0-9]+$/.test(length) ? Number(length) : null;
};

/**
 * Collects an answer's chunks as they pass (a cut answer is not kept), for the frames on their way to resolve with.
 * Left paused, so that listening does not start the flow before the answer is piped to the client.
 */
function collect(body: Readable, contentType: string, expected: number | null): Promise<ArrivedAnswer | null> {
  const chunks: Buffer[] = [];
  let received = 0;
  body.pause();
  return new Promise((resolve) => {
    body.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
    });
    body.on("end", () => resolve(expected === null || received === expected ? asArrived(contentType, chunks) : null));
    body.on("error", () => resolve(null));
    body.on("close", () => resolve(null));
  });
}

/**
 * Registers a frame as on its way before its request is even sent (readers who ask meanwhile wait for it); once it
 * has arrived it is kept, and no longer on its way.
 */
function track(key: string): { settled: Promise<KeptAnswer | null>; arrive(entry: Promise<KeptAnswer | null> | null): void } {
  let arrive!: (entry: Promise<KeptAnswer | null> | null) => void;
  const arriving = new Promise<KeptAnswer | null>((resolve) => (arrive = resolve));
  const settled = arriving.then(
    (entry) => {
      shared.inFlight.delete(key);
      if (!entry || "slab" in entry) return entry;
      return pacsFrames.keep(key, entry.contentType, entry.parts) ?? entry;
    },
    () => {
      shared.inFlight.delete(key);
      return null;
    },
  );
  shared.inFlight.set(key, settled);
  return { settled, arrive };
}

/**
 * A frame for a request that has passed its access check: kept, joined on its way, or asked of the PACS and passed on
 * as it arrives. Throws PacsUnavailableError as pacsRequest does.
 */
export async function pacsFrame(pacs: PacsConfig, plan: { upstreamPath: string; accept: string; search: URLSearchParams }): Promise<FastAnswer> {
  const key = frameKey(pacs, plan.upstreamPath, plan.accept);
  const keptAnswer = pacsFrames.get(key);
  const fromMemory = keptAnswer && answerOf(keptAnswer);
  if (fromMemory) return fromMemory;
  const arriving = shared.inFlight.get(key);
  if (arriving) {
    const entry = await arriving;
    const arrivedAnswer = entry && answerOf(entry);
    if (arrivedAnswer) return arrivedAnswer;
  }
  const tracked = shared.inFlight.has(key) ? null : track(key);
  let upstream: PacsAnswer;
  try {
    upstream = await pacsRequest(pacs, plan.upstreamPath, plan);
  } catch (error) {
    tracked?.arrive(null);
    throw error;
  }
  const expected = expectedLength(upstream);
  const headers = expected === null ? undefined : { "Content-Length": String(expected) };
  tracked?.arrive(keepable(upstream) ? collect(upstream, upstream.headers["content-type"]!, expected) : null);
  return { status: upstream.statusCode, contentType: upstream.headers["content-type"] ?? null, body: upstream, cacheControl: NO_STORE, headers };
}

/** A frame fetched ahead, on its way from before its request is sent; null when it is not one to keep. */
function fetchAhead(pacs: PacsConfig, upstreamPath: string, key: string): Promise<KeptAnswer | null> {
  const { settled, arrive } = track(key);
  pacsRequest(pacs, upstreamPath, { accept: VIEWER_FRAME_ACCEPT }).then(
    (upstream) => {
      if (!keepable(upstream)) {
        upstream.resume();
        return arrive(null);
      }
      arrive(collect(upstream, upstream.headers["content-type"]!, expectedLength(upstream)));
      upstream.resume();
    },
    () => arrive(null),
  );
  return settled;
}

type DicomJson = Record<string, { Value?: unknown[] }>;
const firstValue = (instance: DicomJson, tag: string) => instance[tag]?.Value?.[0];

/** The series' frames in the order the viewer asks for them: from the middle instance outwards, by instance number. */
export function framesNearestMiddleFirst(metadata: DicomJson[]): { sop: string; frame: number }[] {
  const instances = metadata
    .map((instance) => ({ sop: firstValue(instance, "00080018"), number: Number(firstValue(instance, "00200013") ?? 0), frames: Number(firstValue(instance, "00280008") ?? 1) }))
    .filter((i): i is { sop: string; number: number; frames: number } => typeof i.sop === "string" && /^[0-9.]+$/.test(i.sop))
    .sort((a, b) => a.number - b.number);
  const middle = Math.floor(instances.length / 2);
  const byDistance = instances.map((instance, index) => ({ instance, distance: Math.abs(index - middle) })).sort((a, b) => a.distance - b.distance);
  const frames: { sop: string; frame: number }[] = [];
  for (const { instance } of byDistance) {
    const count = Number.isInteger(instance.frames) && instance.frames > 0 ? instance.frames : 1;
    for (let frame = 1; frame <= count && frames.length < AHEAD_MAX_FRAMES; frame++) frames.push({ sop: instance.sop, frame });
  }
  return frames;
}

/**
 * Starts fetching a series' frames ahead of the viewer (after a granted read of its metadata, which `metadata` reads
 * only when the series is due); returns at once. Stops at half the cache's budget, at the first error (the viewer's
 * own requests then say what is wrong), and never fetches a frame that is kept or on its way.
 */
export function fetchSeriesAhead(pacs: PacsConfig, studyUid: string, seriesUid: string, metadata: () => unknown, now = Date.now()): void {
  if (process.env.CONCILIUM_PACS_PREFETCH === "off") return;
  const seriesKey = `${pacs.baseUrl}\0${studyUid}\0${seriesUid}`;
  const warmedAt = shared.warmedAt.get(seriesKey);
  if (shared.warming.has(seriesKey) || (warmedAt !== undefined && now - warmedAt < WARM_AGAIN_AFTER_MS)) return;
  const budget = pacsFrames.budget() / 2;
  const instances = budget > 0 ? metadata() : null;
  const queue = Array.isArray(instances) ? framesNearestMiddleFirst(instances as DicomJson[]) : [];
  if (queue.length === 0) return;
  shared.warming.add(seriesKey);
  shared.warmedAt.delete(seriesKey);
  shared.warmedAt.set(seriesKey, now);
  for (const [oldest, at] of shared.warmedAt) {
    if (now - at < WARM_AGAIN_AFTER_MS) break;
    shared.warmedAt.delete(oldest);
  }
  const inOneRead = queue.every((f) => f.frame === 1) && estimatedBytes(instances as DicomJson[]) <= budget;
  const fetching = inOneRead ? aheadInOneRead(pacs, studyUid, seriesUid, queue) : aheadFrameByFrame(pacs, studyUid, seriesUid, queue, budget);
  void fetching.finally(() => shared.warming.delete(seriesKey));
}

const framePath = (studyUid: string, seriesUid: string, frame: { sop: string; frame: number }) => `studies/${studyUid}/series/${seriesUid}/instances/${frame.sop}/frames/${frame.frame}`;

/** The pixel bytes a series' metadata says it has (rows, columns, samples, bits), for the cache's budget. */
function estimatedBytes(metadata: DicomJson[]): number {
  return metadata.reduce((total, instance) => {
    const value = (tag: string, otherwise: number) => Number(firstValue(instance, tag) ?? otherwise) || otherwise;
    return total + (value("00280010", 512) * value("00280011", 512) * value("00280002", 1) * value("00280100", 16) * value("00280008", 1)) / 8;
  }, 0);
}

/** Frame by frame, a few at a time, until the budget is spent or the PACS fails one. */
async function aheadFrameByFrame(pacs: PacsConfig, studyUid: string, seriesUid: string, queue: { sop: string; frame: number }[], budget: number): Promise<void> {
  let fetched = 0;
  let stopped = false;
  const worker = async () => {
    for (let next = queue.shift(); next && !stopped; next = queue.shift()) {
      const path = framePath(studyUid, seriesUid, next);
      const key = frameKey(pacs, path, VIEWER_FRAME_ACCEPT);
      if (pacsFrames.has(key) || shared.inFlight.has(key)) continue;
      const entry = await fetchAhead(pacs, path, key);
      if (!entry) stopped = true;
      else if ((fetched += entry.length) > budget) stopped = true;
    }
  };
  await Promise.all(Array.from({ length: AHEAD_CONCURRENCY }, worker));
}

/**
 * The frames nearest the middle, which the viewer asks for first, one by one at once; every other frame from one read
 * of the whole series (readSeriesFrames), each on its way until its instance has passed. A frame the series read does
 * not bring (compressed, or the PACS refused the read) is no longer on its way, and its reader asks the PACS.
 */
async function aheadInOneRead(pacs: PacsConfig, studyUid: string, seriesUid: string, queue: { sop: string; frame: number }[]): Promise<void> {
  const keyOf = (frame: { sop: string; frame: number }) => frameKey(pacs, framePath(studyUid, seriesUid, frame), VIEWER_FRAME_ACCEPT);
  const due = (key: string) => !pacsFrames.has(key) && !shared.inFlight.has(key);
  const first = Promise.all(queue.slice(0, AHEAD_CONCURRENCY).map((frame) => (due(keyOf(frame)) ? fetchAhead(pacs, framePath(studyUid, seriesUid, frame), keyOf(frame)) : null)));
  const waiting = new Map<string, (entry: Promise<KeptAnswer | null> | null) => void>();
  for (const frame of queue.slice(AHEAD_CONCURRENCY)) if (due(keyOf(frame))) waiting.set(frame.sop, track(keyOf(frame)).arrive);
  const sink: FrameSink<FramePlace> = {
    place: placeFrame,
    arrived(frame, place) {
      const arrive = waiting.get(frame.sop);
      waiting.delete(frame.sop);
      // A frame nobody waits for is kept or on its way already (asked one by one).
      if (!arrive) return place.placed?.giveBack();
      const kept = place.placed?.keep(keyOf({ sop: frame.sop, frame: 1 }), place.contentType);
      // Placed but not kept (kept meanwhile by another way, or the memory emptied): its place may be written again,
      // so the waiting readers are given a copy of their own.
      const answer = place.placed && !kept ? Buffer.from(place.answer) : place.answer;
      arrive(Promise.resolve(kept ?? asArrived(place.contentType, [answer])));
    },
    abandon: (place) => place.placed?.giveBack(),
  };
  try {
    if (waiting.size > 0) await readSeriesFrames(pacs, studyUid, seriesUid, sink);
  } catch {
    // The PACS cannot send the series in one read (or failed midway): the frames not yet here are asked one by one.
  } finally {
    for (const arrive of waiting.values()) arrive(null);
  }
  await first;
}

/** Waits until no frame is on its way and no series is being fetched ahead (tests). */
export async function pacsFramesSettled(): Promise<void> {
  // A fetch ahead starts once the metadata's answer has gone out (serve-pacs.ts): let it start first.
  await new Promise((resolve) => setImmediate(resolve));
  while (shared.inFlight.size > 0 || shared.warming.size > 0) await new Promise((r) => setTimeout(r, 5));
}

/**
 * Sets the memory for kept frames aside at the server's start when the site has a PACS, rather than during the first
 * reader's opening of a series (./recycled-memory.ts says why that costs).
 */
export function reservePacsFrameMemory(): void {
  if (process.env.CONCILIUM_PACS_URL) pacsFrames.reserve();
}

/** How many kept frames are being sent now, their memory held until sent (tests). */
export const pacsFramesBeingSent = (): number => pacsFrames.sending();

/** Forgets which series were fetched ahead and every kept frame (tests). */
export function forgetPacsFrames(): void {
  shared.warmedAt.clear();
  pacsFrames.forget();
}
