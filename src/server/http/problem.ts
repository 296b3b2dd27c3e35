/**
 * The one way an HTTP route answers a refusal or a failure: a JSON problem `{ error }` with its status, never cached.
 * Every error class the routes' services and integrations throw is mapped here, once; anything else is logged by
 * its name only (messages of database errors may hold patient data or SQL) and answered with a generic 500.
 */
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { Prisma } from "@/generated/prisma/client";
import { DicomParseError } from "@/integrations/dicom/read-dicom-header";
import { MultipartError } from "@/integrations/dicomweb/multipart";
import { FrameError } from "@/integrations/dicomweb/pixel-data";
import { QueryError } from "@/integrations/dicomweb/qido";
import { RenderError, UndecodableFrameError } from "@/integrations/dicomweb/render";
import { RleError } from "@/integrations/dicomweb/rle";
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable, NOT_FOUND_MESSAGE, ServiceError } from "@/server/services/errors";
import { StoreFileMissingError } from "@/server/services/imaging/retrieve";

/** A refusal with its HTTP status, thrown by route handlers. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** The answer for an id that does not exist and for one the caller may not see alike: nothing tells them apart. */
export { NOT_FOUND_MESSAGE };
export const INTERNAL_ERROR_MESSAGE = "Something went wrong on the server. Please try again.";

export function problem(status: number, error: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error }, { status, headers: { "Cache-Control": "private, no-store", ...headers } });
}

const SERVICE_STATUS: Record<ServiceError["code"], number> = { BAD_REQUEST: 400, NOT_FOUND: 404, CONFLICT: 409, SERVICE_UNAVAILABLE: 503 };
const TRPC_STATUS: Partial<Record<TRPCError["code"], number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  SERVICE_UNAVAILABLE: 503,
};

/** Status and message for a known error class, or null for an unexpected one. */
function knownError(error: unknown): [number, string] | null {
  if (error instanceof HttpError) return [error.status, error.message];
  if (error instanceof ServiceError) return [SERVICE_STATUS[error.code], error.message];
  if (error instanceof TRPCError && TRPC_STATUS[error.code]) return [TRPC_STATUS[error.code]!, error.code === "NOT_FOUND" ? NOT_FOUND_MESSAGE : error.message];
  if (error instanceof ZodError) return [400, error.issues.map((i) => i.message).join(" ")];
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") return [404, NOT_FOUND_MESSAGE];
  // DICOMweb: malformed queries and bodies, unacceptable renderings, frames that are not there or cannot be read.
  if (error instanceof QueryError || error instanceof MultipartError) return [400, error.message];
  if (error instanceof UndecodableFrameError) return [500, error.message];
  if (error instanceof RenderError) return [406, error.message];
  if (error instanceof FrameError) return [error.code === "UNREADABLE" ? 500 : 404, error.message];
  if (error instanceof RleError) return [500, `The stored image cannot be decoded: ${error.message}`];
  if (error instanceof StoreFileMissingError) return [500, error.message];
  if (error instanceof DicomParseError) return [500, "The stored DICOM file cannot be read. Please tell the radiology department or an administrator."];
  return null;
}

/** The response for any error a route handler threw; `route` names the route in the log line, never its ids. */
export function errorResponse(error: unknown, route: string): Response {
  if (isDatabaseUnavailable(error)) {
    return problem(503, DATABASE_UNAVAILABLE_MESSAGE, { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) });
  }
  const known = knownError(error);
  if (known) return problem(known[0], known[1]);
  const code = error instanceof Prisma.PrismaClientKnownRequestError ? ` ${error.code}` : "";
  console.error(`${route} failed: ${error instanceof Error ? error.name : "unknown error"}${code}`);
  return problem(500, INTERNAL_ERROR_MESSAGE);
}
