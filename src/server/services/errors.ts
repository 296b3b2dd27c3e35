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
