/** What a fast-path route answers: always a granted 200 (refusals and errors are the full route's). */
export interface FastAnswer {
  contentType: string;
  body: Buffer | Buffer[];
}

/** A route of the fast path: null when the request is to go to the full route. */
export type FastRoute = (request: FastRequest, match: RegExpExecArray) => Promise<FastAnswer | null>;

export interface FastRequest {
  /** The request's headers, lower-case names. */
  header(name: string): string | undefined;
  /** The client's address as the socket saw it (audit only; Next passes it on as X-Forwarded-For). */
  remoteAddress: string | undefined;
}
