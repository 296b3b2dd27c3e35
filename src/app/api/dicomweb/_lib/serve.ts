/**
 * The one wrapper of every DICOMweb route: UIDs in the path are checked (400), then the shared access guard
 * (clinical roles; for a study, membership of a board with a case of its patient), then the handler. route.ts files
 * pass `guardRoute`; tests pass a guard that builds the same context without a session cookie.
 */
import { CLINICAL_ROLES } from "@/domain/roles";
import { isValidUid } from "@/integrations/dicomweb/uid";
import type { AccessPolicy } from "@/server/api/access";
import type { RouteContext } from "@/server/api/route-guard";
import { errorResponse, problem } from "./http";

export type Guard = (policy: AccessPolicy, ids: Record<string, string>) => Promise<RouteContext | Response>;

export type PathParams = Partial<Record<"study" | "series" | "instance" | "frames" | "tag", string>>;

export type Handler<P extends PathParams> = (ctx: RouteContext, request: Request, params: P) => Promise<Response>;

export interface DicomwebRoute<P extends PathParams> {
  /** Used in log lines: the route's pattern, never its UIDs. */
  name: string;
  /** "study": the path names a study, whose patient decides access; "none": any clinical user (QIDO filters, STOW). */
  scope: "study" | "none";
  handler: Handler<P>;
}

const UID_PARAMS = { study: "StudyInstanceUID", series: "SeriesInstanceUID", instance: "SOPInstanceUID" } as const;

export const STUDY_POLICY: AccessPolicy = { roles: CLINICAL_ROLES, scope: { via: "study", field: "studyUid" } };
export const OPEN_POLICY: AccessPolicy = { roles: CLINICAL_ROLES, scope: { via: "none" } };

export async function serveDicomweb<P extends PathParams>(guard: Guard, route: DicomwebRoute<P>, request: Request, params: P): Promise<Response> {
  for (const [key, label] of Object.entries(UID_PARAMS) as [keyof typeof UID_PARAMS, string][]) {
    const value: string | undefined = params[key];
    if (value !== undefined && !isValidUid(value)) return problem(400, `${label} "${String(value).slice(0, 70)}" is not a valid DICOM UID.`);
  }
  const ctx = route.scope === "study" ? await guard(STUDY_POLICY, { studyUid: params.study ?? "" }) : await guard(OPEN_POLICY, {});
  if (ctx instanceof Response) return ctx;
  try {
    return await route.handler(ctx, request, params);
  } catch (error) {
    return errorResponse(error, route.name);
  }
}

/** A Next route handler for one DICOMweb resource. */
export function dicomwebRoute<P extends PathParams>(guard: Guard, route: DicomwebRoute<P>) {
  // Routes without dynamic segments (GET/POST /studies) get no params from Next at all.
  return async (request: Request, context: { params?: Promise<P> }): Promise<Response> =>
    serveDicomweb(guard, route, request, ((await context?.params) ?? {}) as P);
}
