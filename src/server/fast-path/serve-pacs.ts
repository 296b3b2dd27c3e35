/**
 * GET /api/pacs/studies/{studyUid}/{…path} on the fast path: as the full route (proxyPacsRequest), granted from the
 * caches, the PACS's answer streamed through over kept-alive connections, metadata revalidated against a kept copy.
 * A PACS that cannot be reached, and anything refused, goes to the full route, which says so.
 * Frames are kept in memory, shared while on their way, and fetched ahead once a series' metadata is read
 * (./pacs-frames.ts); a kept frame is served only after this request's access check.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { PacsUnavailableError } from "@/integrations/pacs/pacs-client";
import { pacsFromEnv } from "@/integrations/pacs/pacs-config";
import { getPrisma } from "@/server/db";
import { ROUTE_POLICIES } from "@/server/http/route-policies";
import { accessCaches, currentGeneration, recall, remember } from "@/server/services/auth/access-caches";
import { askPacs, auditPacsRead, planPacsRequest } from "@/server/services/pacs/proxy-pacs-request";
import type { FastRoute } from "./fast-answer";
import { grantFast } from "./fast-grant";
import { fetchSeriesAhead, pacsFrame } from "./pacs-frames";
import { sourceOf } from "./request-source";

export const PACS_PATH = /^\/api\/pacs\/studies\/([^/]+)\/(.+)$/;
const FRAMES = /\/frames\/[0-9,]+$/;
const SERIES_METADATA = /^series\/([0-9.]+)\/metadata$/;
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

function parsedOrNull(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return null;
  }
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
    if (FRAMES.test(plan.subPath)) return await pacsFrame(pacs, plan);
    const upstream = await askPacs(pacs, plan);
    const series = SERIES_METADATA.exec(plan.subPath);
    if (series && upstream.status === 200) {
      // The viewer is opening this series and will ask for all of its frames next: they are fetched ahead once this
      // answer has gone out (reading the series' instances from its JSON would delay it).
      const body = Buffer.from(await upstream.arrayBuffer());
      setImmediate(() => fetchSeriesAhead(pacs, studyUid, series[1]!, () => parsedOrNull(body)));
      return { status: 200, contentType: upstream.headers.get("content-type"), body, cacheControl: NO_STORE };
    }
    // Node's web streams are async iterables: the PACS's bytes go out as they arrive.
    const body = (upstream.body ?? []) as unknown as AsyncIterable<Uint8Array>;
    return { status: upstream.status, contentType: upstream.headers.get("content-type"), body, cacheControl: NO_STORE };
  } catch (error) {
    if (error instanceof PacsUnavailableError) return null;
    throw error;
  }
};
