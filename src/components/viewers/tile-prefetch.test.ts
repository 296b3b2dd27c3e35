import { describe, expect, it } from "vitest";
import { createTilePrefetcher, type TileImage } from "./tile-prefetch";

/** Images that load when the test says so: each decode() waits for settle(src, ok). */
function imageStandIns() {
  const started: TileImage[] = [];
  const pending = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  const createImage = (): TileImage => {
    const image: TileImage = {
      src: "",
      fetchPriority: "auto",
      decode: () =>
        new Promise<void>((resolve, reject) => {
          started.push(image);
          pending.set(image.src, { resolve, reject });
        }),
    };
    return image;
  };
  const settle = async (src: string, ok = true) => {
    const load = pending.get(src)!;
    pending.delete(src);
    if (ok) load.resolve();
    else load.reject(new Error("EncodingError"));
    // Let the prefetcher's promise chain run (hold, then start the next).
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { started, createImage, settle, loading: () => [...pending.keys()] };
}

describe("the slide tile prefetcher", () => {
  it("fetches a few tiles at a time, in order, at the priority asked", async () => {
    const images = imageStandIns();
    const prefetcher = createTilePrefetcher({ concurrency: 2, keep: 10, createImage: images.createImage });
    prefetcher.replace(["a", "b", "c", "d"], "low");
    expect(images.loading()).toEqual(["a", "b"]);
    expect(images.started.map((image) => image.fetchPriority)).toEqual(["low", "low"]);
    await images.settle("a");
    expect(images.loading()).toEqual(["b", "c"]);
  });

  it("hands a decoded tile over once, and nothing for a tile not yet decoded", async () => {
    const images = imageStandIns();
    const prefetcher = createTilePrefetcher({ concurrency: 2, keep: 10, createImage: images.createImage });
    prefetcher.replace(["a", "b"], "high");
    expect(prefetcher.take("a")).toBeUndefined();
    await images.settle("a");
    expect(prefetcher.take("a")?.src).toBe("a");
    expect(prefetcher.take("a")).toBeUndefined();
    expect(prefetcher.take("b")).toBeUndefined();
  });

  it("holds only the last tiles decoded, as many as it keeps", async () => {
    const images = imageStandIns();
    const prefetcher = createTilePrefetcher({ concurrency: 3, keep: 2, createImage: images.createImage });
    prefetcher.replace(["a", "b", "c"], "low");
    for (const src of ["a", "b", "c"]) await images.settle(src);
    expect(prefetcher.take("a")).toBeUndefined();
    expect(prefetcher.take("b")?.src).toBe("b");
    expect(prefetcher.take("c")?.src).toBe("c");
  });

  it("does not fetch again what it fetched, but asks again for a tile that failed", async () => {
    const images = imageStandIns();
    const prefetcher = createTilePrefetcher({ concurrency: 2, keep: 10, createImage: images.createImage });
    prefetcher.replace(["a", "b"], "low");
    await images.settle("a");
    await images.settle("b", false);
    prefetcher.replace(["a", "b", "c"], "low");
    expect(images.loading()).toEqual(["b", "c"]);
    expect(prefetcher.take("b")).toBeUndefined();
  });

  it("drops the queue when the view moves, and the tiles it held when the viewer goes", async () => {
    const images = imageStandIns();
    const prefetcher = createTilePrefetcher({ concurrency: 1, keep: 10, createImage: images.createImage });
    prefetcher.replace(["a", "b", "c"], "low");
    prefetcher.cancel();
    await images.settle("a");
    expect(images.loading()).toEqual([]);
    // A tile dropped from the queue was never fetched: a later list asks for it.
    prefetcher.replace(["b"], "low");
    expect(images.loading()).toEqual(["b"]);
    await images.settle("b");
    prefetcher.clear();
    expect(prefetcher.take("a")).toBeUndefined();
    expect(prefetcher.take("b")).toBeUndefined();
  });
});
