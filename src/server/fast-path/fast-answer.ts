/** What a fast-path route answers: a granted request's answer (refusals and errors are the full route's). */
export interface FastAnswer {
  /** 200 unless the PACS behind the proxy said otherwise (or 304 to a request that named the answer's ETag). */
  status?: number;
  contentType: string | null;
  /** Bytes at hand, or a stream passed through as it arrives (the PACS's answer). */
  body: Buffer | Buffer[] | AsyncIterable<Uint8Array>;
  /** The full route's caching of this answer: by default, for a 200, an image's "private, max-age" (the policy's private-short). */
  cacheControl?: string;
  /** More headers of the full route's answer (e.g. Content-Encoding and Vary). */
  headers?: Record<string, string>;
  /**
   * Called once the answer has been sent or its connection has closed: a body in memory that will be written again
   * (./recycled-memory.ts) is held until then.
   */
  release?: () => void;
}

/**
 * A route of the fast path: null when the request is to go to the full route. The answer is given at once, without
 * a promise, when everything it needs is in memory: on a Next server every promise also costs async-context tracking,
 * and a viewer's hundreds of requests are mostly such answers.
 */
export type FastRoute = (request: FastRequest, match: RegExpExecArray) => FastAnswer | null | Promise<FastAnswer | null>;

export interface FastRequest {
  /** The request's headers, lower-case names. */
  header(name: string): string | undefined;
  /** The client's address as the socket saw it (audit only; Next passes it on as X-Forwarded-For). */
  remoteAddress: string | undefined;
}
