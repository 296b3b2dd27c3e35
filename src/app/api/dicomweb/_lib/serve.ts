/**
 * The shape of one DICOMweb resource. The HTTP edge (src/server/http/with-guard.ts) authenticates and authorizes;
 * `dicomweb(route)` in ./http.ts checks the UIDs in the path (400) and hands the request to `handler`.
 */
import type { RouteContext } from "@/server/api/route-guard";

export type PathParams = Partial<Record<"study" | "series" | "instance" | "frames" | "tag", string>>;

export type Handler<P extends PathParams> = (ctx: RouteContext, request: Request, params: P) => Promise<Response>;

export interface DicomwebRoute<P extends PathParams> {
  /** Used in log lines: the route's pattern, never its UIDs. */
  name: string;
  /** "study": the path names a study, whose patient decides access; "none": any clinical user (QIDO filters, STOW). */
  scope: "study" | "none";
  handler: Handler<P>;
}
