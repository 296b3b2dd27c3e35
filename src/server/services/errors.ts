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
