/**
 * Recently served tiles and frames, kept in memory within a byte budget (CONCILIUM_IMAGE_CACHE_MB, default 256; 0
 * turns it off): when the presenter opens a case, every follower asks for the same images within seconds. Stored
 * images never change (a converted slide and an imported instance are immutable; a new import is a new id); one that
 * is deleted or moves to another patient is announced as a scope change, which empties this cache. Access is checked
 * on every request before anything is taken from here.
 */
const KEY = Symbol.for("concilium.imageBytesCache");

interface ImageBytesCache {
  entries: Map<string, Buffer>;
  bytes: number;
  /** Counts emptyings: bytes derived in the background keep only when none came meanwhile. */
  generation?: number;
}

const holder = globalThis as { [KEY]?: ImageBytesCache };
const cache: ImageBytesCache = (holder[KEY] ??= { entries: new Map(), bytes: 0 });

function budget(): number {
  const configured = Number(process.env.CONCILIUM_IMAGE_CACHE_MB ?? 256);
  return (Number.isFinite(configured) && configured >= 0 ? configured : 256) * 1024 * 1024;
}

export function cachedImage(key: string): Buffer | undefined {
  const found = cache.entries.get(key);
  if (found) {
    // Most recently used last: the first entries are the ones to let go.
    cache.entries.delete(key);
    cache.entries.set(key, found);
  }
  return found;
}

export function keepImage(key: string, bytes: Buffer): void {
  const limit = budget();
  if (bytes.length > limit / 16 || cache.entries.has(key)) return;
  cache.entries.set(key, bytes);
  cache.bytes += bytes.length;
  for (const [oldest, kept] of cache.entries) {
    if (cache.bytes <= limit) break;
    cache.entries.delete(oldest);
    cache.bytes -= kept.length;
  }
}

export function forgetImages(): void {
  cache.entries.clear();
  cache.bytes = 0;
  cache.generation = imageCacheGeneration() + 1;
}

export function imageCacheGeneration(): number {
  return cache.generation ?? 0;
}
