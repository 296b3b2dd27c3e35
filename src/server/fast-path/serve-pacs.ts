/**
 * GET /api/pacs/studies/{studyUid}/{…path} on the fast path: as the full route (proxyPacsRequest), granted from the
 * caches, the PACS's answer streamed through over kept-alive connections, metadata revalidated against a kept copy.
 * A PACS that cannot be reached, and anything refused, goes to the full route, which says so.
 * Frames are kept in memory once proxied (CONCILIUM_PACS_CACHE_MB, default 256; 0 turns it off; never on disk): the
 * pixels of a SOP Instance UID never change (DICOM gives changed pixels a new UID), and every follower of a meeting
 * asks for the same frames within seconds. The key is the PACS and the whole path under the study, so a kept frame
 * is only ever served for the study it was fetched under, and only after this request's access check.
 */
import type { Readable } from "node:stream";
import type { PrismaClient } from "@/generated/prisma/client";
import { pacsRequest, PacsUnavailableError } from "@/integrations/pacs/pacs-client";
import { pacsFromEnv, type PacsConfig } from "@/integrations/pacs/pacs-config";
import { getPrisma } from "@/server/db";
import { ROUTE_POLICIES } from "@/server/http/route-policies";
import { accessCaches, currentGeneration, recall, remember } from "@/server/services/auth/access-caches";
import { askPacs, auditPacsRead, planPacsRequest } from "@/server/services/pacs/proxy-pacs-request";
import type { FastAnswer, FastRoute } from "./fast-answer";
import { grantFast } from "./fast-grant";
import { bytesCache } from "./image-bytes-cache";
import { sourceOf } from "./request-source";

export const PACS_PATH = /^\/api\/pacs\/studies\/([^/]+)\/(.+)$/;
const FRAMES = /\/frames\/[0-9,]+$/;
const pacsFrames = bytesCache("concilium.pacsFrameCache", "CONCILIUM_PACS_CACHE_MB");
const NO_STORE = "private, no-store";

async function heldByPacs(db: PrismaClient, studyUid: string): Promise<boolean> {
  const key = `pacs-study:${studyUid}`;
  const known = recall(accessCaches.facts, key);
  if (known !== undefined) return known as boolean;
  const since = currentGeneration();
  const study = await db.imagingStudy.findUnique({ where: { studyInstanceUid: studyUid }, select: { source: true } });
  const held = study?.source === "DICOMWEB";
  remember(accessCaches.facts, key, held, since);
  return held;
}

// An entry is the content type's length (2 bytes), the content type, then the answer's bytes.
function keptFrame(key: string): FastAnswer | null {
  const kept = pacsFrames.get(key);
  if (!kept) return null;
  const typeLength = kept.readUInt16BE(0);
  return { contentType: kept.toString("latin1", 2, 2 + typeLength) || null, body: kept.subarray(2 + typeLength), cacheControl: NO_STORE };
}

/** Keeps the PACS's frames once all of them went through (a cut answer is not kept); they are passed on as they come. */
function keepWhenComplete(body: Readable, key: string, contentType: string, expected: number | null): Readable {
  const type = Buffer.from(contentType, "latin1");
  const head = Buffer.alloc(2);
  head.writeUInt16BE(type.length);
  const chunks: Buffer[] = [head, type];
  let received = 0;
  // Paused first, so that listening does not start the flow before the answer is piped to the client.
  body.pause();
  body.on("data", (chunk: Buffer) => {
    chunks.push(chunk);
    received += chunk.length;
  });
  body.on("end", () => {
    if (expected === null || received === expected) pacsFrames.keep(key, Buffer.concat(chunks));
  });
  return body;
}

async function framesFromPacs(pacs: PacsConfig, plan: { upstreamPath: string; accept: string; search: URLSearchParams }): Promise<FastAnswer> {
  const key = `${pacs.baseUrl}\0${plan.upstreamPath}\0${plan.accept}`;
  const kept = keptFrame(key);
  if (kept) return kept;
  const upstream = await pacsRequest(pacs, plan.upstreamPath, plan);
  const contentType = upstream.headers["content-type"] ?? null;
  const length = upstream.headers["content-length"];
  const expected = length && /^[0-9]+$/.test(length) ? Number(length) : null;
  const headers = expected === null ? undefined : { "Content-Length": String(expected) };
  const body = upstream.statusCode === 200 && contentType && contentType.length < 0xffff ? keepWhenComplete(upstream, key, contentType, expected) : upstream;
  return { status: upstream.statusCode, contentType, body, cacheControl: NO_STORE, headers };
}

export const servePacsFast: FastRoute = async (request, match) => {
  const [, studyUid, rest] = match as unknown as [string, string, string];
  const pacs = pacsFromEnv();
  if (!pacs) return null;
  const pacsRequestOf = { studyUid, path: rest.split("/"), accept: request.header("accept") ?? null, search: new URLSearchParams(), patientId: null as string | null };
  const plan = planPacsRequest(pacsRequestOf);
  if ("error" in plan) return null;
  const db = await getPrisma();
  const granted = await grantFast(db, ROUTE_POLICIES["pacs.study"], request.header("cookie"), studyUid, sourceOf(request));
  if (!granted || !(await heldByPacs(db, studyUid))) return null;
  await auditPacsRead(db, granted.user, { ...pacsRequestOf, patientId: granted.access.patientId }, plan);
  try {
    if (FRAMES.test(plan.subPath)) return await framesFromPacs(pacs, plan);
    const upstream = await askPacs(pacs, plan);
    // Node's web streams are async iterables: the PACS's bytes go out as they arrive.
    const body = (upstream.body ?? []) as unknown as AsyncIterable<Uint8Array>;
    return { status: upstream.status, contentType: upstream.headers.get("content-type"), body, cacheControl: NO_STORE };
  } catch (error) {
    if (error instanceof PacsUnavailableError) return null;
    throw error;
  }
};
