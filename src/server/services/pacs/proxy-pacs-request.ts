import { parseAccept } from "@/integrations/dicomweb/media-type";
import type { PacsConfig } from "@/integrations/pacs/pacs-config";
import { pacsGet, PacsUnavailableError } from "@/integrations/pacs/pacs-client";
import { pacsGetValidated } from "@/integrations/pacs/validated-cache";
import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";
import { recordAuditOncePerMinute } from "../audit/record-audit-throttled";

const UID = "[0-9]+(?:\\.[0-9]+)*";
// The DICOMweb resources below a study that the viewer needs; anything else is refused before it reaches the PACS.
const ALLOWED = new RegExp(
  `^(metadata|series|series/${UID}(/metadata|/thumbnail|/rendered|/instances(/${UID}(/metadata|/rendered|/thumbnail|/frames/[0-9]+(,[0-9]+)*)?)?)?)$`,
);
const PASSED_QUERY = new Set(["includefield", "limit", "offset", "window", "viewport", "quality"]);
const RENDERED = /(rendered|thumbnail)$/;
const DEFAULT_ACCEPT: [RegExp, string][] = [
  [/\/frames\//, 'multipart/related; type="application/octet-stream"; transfer-syntax=*'],
  [RENDERED, "image/jpeg"],
];
/** Whether an Accept header takes a JPEG: image/jpeg, image/* or *\/* among its ranges (q above 0). */
const takesJpeg = (accept: string) => parseAccept(accept).some((range) => ["image/jpeg", "image/*", "*/*"].includes(range.type));

/**
 * What to ask the PACS for. A browser asks for an image as `image/avif,image/webp,…,image/*,*\/*;q=0.8`, which Orthanc
 * refuses for a rendered image (HTTP 400: it takes one type, or *\/*), so every thumbnail of a PACS series showed "No
 * preview": a rendered image is asked for as the JPEG such a client takes.
 */
function acceptFor(subPath: string, accept: string | null): string {
  if (accept && accept !== "*/*" && !(RENDERED.test(subPath) && takesJpeg(accept))) return accept;
  return DEFAULT_ACCEPT.find(([re]) => re.test(subPath))?.[1] ?? "application/dicom+json";
}

/** An instruction for the route: an error status with a message, or the PACS's answer streamed through. */
export type ProxyResult = { status: number; error: string } | { response: Response };

export interface PacsRequest {
  studyUid: string;
  path: string[];
  accept: string | null;
  search: URLSearchParams;
  patientId: string | null;
}

/** What to ask the PACS for (checked against what the viewer may ask), or the refusal. */
export function planPacsRequest(request: PacsRequest): { status: number; error: string } | { upstreamPath: string; accept: string; search: URLSearchParams; subPath: string; isMetadata: boolean } {
  const subPath = request.path.join("/");
  if (!new RegExp(`^${UID}$`).test(request.studyUid) || !ALLOWED.test(subPath)) {
    return { status: 400, error: "This DICOMweb resource is not available through Concilium." };
  }
  // Orthanc and others have no series thumbnail: a series' rendered image serves the same purpose.
  const upstreamPath = `studies/${request.studyUid}/${subPath.replace(/\/thumbnail$/, "/rendered")}`;
  const search = new URLSearchParams([...request.search].filter(([k]) => PASSED_QUERY.has(k)));
  return { upstreamPath, accept: acceptFor(subPath, request.accept), search, subPath, isMetadata: subPath.endsWith("metadata") || subPath === "series" };
}

/**
 * Metadata reads are audited one event per request; frames and images come in bursts and are audited at most once per
 * user, study and minute (as the built-in store's, ../imaging/read-audit.ts), whether or not they were kept in memory.
 */
export async function auditPacsRead(db: Db, actor: Actor, request: PacsRequest, plan: { subPath: string; isMetadata: boolean }) {
  const entry = { action: "pacs.read", entityType: "ImagingStudy", entityId: request.studyUid, patientId: request.patientId };
  if (plan.isMetadata) await recordAudit(db, actor, { ...entry, detail: { resource: plan.subPath } });
  else await recordAuditOncePerMinute(db, actor, `pacs-study:${request.studyUid}`, { ...entry, detail: { resource: "images (first read this minute)" } });
}

/** The PACS's answer: metadata revalidated against a kept copy, frames and images streamed through. */
export function askPacs(pacs: PacsConfig, plan: { upstreamPath: string; accept: string; search: URLSearchParams; isMetadata: boolean }): Promise<Response> {
  return plan.isMetadata ? pacsGetValidated(pacs, plan.upstreamPath, plan) : pacsGet(pacs, plan.upstreamPath, plan);
}

/**
 * Forwards a viewer's DICOMweb request for one study to the site's PACS, with the PACS credentials added here and
 * never sent to the browser. The guard has already checked the user's board membership for the study.
 */
export async function proxyPacsRequest(
  db: Db,
  actor: Actor,
  pacs: PacsConfig | null,
  request: PacsRequest,
): Promise<ProxyResult> {
  if (!pacs) return { status: 404, error: "No external PACS is configured at this site." };
  const plan = planPacsRequest(request);
  if ("error" in plan) return plan;
  const study = await db.imagingStudy.findUnique({ where: { studyInstanceUid: request.studyUid }, select: { source: true } });
  if (study?.source !== "DICOMWEB") return { status: 404, error: "This study is not held by the external PACS." };

  await auditPacsRead(db, actor, request, plan);
  try {
    const upstream = await askPacs(pacs, plan);
    const headers = new Headers({ "Cache-Control": "private, no-store" });
    const type = upstream.headers.get("content-type");
    if (type) headers.set("Content-Type", type);
    return { response: new Response(upstream.body, { status: upstream.status, headers }) };
  } catch (error) {
    if (error instanceof PacsUnavailableError) return { status: 502, error: error.message };
    throw error;
  }
}
