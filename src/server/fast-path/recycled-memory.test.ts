import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recycledMemory } from "./recycled-memory";

// A budget of 1 MiB: sixteen slabs of 64 KiB.
const SLAB = 64 * 1024;
let store: ReturnType<typeof recycledMemory>;
let named = 0;

beforeEach(() => {
  process.env.RECYCLED_MEMORY_TEST_MB = "1";
  store = recycledMemory(`concilium.recycledMemoryTest.${named++}`, "RECYCLED_MEMORY_TEST_MB");
});
afterEach(() => {
  delete process.env.RECYCLED_MEMORY_TEST_MB;
});

/** An answer of `size` bytes, each the byte `fill`, arriving in two pieces. */
const answer = (fill: number, size = SLAB / 2) => [Buffer.alloc(size / 2, fill), Buffer.alloc(size - size / 2, fill)];
const bytesOf = (id: string) => Buffer.concat(store.get(id)?.parts ?? []);

describe("answers kept in memory allocated once and written again", () => {
  it("keeps a copy of the pieces as one, which the arrived pieces can no longer change", () => {
    const pieces = answer(1);
    const kept = store.keep("a", "application/octet-stream", pieces)!;
    pieces[0]!.fill(9);
    expect(kept.parts).toHaveLength(1);
    expect(kept.length).toBe(SLAB / 2);
    expect(bytesOf("a").equals(Buffer.alloc(SLAB / 2, 1))).toBe(true);
    expect(store.get("a")?.contentType).toBe("application/octet-stream");
  });

  it("writes over the answers kept longest ago once the budget is full, and forgets them", () => {
    // Two answers a slab: 32 answers fill the sixteen slabs, the 33rd takes the first slab again.
    for (let i = 0; i < 32; i++) store.keep(`frame ${i}`, "t", answer(i));
    expect(store.has("frame 0")).toBe(true);
    store.keep("frame 32", "t", answer(32));
    expect(store.has("frame 0")).toBe(false);
    expect(store.has("frame 1")).toBe(false);
    expect(store.get("frame 0")).toBeUndefined();
    expect(bytesOf("frame 2").equals(Buffer.alloc(SLAB / 2, 2))).toBe(true);
    expect(bytesOf("frame 32").equals(Buffer.alloc(SLAB / 2, 32))).toBe(true);
  });

  it("never writes over an answer that is being sent: the next oldest slab is taken instead", () => {
    for (let i = 0; i < 32; i++) store.keep(`frame ${i}`, "t", answer(i));
    const sending = store.get("frame 0")!;
    const release = store.pin(sending)!;
    store.keep("frame 32", "t", answer(32));
    expect(Buffer.concat(sending.parts).equals(Buffer.alloc(SLAB / 2, 0))).toBe(true);
    expect(store.has("frame 0")).toBe(true);
    expect(store.has("frame 2")).toBe(false);
    release();
    // Released (twice is once): its slab is the next to be written again.
    release();
    store.keep("frame 33", "t", answer(33));
    store.keep("frame 34", "t", answer(34));
    expect(store.has("frame 0")).toBe(false);
  });

  it("keeps nothing while every slab that could be written again is being sent, and says so", () => {
    const releases: (() => void)[] = [];
    for (let i = 0; i < 32; i++) releases.push(store.pin(store.keep(`frame ${i}`, "t", answer(i))!)!);
    expect(store.keep("frame 32", "t", answer(32))).toBeNull();
    expect(store.has("frame 32")).toBe(false);
    for (let i = 0; i < 32; i++) expect(bytesOf(`frame ${i}`).equals(Buffer.alloc(SLAB / 2, i)), `frame ${i}`).toBe(true);
    // Frames 4 and 5 share a slab: it is free once both are sent.
    releases[5]!();
    expect(store.keep("frame 32", "t", answer(32))).toBeNull();
    releases[4]!();
    expect(store.keep("frame 32", "t", answer(32))).not.toBeNull();
    expect(store.has("frame 4")).toBe(false);
    expect(store.has("frame 6")).toBe(true);
  });

  it("will not send an answer whose memory has been written again since it was handed out", () => {
    const handedOut = store.keep("frame 0", "t", answer(0))!;
    for (let i = 1; i < 33; i++) store.keep(`frame ${i}`, "t", answer(i));
    expect(store.pin(handedOut)).toBeNull();
  });

  it("places an answer to be written in place, holds its memory until it is kept or given back, and keeps it once", () => {
    const placed = store.place(SLAB / 2)!;
    placed.bytes.fill(5);
    // Thirty-two more answers would write over every slab but the one being written.
    for (let i = 0; i < 32; i++) store.keep(`frame ${i}`, "t", answer(i));
    expect(placed.bytes.equals(Buffer.alloc(SLAB / 2, 5))).toBe(true);
    const kept = placed.keep("in place", "application/octet-stream")!;
    expect(bytesOf("in place").equals(Buffer.alloc(SLAB / 2, 5))).toBe(true);
    expect(kept.length).toBe(SLAB / 2);
    expect(placed.keep("again", "t")).toBeNull();

    const givenBack = store.place(SLAB / 2)!;
    givenBack.giveBack();
    expect(givenBack.keep("given back", "t")).toBeNull();
    expect(store.has("given back")).toBe(false);
    expect(store.place(SLAB + 1)).toBeNull();

    // Emptied while being written: what was written is not kept.
    const writing = store.place(SLAB / 2)!;
    store.forget();
    expect(writing.keep("written during forget", "t")).toBeNull();
    expect(store.has("written during forget")).toBe(false);
  });

  it("does not keep an answer larger than a slab, an empty one, or one kept already", () => {
    expect(store.keep("large", "t", answer(1, SLAB + 2))).toBeNull();
    expect(store.keep("empty", "t", [])).toBeNull();
    expect(store.keep("a", "t", answer(1))).not.toBeNull();
    expect(store.keep("a", "t", answer(2))).toBeNull();
    expect(bytesOf("a")[0]).toBe(1);
  });

  it("keeps nothing with a budget of 0, and starts afresh when the budget changes", () => {
    store.keep("a", "t", answer(1));
    process.env.RECYCLED_MEMORY_TEST_MB = "2";
    expect(store.has("a")).toBe(false);
    process.env.RECYCLED_MEMORY_TEST_MB = "0";
    expect(store.keep("b", "t", answer(1))).toBeNull();
  });

  it("forgets every answer; one being sent stays whole until sent", () => {
    const sending = store.keep("a", "t", answer(7))!;
    const release = store.pin(sending)!;
    store.forget();
    expect(store.has("a")).toBe(false);
    for (let i = 0; i < 40; i++) store.keep(`frame ${i}`, "t", answer(i));
    expect(Buffer.concat(sending.parts).equals(Buffer.alloc(SLAB / 2, 7))).toBe(true);
    release();
  });
});
