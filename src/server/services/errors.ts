/** The answer for an id that does not exist and for one the caller's boards may not see alike (finding 12). */
export const NOT_FOUND_MESSAGE = "Not found.";

/** A refusal a user can act on; the API layer turns it into the matching tRPC error with this message. */
export class ServiceError extends Error {
  constructor(
    readonly code: "BAD_REQUEST" | "NOT_FOUND" | "CONFLICT" | "SERVICE_UNAVAILABLE",
    message: string,
    readonly fields?: { field: string; message: string }[],
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

/** How long a client should wait before retrying while the database is unreachable (the Retry-After header). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export const DATABASE_UNAVAILABLE_MESSAGE = "The database is not reachable at the moment (it may be restarting). Nothing was changed; try again in a few seconds.";

// Socket errors of a lost or refused connection.
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "ECONNABORTED", "EAI_AGAIN"]);
// SQLSTATE: class 08 (connection exception), 57P01-57P03 (admin/crash shutdown, cannot connect now), 53300 (too many connections).
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
// Prisma's codes for an unreachable server, a closed connection and a pool timeout.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1017", "P2024"]);
// The kinds @prisma/adapter-pg maps connection failures to.
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// node-postgres reports a dropped connection without a code, only in words.
const PG_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|the database system is (starting up|shutting down|in recovery mode)/i;

/**
 * Whether an error means "the database cannot be reached right now" (restart, failover, network) rather than a
 * fault in the request: such requests get "try again" (503 with Retry-After), not a 500. Follows `cause` chains and
 * the driver error that Prisma keeps in `meta.driverAdapterError`.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const e = pending.pop();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const { name, code, kind, message, cause, meta } = e as { name?: unknown; code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    if (name === "DatabaseUnavailableError") return true;
    if (typeof code === "string" && (SOCKET_CODES.has(code) || SQLSTATES.has(code) || code.startsWith("08") || PRISMA_CODES.has(code))) return true;
    if (typeof kind === "string" && ADAPTER_KINDS.has(kind)) return true;
    if (typeof message === "string" && PG_MESSAGES.test(message)) return true;
    pending.push(cause, meta?.driverAdapterError);
    // Node reports a refused connection to every address of a host name as an AggregateError.
    if (e instanceof AggregateError) pending.push(...e.errors);
  }
  return false;
}
