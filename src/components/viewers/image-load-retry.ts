import type { Types } from "@cornerstonejs/core";

/**
 * Waits before asking again for a frame whose request failed in passing. When a case switch makes every follower
 * ask for the same series at once, a busy server may drop or refuse a few requests; without a retry, one such frame
 * left the viewer failed for good.
 */
export const FRAME_RETRY_DELAYS_MS = [300, 1_000, 2_500];

/**
 * Whether a failed frame request is worth repeating: no answer at all (connection reset, network), a timeout, "too
 * many requests" or a server error. Refusals (401, 403), missing frames (404) and decoding failures are not.
 * The WADO-RS loader rejects with the XMLHttpRequest itself.
 */
export function isTransientFailure(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("status" in error) || !("readyState" in error)) return false;
  const status = Number((error as { status: unknown }).status);
  return status === 0 || status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/** An image loader that asks again, after the given delays, for an image whose request failed in passing. */
export function withRetry(load: Types.ImageLoaderFn, delays: readonly number[] = FRAME_RETRY_DELAYS_MS, wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))): Types.ImageLoaderFn {
  return (imageId, options) => {
    const attempt = async (done: number): Promise<Types.IImage> => {
      try {
        return await load(imageId, options).promise;
      } catch (error) {
        if (done >= delays.length || !isTransientFailure(error)) throw error;
        await wait(delays[done]!);
        return attempt(done + 1);
      }
    };
    return { promise: attempt(0) };
  };
}
