/**
 * The tRPC endpoint's edge (/api/trpc): before tRPC sees a request, a mutation from another site (Origin, or
 * Sec-Fetch-Site) is refused (403), as are HTML-form bodies (415: tRPC would read multipart/form-data and
 * url-encoded forms, which any site can post), bodies over 1 MiB (413) and batches of more than 10 calls (400).
 * Answers are never cached; unexpected failures are logged by path and error name only. While the database is
 * unreachable every answer is 503 SERVICE_UNAVAILABLE with Retry-After, so clients retry.
 */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createContext as createRequestContext } from "@/server/api/context";
import { appRouter } from "@/server/api/root";
import { databaseUnavailable, type Context } from "@/server/api/trpc";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "@/server/services/errors";
import { problem } from "./problem";
import { crossSiteRefusal } from "./same-origin";
import { apiSecurityHeaders, withHeaders } from "./security-headers";

export const TRPC_ENDPOINT = "/api/trpc";
/** The largest JSON body a tRPC call may send: every form of the app fits many times over. */
export const TRPC_MAX_BODY_BYTES = 1024 * 1024;
/** The most calls one batched request may carry (the client's httpBatchLink sends at most this many). */
export const TRPC_MAX_BATCH = 10;

const FORM_TYPES = ["multipart/form-data", "application/x-www-form-urlencoded"];

class BodyTooLarge extends Error {}

/** The body, read up to `limit` bytes; longer bodies are refused without reading the rest. */
async function readCapped(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge();
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

/** The procedures a request calls: `/api/trpc/a.b,c.d?batch=1` calls two. */
function callCount(url: URL): number {
  const paths = decodeURIComponent(url.pathname.slice(TRPC_ENDPOINT.length + 1));
  return paths.split(",").length;
}

async function screen(request: Request): Promise<Request | Response> {
  const url = new URL(request.url);
  if (callCount(url) > TRPC_MAX_BATCH) return problem(400, `A batch may hold at most ${TRPC_MAX_BATCH} calls.`);
  if (request.method !== "POST") return request;
  const refusal = crossSiteRefusal(request);
  if (refusal) return problem(403, refusal);
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (FORM_TYPES.includes(type)) return problem(415, "Send tRPC calls as JSON.");
  try {
    const body = await readCapped(request, TRPC_MAX_BODY_BYTES);
    return new Request(request.url, { method: "POST", headers: request.headers, body, signal: request.signal });
  } catch (error) {
    if (error instanceof BodyTooLarge) return problem(413, `A request may carry at most ${TRPC_MAX_BODY_BYTES / 1024 / 1024} MiB.`);
    throw error;
  }
}

/** `createContext` is the request's (the session from the cookie); tests pass their own. */
export async function handleTrpcRequest(request: Request, createContext: () => Promise<Context> = createRequestContext): Promise<Response> {
  const screened = await screen(request);
  const response =
    screened instanceof Response
      ? screened
      : await fetchRequestHandler({
          endpoint: TRPC_ENDPOINT,
          req: screened,
          router: appRouter,
          createContext: async () => {
            try {
              return await createContext();
            } catch (error) {
              // Loading the session's user is the first query of every request.
              throw isDatabaseUnavailable(error) ? databaseUnavailable(error) : error;
            }
          },
          responseMeta: ({ errors }) =>
            errors.some(isDatabaseUnavailable) ? { headers: new Headers({ "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) }) } : {},
          // Only unexpected failures reach the log, and only by path and error name: inputs and messages may hold patient data.
          onError: ({ error, path }) => {
            if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed: ${error.cause?.name ?? error.name}`);
          },
        });
  return withHeaders(response, { "Cache-Control": "no-store", ...apiSecurityHeaders(request) });
}
