/**
 * GET /api/pacs/studies/{studyUid}/{…path} on the fast path: as the full route (proxyPacsRequest), granted from the
 * caches, the PACS's answer streamed through over kept-alive connections, metadata revalidated against a kept copy.
 * A PACS that cannot be reached, and anything refused, goes to the full route, which says so.
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
import { sourceOf } from "./request-source";

export const PACS_PATH = /^\/api\/pacs\/studies\/([^/]+)\/(.+)$/;

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

export const servePacsFast: FastRoute = async (request, match) => {
  const [, studyUid, rest] = match as unknown as [string, string, string];
  const pacs = pacsFromEnv();
  if (!pacs) return null;
  const pacsRequest = { studyUid, path: rest.split("/"), accept: request.header("accept") ?? null, search: new URLSearchParams(), patientId: null as string | null };
  const plan = planPacsRequest(pacsRequest);
  if ("error" in plan) return null;
  const db = await getPrisma();
  const granted = await grantFast(db, ROUTE_POLICIES["pacs.study"], request.header("cookie"), studyUid, sourceOf(request));
  if (!granted || !(await heldByPacs(db, studyUid))) return null;
  if (plan.isMetadata) await auditPacsRead(db, granted.user, { ...pacsRequest, patientId: granted.access.patientId }, plan.subPath);
  try {
    const upstream = await askPacs(pacs, plan);
    // Node's web streams are async iterables: the PACS's bytes go out as they arrive.
    const body = (upstream.body ?? []) as unknown as AsyncIterable<Uint8Array>;
    return { status: upstream.status, contentType: upstream.headers.get("content-type"), body, cacheControl: "private, no-store" };
  } catch (error) {
    if (error instanceof PacsUnavailableError) return null;
    throw error;
  }
};
