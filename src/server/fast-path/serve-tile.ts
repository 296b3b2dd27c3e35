/**
 * GET /api/slides/{slideId}/tiles/{level}/{col}_{row}.jpeg on the fast path: as serveSlideTile, granted from caches,
 * with the same caching (private, immutable, an ETag; 304 to a request naming it, once granted and audited).
 */
import { parseTileAddress } from "@/integrations/pathology/tile-layout";
import { idSchema } from "@/server/api/id-schema";
import { getPrisma } from "@/server/db";
import { etagOf, matchesEtag } from "@/server/http/etag";
import { grantedCacheControl, ROUTE_POLICIES } from "@/server/http/route-policies";
import { auditSlideTileRead } from "@/server/services/slides/read-slides";
import { readSlideTile } from "@/server/services/slides/slide-tiles";
import type { FastRoute } from "./fast-answer";
import { grantFast } from "./fast-grant";
import { cachedImage, keepImage } from "./image-bytes-cache";
import { sourceOf } from "./request-source";

export const TILE_PATH = /^\/api\/slides\/([^/]+)\/tiles\/([^/]+)\/([^/]+)$/;

export const serveTileFast: FastRoute = async (request, match) => {
  const [, slideId, level, tile] = match as unknown as [string, string, string, string];
  const address = parseTileAddress(level, tile);
  if (!address || !idSchema.safeParse(slideId).success) return null;
  const db = await getPrisma();
  const policy = ROUTE_POLICIES["slide.tile"];
  const granted = await grantFast(db, policy, request.header("cookie"), slideId, sourceOf(request));
  if (!granted?.access.patientId) return null;
  const key = `tile:${slideId}/${address.level}/${address.col}_${address.row}`;
  let bytes = cachedImage(key);
  if (!bytes) {
    const found = await readSlideTile(db, slideId, address);
    if (!found.found) return null;
    bytes = found.bytes;
    keepImage(key, bytes);
  }
  await auditSlideTileRead(db, granted.user, { id: slideId, patientId: granted.access.patientId });
  const etag = etagOf(bytes);
  const caching = { cacheControl: grantedCacheControl(policy.cache), headers: { ETag: etag } };
  if (matchesEtag(request.header("if-none-match"), etag)) return { status: 304, contentType: null, body: Buffer.alloc(0), ...caching };
  return { contentType: "image/jpeg", body: bytes, ...caching };
};
