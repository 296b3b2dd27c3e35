/**
 * Kept answers in memory that is allocated once and written again, oldest first, for the PACS proxy's frames
 * (./pacs-frames.ts). Why not keep each answer in the buffers it arrived in: a series read keeps 70 MB of fresh
 * buffers, which outlive V8's young generation and are freed only by full collections of Next's whole heap. In a test
 * process with a heap of Next's size, keeping a 70 MB answer as it arrived cost 230 ms of CPU; copying it into memory
 * allocated once cost 70-100 ms, as little as not keeping it at all.
 * The budget (in MiB, from `budgetEnv`, default 256; 0 keeps nothing) is cut into 16 slabs, allocated together and
 * made resident when reserved (at the server's start) or first needed. An answer is written into the slab being
 * filled; when that is full, the next slab is a free one, else the slab filled longest ago, whose answers are then
 * forgotten. A slab is never written again while one of its answers is being sent (`pin`: a socket sends from the
 * memory it was given, after the write call returns) or written (`place`). An answer larger than a slab (a sixteenth
 * of the budget) is not kept.
 */

const SLABS = 16;

interface Slab {
  bytes: Buffer;
  /** Bytes written since the slab was last taken. */
  used: number;
  /** Answers of this slab being sent: while any is, the slab is not written again. */
  sending: number;
  /** Counts the slab's reuses: an answer kept in an earlier use is no longer in it. */
  use: number;
  keys: string[];
}

/** An answer as kept: its bytes in one piece (a view into a slab), valid while its slab is in the same use. */
export interface RecycledAnswer {
  contentType: string;
  parts: Buffer[];
  length: number;
  slab: Slab;
  use: number;
}

/** Memory in a slab for one answer, written in place, then kept or given back. */
export interface PlacedAnswer {
  bytes: Buffer;
  /** Keeps what was written under `id`; null when it is not kept (already kept, or the store emptied meanwhile). */
  keep(id: string, contentType: string): RecycledAnswer | null;
  giveBack(): void;
}

interface Store {
  slabBytes: number;
  slabs: Slab[];
  /** Slabs in the order they were last taken: the first is the one to write again. */
  order: Slab[];
  filling: Slab | null;
  /** Slabs free to be written from their start. */
  unused: Slab[];
  entries: Map<string, RecycledAnswer>;
}

