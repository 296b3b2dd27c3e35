/**
 * A real HTTP server over the app's route.ts files of one folder, without Next: for tests in which an outside
 * program (a real Orthanc) calls Concilium over the network. Paths are matched as Next's app router does: a static
 * segment before a [dynamic] one, a [...catch-all] or [[...optional]] one last. Bodies are streamed both ways.
 */
import { readdirSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";

type RouteModule = Record<string, ((request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>) | undefined>;
type Segment = { kind: "static"; name: string } | { kind: "dynamic"; name: string } | { kind: "catchAll"; name: string; optional: boolean };
interface Route {
  file: string;
  segments: Segment[];
}

function routesUnder(dir: string, segments: Segment[] = []): Route[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      const catchAll = name.match(/^(\[)?\[\.\.\.(\w+)\](\])?$/);
      const dynamic = name.match(/^\[(\w+)\]$/);
      const segment: Segment = catchAll ? { kind: "catchAll", name: catchAll[2]!, optional: Boolean(catchAll[1]) } : dynamic ? { kind: "dynamic", name: dynamic[1]! } : { kind: "static", name };
      return routesUnder(full, [...segments, segment]);
    }
    return name === "route.ts" ? [{ file: full, segments }] : [];
  });
}

/** The route's params for these path segments, and how specific the match is (lower is better), or null. */
function match(route: Route, parts: string[]): { params: Record<string, string | string[]>; rank: number[] } | null {
  const params: Record<string, string | string[]> = {};
  const rank: number[] = [];
  for (const [i, segment] of route.segments.entries()) {
    if (segment.kind === "catchAll") {
      if (i >= parts.length && !segment.optional) return null;
      params[segment.name] = parts.slice(i);
      rank.push(2);
      return { params, rank };
    }
    const part = parts[i];
    if (part === undefined) return null;
    if (segment.kind === "static" && segment.name !== part) return null;
    if (segment.kind === "dynamic") params[segment.name] = part;
    rank.push(segment.kind === "static" ? 0 : 1);
  }
  return route.segments.length === parts.length ? { params, rank } : null;
}

const better = (a: number[], b: number[]) => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? -1) !== (b[i] ?? -1)) return (a[i] ?? -1) < (b[i] ?? -1);
  return false;
};

function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  headers.set("x-forwarded-for", req.socket.remoteAddress ?? "");
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(`${origin}${req.url}`, { method: req.method, headers, ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}) } as RequestInit);
}

async function send(response: Response, res: ServerResponse) {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) return void res.end();
  Readable.fromWeb(response.body as WebReadableStream).pipe(res);
}

export interface RouteServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the route.ts files under `dir` at `prefix` (e.g. src/app/api/dicomweb at /api/dicomweb) on 127.0.0.1. */
export async function startRouteServer(dir: string, prefix: string): Promise<RouteServer> {
  const routes = routesUnder(dir);
  const modules = new Map<string, RouteModule>();
  for (const route of routes) modules.set(route.file, (await import(route.file)) as RouteModule);
  let origin = "";
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://x").pathname;
    const parts = pathname === prefix ? [] : pathname.startsWith(`${prefix}/`) ? pathname.slice(prefix.length + 1).split("/").filter(Boolean).map(decodeURIComponent) : null;
    let best: { route: Route; params: Record<string, string | string[]>; rank: number[] } | null = null;
    for (const route of parts ? routes : []) {
      const found = match(route, parts!);
      if (found && (!best || better(found.rank, best.rank))) best = { route, ...found };
    }
    const handler = best && modules.get(best.route.file)?.[req.method ?? "GET"];
    if (!best || !handler) {
      res.writeHead(best ? 405 : 404).end();
      return;
    }
    handler(toRequest(req, origin), { params: Promise.resolve(best.params) }).then(
      (response) => send(response, res),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return { url: `${origin}${prefix}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
