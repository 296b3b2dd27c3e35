/**
 * GET /api/slides/{slideId}/tiles/{level}/{col}_{row}.jpeg on the fast path: as serveSlideTile, granted from caches,
 * with the same caching (private, immutable, an ETag; 304 to a request naming it, once granted and audited).
 */
import { parseTileAddress, type TileAddress } from "@/integrations/pathology/tile-layout";
import { idSchema } from "@/server/api/id-schema";
import { getPrisma } from "@/server/db";
import { etagOf, matchesEtag } from "@/server/http/etag";
import { grantedCacheControl, ROUTE_POLICIES } from "@/server/http/route-policies";
import { auditSlideTileRead, slideTileReadAudited } from "@/server/services/slides/read-slides";
import { readSlideTile } from "@/server/services/slides/slide-tiles";
import type { FastAnswer, FastRequest, FastRoute } from "./fast-answer";
import { grantFast, grantFromMemory } from "./fast-grant";
import { cachedImage, keepImage } from "./image-bytes-cache";
import { sourceOf } from "./request-source";

export const TILE_PATH = /^\/api\/slides\/([^/]+)\/tiles\/([^/]+)\/([^/]+)$/;

const policy = ROUTE_POLICIES["slide.tile"];
const CACHE_CONTROL = grantedCacheControl(policy.cache);
const keyOf = (slideId: string, address: TileAddress) => `tile:${slideId}/${address.level}/${address.col}_${address.row}`;

export const serveTileFast: FastRoute = (request, match) => {
  const [, slideId, level, tile] = match as unknown as [string, string, string, string];
  const address = parseTileAddress(level, tile);
  if (!address || !idSchema.safeParse(slideId).success) return null;
  return tileFromMemory(request, slideId, address) ?? tileFromStore(request, slideId, address);
};

/** The tile a viewer asks for after its first ones: access, bytes and this minute's audit all known in memory. */
function tileFromMemory(request: FastRequest, slideId: string, address: TileAddress): FastAnswer | undefined {
  const granted = grantFromMemory(policy, request.header("cookie"), slideId);
  if (!granted?.access.patientId || !slideTileReadAudited(granted.user.id, slideId)) return undefined;
  const bytes = cachedImage(keyOf(slideId, address));
  return bytes && tileAnswer(request, bytes);
}

async function tileFromStore(request: FastRequest, slideId: string, address: TileAddress): Promise<FastAnswer | null> {
  const db = await getPrisma();
  const granted = await grantFast(db, policy, request.header("cookie"), slideId, sourceOf(request));
  if (!granted?.access.patientId) return null;
  const key = keyOf(slideId, address);
  let bytes = cachedImage(key);
  if (!bytes) {
    const found = await readSlideTile(db, slideId, address);
    if (!found.found) return null;
    bytes = found.bytes;
    keepImage(key, bytes);
  }
  await auditSlideTileRead(db, granted.user, { id: slideId, patientId: granted.access.patientId });
  return tileAnswer(request, bytes);
}

function tileAnswer(request: FastRequest, bytes: Buffer): FastAnswer {
  const etag = etagOf(bytes);
  const caching = { cacheControl: CACHE_CONTROL, headers: { ETag: etag } };
  if (matchesEtag(request.header("if-none-match"), etag)) return { status: 304, contentType: null, body: Buffer.alloc(0), ...caching };
  return { contentType: "image/jpeg", body: bytes, ...caching };
}
