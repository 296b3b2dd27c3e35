import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "@/server/services/errors";
import { appRouter } from "./root";
import { databaseUnavailable, type Context } from "./trpc";

/**
 * The tRPC endpoint over HTTP. `createContext` is the request's (session from the cookie); tests pass their own.
 * While the database is unreachable every answer is 503 SERVICE_UNAVAILABLE with Retry-After, so clients retry.
 */
export function handleTrpcRequest(req: Request, createContext: () => Promise<Context>): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => {
      try {
        return await createContext();
      } catch (error) {
        // Loading the session's user is the first query of every request.
        throw isDatabaseUnavailable(error) ? databaseUnavailable(error) : error;
      }
    },
    responseMeta: ({ errors }) => (errors.some(isDatabaseUnavailable) ? { headers: new Headers({ "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) }) } : {}),
    // Only unexpected failures reach the log, and only by path and code: inputs may hold patient data.
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed: ${error.cause?.name ?? error.name}`);
    },
  });
}
