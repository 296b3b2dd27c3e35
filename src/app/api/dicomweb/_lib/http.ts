/**
 * Responses of the DICOMweb routes: DICOM JSON and multipart bodies. Refusals and errors are the HTTP edge's
 * (src/server/http/problem.ts), re-exported here for the handlers; `dicomweb(route)` makes a handler for withGuard.
 */
import type { DicomJson } from "@/integrations/dicomweb/dicom-json";
import { formatMediaType } from "@/integrations/dicomweb/media-type";
import { multipartStream, newBoundary, type OutgoingPart } from "@/integrations/dicomweb/multipart";
import { isValidUid } from "@/integrations/dicomweb/uid";
import { errorResponse as edgeErrorResponse, HttpError, problem } from "@/server/http/problem";
import { PATIENT_DATA_MAX_AGE } from "@/server/http/route-policies";
import { withGuard, type CheckedHandler } from "@/server/http/with-guard";
import type { DicomwebRoute, PathParams } from "./serve";

export { HttpError, problem };

// Patient data: never kept by shared caches, and JSON not even by the browser.
const NO_STORE = { "Cache-Control": "private, no-store" };
const PRIVATE_CACHE = { "Cache-Control": `private, max-age=${PATIENT_DATA_MAX_AGE}` };

export function dicomJson(body: DicomJson | DicomJson[], init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(body), { status: init.status ?? 200, headers: { "Content-Type": "application/dicom+json", ...NO_STORE, ...init.headers } });
}

/** A multipart/related response written part by part as the client reads: `parts` may be a lazy iterable. */
export function multipart(parts: Iterable<OutgoingPart> | AsyncIterable<OutgoingPart>, partType: string, params: Record<string, string | undefined> = {}): Response {
  const boundary = newBoundary();
  return new Response(multipartStream(parts, boundary), {
    headers: { "Content-Type": formatMediaType("multipart/related", { type: partType, ...params, boundary }), ...PRIVATE_CACHE },
  });
}

export function image(body: Uint8Array, contentType: string): Response {
  return new Response(body as BodyInit, { headers: { "Content-Type": contentType, ...PRIVATE_CACHE } });
}

/** The status and message a client gets for an error: the edge's one mapping. */
export const errorResponse = (error: unknown, route: string): Response => edgeErrorResponse(error, `DICOMweb ${route}`);

const UID_PARAMS = { study: "StudyInstanceUID", series: "SeriesInstanceUID", instance: "SOPInstanceUID" } as const;

/** A withGuard handler for one DICOMweb resource: UIDs in the path are checked first (400), then the resource answers. */
export function dicomweb<P extends PathParams>(route: DicomwebRoute<P>): CheckedHandler<P & Record<string, string>> {
  return {
    checkParams(params) {
      for (const [key, label] of Object.entries(UID_PARAMS) as [keyof typeof UID_PARAMS, string][]) {
        const value: string | undefined = params[key];
        if (value !== undefined && !isValidUid(value)) return `${label} "${String(value).slice(0, 70)}" is not a valid DICOM UID.`;
      }
      return null;
    },
    handle: ({ request, params, ...ctx }) => route.handler(ctx, request, params),
  };
}

/**
 * The methods a DICOMweb resource does not serve: 405 with Allow, as a JSON problem (Next would answer an empty 405).
 * Route files export them beside their own: `export const { POST, PUT, PATCH, DELETE } = otherMethods("GET")`.
 */
export function otherMethods(allow: string) {
  const handler = withGuard("dicomweb.unknown", () => problem(405, `This DICOMweb resource answers ${allow} only.`, { Allow: allow }));
  return { POST: handler, PUT: handler, PATCH: handler, DELETE: handler };
}

/** The answer for a path under /api/dicomweb that is no DICOMweb resource of Concilium's (the catch-all route). */
export const unknownResource = () =>
  problem(404, "There is no such DICOMweb resource. Concilium serves QIDO-RS, WADO-RS and STOW-RS under /api/dicomweb/studies.");
