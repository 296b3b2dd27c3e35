import type { Types } from "@cornerstonejs/core";
import { describe, expect, it } from "vitest";
import { isTransientFailure, withRetry } from "./image-load-retry";

/** What the WADO-RS loader rejects with: the XMLHttpRequest, after it is done. */
const failedRequest = (status: number) => ({ readyState: 4, status });
const image = { imageId: "wadors:x" } as unknown as Types.IImage;

/** A loader answering with the given outcomes in turn, counting its calls. */
function scripted(outcomes: unknown[]) {
  let calls = 0;
  const load: Types.ImageLoaderFn = () => {
    const outcome = outcomes[Math.min(calls++, outcomes.length - 1)];
    return { promise: outcome === image ? Promise.resolve(image) : Promise.reject(outcome) };
  };
  return { load, calls: () => calls };
}
const noWait = () => Promise.resolve();

describe("frame requests that fail in passing", () => {
  it("are asked again: dropped connections, timeouts, too many requests, server errors", async () => {
    for (const status of [0, 408, 429, 500, 502, 503, 504]) {
      const loader = scripted([failedRequest(status), failedRequest(status), image]);
      await expect(withRetry(loader.load, [1, 1, 1], noWait)("wadors:x").promise).resolves.toBe(image);
      expect(loader.calls()).toBe(3);
    }
  });

  it("are not asked again when the answer is final: refused, not found, not decodable", async () => {
    for (const failure of [failedRequest(401), failedRequest(403), failedRequest(404), new Error("decoding failed")]) {
      const loader = scripted([failure, image]);
      await expect(withRetry(loader.load, [1, 1, 1], noWait)("wadors:x").promise).rejects.toBe(failure);
      expect(loader.calls()).toBe(1);
    }
  });

  it("give up after the last delay with the last failure", async () => {
    const waited: number[] = [];
    const loader = scripted([failedRequest(503)]);
    const wait = (ms: number) => {
      waited.push(ms);
      return Promise.resolve();
    };
    await expect(withRetry(loader.load, [10, 20], wait)("wadors:x").promise).rejects.toEqual(failedRequest(503));
    expect(loader.calls()).toBe(3);
    expect(waited).toEqual([10, 20]);
  });

  it("tell a request from other failures", () => {
    expect(isTransientFailure(failedRequest(503))).toBe(true);
    expect(isTransientFailure({ status: 503 })).toBe(false);
    expect(isTransientFailure(null)).toBe(false);
    expect(isTransientFailure("503")).toBe(false);
  });
});
