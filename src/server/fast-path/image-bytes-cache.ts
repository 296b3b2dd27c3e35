/**
 * Recently served tiles and frames, kept in memory within a byte budget (CONCILIUM_IMAGE_CACHE_MB, default 256; 0
 * turns it off): when the presenter opens a case, every follower asks for the same images within seconds. Stored
 * images never change (a converted slide and an imported instance are immutable; a new import is a new id); one that
 * is deleted or moves to another patient is announced as a scope change, which empties this cache. Access is checked
 * on every request before anything is taken from here.
 * Frames proxied from the external PACS have a budget of their own (CONCILIUM_PACS_CACHE_MB, see ./serve-pacs.ts).
 */
interface BytesCache<Entry> {
  entries: Map<string, Entry>;
  bytes: number;
  /** Counts emptyings: bytes derived in the background keep only when none came meanwhile. */
  generation?: number;
}

/**
 * One least-recently-used store of bytes, within the budget that `budgetEnv` sets in MiB (default 256). An entry is a
 * buffer, or anything that says its length in bytes (a PACS's answer kept as the pieces it arrived in).
 */
export function bytesCache<Entry extends { length: number } = Buffer>(name: string, budgetEnv: string) {
  // On globalThis: Next bundles route handlers separately, and every bundle must see the same copy.
  const key = Symbol.for(name);
  const holder = globalThis as { [key: symbol]: BytesCache<Entry> | undefined };
  const cache: BytesCache<Entry> = (holder[key] ??= { entries: new Map(), bytes: 0 });
  const budget = () => {
    const configured = Number(process.env[budgetEnv] ?? 256);
    return (Number.isFinite(configured) && configured >= 0 ? configured : 256) * 1024 * 1024;
  };
  return {
    get(id: string): Entry | undefined {
      const found = cache.entries.get(id);
      if (found) {
        // Most recently used last: the first entries are the ones to let go.
        cache.entries.delete(id);
        cache.entries.set(id, found);
      }
      return found;
    },
    /** Whether an entry is kept, without counting as a use. */
    has: (id: string): boolean => cache.entries.has(id),
    budget,
    keep(id: string, bytes: Entry): void {
      const limit = budget();
      if (bytes.length > limit / 16 || cache.entries.has(id)) return;
      cache.entries.set(id, bytes);
      cache.bytes += bytes.length;
      for (const [oldest, kept] of cache.entries) {
        if (cache.bytes <= limit) break;
        cache.entries.delete(oldest);
        cache.bytes -= kept.length;
      }
    },
    forget(): void {
      cache.entries.clear();
      cache.bytes = 0;
      cache.generation = (cache.generation ?? 0) + 1;
    },
    generation: () => cache.generation ?? 0,
  };
}

const images = bytesCache("concilium.imageBytesCache", "CONCILIUM_IMAGE_CACHE_MB");

export const cachedImage = images.get;
export const keepImage = images.keep;
export const forgetImages = images.forget;
export const imageCacheGeneration = images.generation;
