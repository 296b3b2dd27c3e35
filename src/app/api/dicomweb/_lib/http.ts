/** Responses of the DICOMweb routes: DICOM JSON, multipart bodies, and JSON problems `{ error }` with their status. */
import { DicomParseError } from "@/integrations/dicom/read-dicom-header";
import type { DicomJson } from "@/integrations/dicomweb/dicom-json";
import { formatMediaType } from "@/integrations/dicomweb/media-type";
import { MultipartError, multipartStream, newBoundary, type OutgoingPart } from "@/integrations/dicomweb/multipart";
import { FrameError } from "@/integrations/dicomweb/pixel-data";
import { QueryError } from "@/integrations/dicomweb/qido";
import { RenderError } from "@/integrations/dicomweb/render";
import { RleError } from "@/integrations/dicomweb/rle";
import { ServiceError } from "@/server/services/errors";
import { StoreFileMissingError } from "@/server/services/imaging/retrieve";

/** A refusal with its HTTP status, thrown by the handlers. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

// Patient data: never kept by shared caches, and JSON not even by the browser.
const NO_STORE = { "Cache-Control": "private, no-store" };
const PRIVATE_CACHE = { "Cache-Control": "private, max-age=600" };

export function problem(status: number, error: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error }, { status, headers: { ...NO_STORE, ...headers } });
}

export function dicomJson(body: DicomJson | DicomJson[], init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(body), { status: init.status ?? 200, headers: { "Content-Type": "application/dicom+json", ...NO_STORE, ...init.headers } });
}

/** A multipart/related response written part by part as the client reads: `parts` may be a lazy iterable. */
export function multipart(parts: Iterable<OutgoingPart>, partType: string, params: Record<string, string | undefined> = {}): Response {
  const boundary = newBoundary();
  return new Response(multipartStream(parts, boundary), {
    headers: { "Content-Type": formatMediaType("multipart/related", { type: partType, ...params, boundary }), ...PRIVATE_CACHE },
  });
}

export function image(body: Uint8Array, contentType: string): Response {
  return new Response(body as BodyInit, { headers: { "Content-Type": contentType, ...PRIVATE_CACHE } });
}

const SERVICE_STATUS: Record<ServiceError["code"], number> = { BAD_REQUEST: 400, NOT_FOUND: 404, CONFLICT: 409, SERVICE_UNAVAILABLE: 503 };

/** The status and message a client gets for an error; unexpected errors are logged by name only (no patient data). */
export function errorResponse(error: unknown, route: string): Response {
  if (error instanceof HttpError) return problem(error.status, error.message);
  if (error instanceof ServiceError) return problem(SERVICE_STATUS[error.code], error.message);
  if (error instanceof QueryError || error instanceof MultipartError) return problem(400, error.message);
  if (error instanceof RenderError) return problem(406, error.message);
  if (error instanceof FrameError) return problem(error.code === "UNREADABLE" ? 500 : 404, error.message);
  if (error instanceof RleError) return problem(500, `The stored image cannot be decoded: ${error.message}`);
  if (error instanceof StoreFileMissingError) return problem(500, error.message);
  if (error instanceof DicomParseError) return problem(500, "The stored DICOM file cannot be read. Please tell the radiology department or an administrator.");
  console.error(`DICOMweb ${route} failed: ${error instanceof Error ? error.name : "unknown error"}`);
  return problem(500, "The image store could not answer this request. Please try again.");
}
