/**
 * The fast path for the routes a viewer calls hundreds of times a minute (slide tiles, WADO-RS frames), served by the
 * custom server (scripts/serve.mjs) before Next's routing. It answers only a request the HTTP edge would grant and
 * answer with 200, with the edge's headers; every other request (refused, malformed, not found, needing decoding,
 * failing) goes on to the full route under src/app/api, which answers, refuses and audits as it always has.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { hasControlCharacter } from "@/server/api/id-schema";
import { grantedCacheControl } from "@/server/http/route-policies";
import { apiSecurityHeadersFor } from "@/server/http/security-headers";
import type { FastAnswer, FastRequest, FastRoute } from "./fast-answer";
import { FRAMES_PATH, serveFramesFast } from "./serve-frames";
import { PACS_PATH, servePacsFast } from "./serve-pacs";
import { SERIES_METADATA_PATH, serveSeriesMetadataFast } from "./serve-series-metadata";
import { serveTileFast, TILE_PATH } from "./serve-tile";

const ROUTES: [RegExp, FastRoute][] = [
  [TILE_PATH, serveTileFast],
  [FRAMES_PATH, serveFramesFast],
  [SERIES_METADATA_PATH, serveSeriesMetadataFast],
  [PACS_PATH, servePacsFast],
];

/** What next.config.js's headers() adds to every path (this path does not pass through Next). */
const SITE_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
};

function decodedPath(url: string | undefined): string | null {
  if (!url || url.includes("?") || url.includes("#")) return null;
  try {
    // Viewers' paths are UIDs and numbers: nothing to decode (decoding every path cost a tile a noticeable share).
    const path = url.includes("%") ? decodeURIComponent(url) : url;
    return hasControlCharacter(path) ? null : path;
  } catch {
    return null;
  }
}

/** The route of this request on the fast path, if it has one. */
export function fastRouteOf(method: string | undefined, url: string | undefined): { route: FastRoute; match: RegExpExecArray } | null {
  if (method !== "GET") return null;
  const path = decodedPath(url);
  if (!path || !path.startsWith("/api/")) return null;
  for (const [pattern, route] of ROUTES) {
    const match = pattern.exec(path);
    if (match) return { route, match };
  }
  return null;
}

/**
 * The answer of the fast path for a request, or null when the full route is to answer it. Never throws (nor
 * rejects). Given at once when the route answered from memory.
 */
export function answerFast(method: string | undefined, url: string | undefined, request: FastRequest): FastAnswer | null | Promise<FastAnswer | null> {
  const found = fastRouteOf(method, url);
  if (!found) return null;
  try {
    const answer = found.route(request, found.match);
    // The full route meets the same failure and answers it as a problem, with its log line.
    return answer instanceof Promise ? answer.catch(() => null) : answer;
  } catch {
    return null;
  }
}

/**
 * A request header (lower-case name), read from the raw list: Node builds req.headers on first use, which costs a
 * tile answered from memory a tenth of its time. Repeated headers are joined as req.headers joins them.
 */
function headerOf(req: IncomingMessage, name: string): string | undefined {
  const raw = req.rawHeaders;
  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i]!;
    if (key.length !== name.length || key.toLowerCase() !== name) continue;
    value = value === undefined ? raw[i + 1] : `${value}${name === "cookie" ? "; " : ", "}${raw[i + 1]}`;
  }
  return value;
}

function viaHttps(req: IncomingMessage): boolean {
  const forwarded = String(headerOf(req, "x-forwarded-proto") ?? "").split(",")[0]?.trim().toLowerCase();
  return forwarded ? forwarded === "https" : "encrypted" in req.socket && Boolean(req.socket.encrypted);
}

/**
 * The headers every fast answer carries, over HTTP and over HTTPS, as the flat name-value list writeHead takes (built
 * once: they are the same for every answer, and a list spares building an object per answer).
 */
const BASE_HEADERS = {
  http: Object.entries({ ...SITE_HEADERS, ...apiSecurityHeadersFor(false) }).flat(),
  https: Object.entries({ ...SITE_HEADERS, ...apiSecurityHeadersFor(true) }).flat(),
};

/**
 * Answers on the fast path and says true, or says false and leaves the request untouched for Next; at once (not a
 * promise) when the answer was.
 */
export function handleFast(req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean> {
  const answer = answerFast(req.method, req.url, { header: (name) => headerOf(req, name), remoteAddress: req.socket.remoteAddress });
  return answer instanceof Promise ? answer.then((a) => send(req, res, a)) : send(req, res, answer);
}

function send(req: IncomingMessage, res: ServerResponse, answer: FastAnswer | null): boolean | Promise<boolean> {
  if (!answer) return false;
  // 'close' comes after the last write has left for the socket, or once the connection is gone.
  if (answer.release) res.once("close", answer.release);
  const status = answer.status ?? 200;
  const headers = [...BASE_HEADERS[viaHttps(req) ? "https" : "http"]];
  if (answer.contentType) headers.push("Content-Type", answer.contentType);
  // As the edge's cacheControl(): the route's own, else an image of a "private-short" policy is kept by this user's
  // browser only, for minutes; anything but a 200 is not kept.
  headers.push("Cache-Control", answer.cacheControl ?? (status === 200 ? grantedCacheControl("private-short") : "private, no-store"));
  for (const name in answer.headers) headers.push(name, answer.headers[name]!);
  if (status === 304) {
    // Not modified: no body, and no Content-Length (it would describe the kept answer's body).
    res.writeHead(status, headers);
    res.end();
    return true;
  }
  if (Buffer.isBuffer(answer.body) || Array.isArray(answer.body)) {
    const parts = Array.isArray(answer.body) ? answer.body : [answer.body];
    let length = 0;
    for (const part of parts) length += part.length;
    headers.push("Content-Length", String(length));
    res.writeHead(status, headers);
    for (let i = 0; i < parts.length - 1; i++) res.write(parts[i]);
    res.end(parts[parts.length - 1]);
    return true;
  }
  res.writeHead(status, headers);
  // A Node stream (the PACS's answer) is piped as it is: iterating it chunk by chunk costs a frame's time noticeably.
  const source = answer.body instanceof Readable ? answer.body : Readable.from(answer.body);
  return pipeline(source, res).then(
    () => true,
    () => {
      res.destroy();
      return true;
    },
  );
}
