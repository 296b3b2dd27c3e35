import { describe, expect, it, vi } from "vitest";
import { PublishQueue } from "./publish-queue";

function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe("PublishQueue", () => {
  it("sends at once, then coalesces what arrives during a request into the latest value", async () => {
    const calls: number[] = [];
    const pending: ReturnType<typeof deferred>[] = [];
    const queue = new PublishQueue<number>(0, (v) => {
      calls.push(v);
      const d = deferred();
      pending.push(d);
      return d.promise;
    });
    queue.send(1);
    queue.send(2);
    queue.send(3);
    queue.send(4);
    expect(calls).toEqual([1]);
    pending[0]!.resolve();
    await vi.waitFor(() => expect(calls).toEqual([1, 4]));
    pending[1]!.resolve();
  });

  it("never starts two sends within the interval (about 20 a second at 50 ms)", async () => {
    vi.useFakeTimers();
    try {
      const times: number[] = [];
      const queue = new PublishQueue<number>(50, async () => void times.push(Date.now()));
      for (let i = 0; i < 100; i++) {
        queue.send(i);
        await vi.advanceTimersByTimeAsync(5);
      }
      await vi.advanceTimersByTimeAsync(100);
      expect(times.length).toBeGreaterThan(5);
      expect(times.length).toBeLessThanOrEqual(11);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(50);
    } finally {
      vi.useRealTimers();
    }
  });

  it("does not send an unchanged value again, but does after a failure or a reset", async () => {
    const sent: string[] = [];
    const errors: unknown[] = [];
    let fail = true;
    const queue = new PublishQueue<{ a: number }>(
      0,
      async (v) => {
        sent.push(JSON.stringify(v));
        if (fail) throw new Error("conflict");
      },
      (e) => errors.push(e),
    );
    queue.send({ a: 1 });
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    fail = false;
    queue.send({ a: 1 });
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    queue.send({ a: 1 });
    await new Promise((r) => setTimeout(r, 10));
    expect(sent).toHaveLength(2);
    queue.reset();
    queue.send({ a: 1 });
    await vi.waitFor(() => expect(sent).toHaveLength(3));
  });
});