export function recycledMemory(name: string, budgetEnv: string) {
  // On globalThis: Next bundles route handlers separately, and every bundle must see the same copy.
  const holder = globalThis as { [key: symbol]: Store | undefined };
  const key = Symbol.for(name);
  const budget = () => {
    const configured = Number(process.env[budgetEnv] ?? 256);
    return Math.floor((Number.isFinite(configured) && configured >= 0 ? configured : 256) * 1024 * 1024);
  };
  const empty = (slabBytes: number): Store => ({ slabBytes, slabs: [], order: [], filling: null, unused: [], entries: new Map() });
  /** The store for the budget as configured now: a changed budget starts afresh (a slab being sent lives on). */
  const store = () => {
    const slabBytes = Math.floor(budget() / SLABS);
    const current = holder[key];
    if (current && current.slabBytes === slabBytes) return current;
    return (holder[key] = empty(slabBytes));
  };
  const live = (answer: RecycledAnswer) => answer.use === answer.slab.use;

  /**
   * Allocates every slab at once, and writes it once so that it is resident. At once: V8 weighs growth of memory
   * outside its heap as a reason to collect the whole heap, and sixteen steps of growth cost a heap of Next's size
   * several full collections where one step costs one (in a test process holding a million objects, the first 70 MB
   * series read took 250-400 ms of CPU more while slabs were allocated one by one). Written: the first write to fresh
   * memory costs the kernel a page fault per 4 KiB, 36 ms per 70 MB against 4 ms for a copy into memory written before,
   * and far more on a busy machine; in the server it made copying a series' frames take 100-160 ms.
   */
  function reserve(s: Store): void {
    if (s.slabBytes === 0) return;
    while (s.slabs.length < SLABS) {
      const slab: Slab = { bytes: Buffer.allocUnsafeSlow(s.slabBytes).fill(0), used: 0, sending: 0, use: 0, keys: [] };
      s.slabs.push(slab);
      s.unused.push(slab);
    }
  }

  /** Takes a slab to write again: its answers are forgotten. */
  function clear(s: Store, slab: Slab): void {
    for (const key of slab.keys) if (s.entries.get(key)?.slab === slab) s.entries.delete(key);
    slab.keys = [];
    slab.used = 0;
    slab.use++;
  }

  /** A slab with room for `size` bytes, or null when every slab that could be taken is being sent or written. */
  function room(s: Store, size: number): Slab | null {
    if (s.filling && s.filling.bytes.length - s.filling.used >= size) return s.filling;
    if (s.slabs.length === 0) reserve(s);
    let slab = s.unused.pop();
    if (!slab) {
      slab = s.order.find((candidate) => candidate.sending === 0 && candidate !== s.filling);
      if (!slab) return null;
      clear(s, slab);
      s.order.splice(s.order.indexOf(slab), 1);
    }
    s.order.push(slab);
    s.filling = slab;
    return slab;
  }

  /**
   * Memory for an answer of `size` bytes to be written in place (a frame as it arrives), held as an answer being sent
   * is until it is kept under an id or given back; null when it would not be kept (too large, or no slab may be
   * written).
   */
  function place(size: number): PlacedAnswer | null {
    const s = store();
    if (size === 0 || size > s.slabBytes) return null;
    const slab = room(s, size);
    if (!slab) return null;
    const start = slab.used;
    slab.used += size;
    slab.sending++;
    let open = true;
    const close = () => {
      if (!open) return false;
      open = false;
      slab.sending--;
      return true;
    };
    return {
      bytes: slab.bytes.subarray(start, start + size),
      keep(id, contentType) {
        // Not kept when the store was emptied or changed meanwhile (the slab has left it), or the id is kept already.
        if (!close() || s !== holder[key] || !s.slabs.includes(slab) || s.entries.has(id)) return null;
        const answer: RecycledAnswer = { contentType, parts: [slab.bytes.subarray(start, start + size)], length: size, slab, use: slab.use };
        slab.keys.push(id);
        s.entries.set(id, answer);
        return answer;
      },
      giveBack: () => void close(),
    };
  }

  return {
    budget,
    /** Sets the memory aside now (at the server's start), rather than at the first answer kept. */
    reserve: (): void => reserve(store()),
    get(id: string): RecycledAnswer | undefined {
      const found = store().entries.get(id);
      return found && live(found) ? found : undefined;
    },
    has: (id: string): boolean => store().entries.has(id),
    place,
    /**
     * Copies an answer's pieces into the slabs and keeps it under `id`; returns it as kept, or null when it is not
     * kept (too large, nothing may be written, or already kept).
     */
    keep(id: string, contentType: string, parts: Buffer[]): RecycledAnswer | null {
      if (store().entries.has(id)) return null;
      let size = 0;
      for (const part of parts) size += part.length;
      const placed = place(size);
      if (!placed) return null;
      let at = 0;
      for (const part of parts) at += part.copy(placed.bytes, at);
      return placed.keep(id, contentType);
    },
    /**
     * Holds a kept answer's slab while it is sent: returns the release to call once the send has ended (written to the
     * socket, or the connection closed), or null when the answer's slab has been written again since it was kept.
     */
    pin(answer: RecycledAnswer): (() => void) | null {
      if (!live(answer)) return null;
      const slab = answer.slab;
      slab.sending++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        slab.sending--;
      };
    },
    /** How many kept answers are being sent now (tests). */
    sending: (): number => store().slabs.reduce((n, slab) => n + slab.sending, 0),
    /** Forgets every kept answer. A slab being sent or written leaves the store (freed once done) for a new one. */
    forget(): void {
      const s = store();
      s.entries.clear();
      s.order = [];
      s.filling = null;
      s.slabs = s.slabs.filter((slab) => slab.sending === 0);
      for (const slab of s.slabs) clear(s, slab);
      s.unused = [...s.slabs];
      if (s.slabs.length > 0) reserve(s);
    },
  };
}
