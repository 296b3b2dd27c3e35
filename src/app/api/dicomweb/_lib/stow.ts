/**
 * STOW-RS (POST /studies): a multipart/related body of DICOM files goes through the same import service as the
 * command line. The answer is DICOM JSON (Store Instances Response Module), or, for the app's own upload page
 * (Accept: application/json), the import result per file. 200 all stored, 202 some failed or held in quarantine,
 * 409 none accepted, 413 request too large or of too many parts. The body is never held in memory as a whole.
 */
import path from "node:path";
import { parseAccept, parseMediaType } from "@/integrations/dicomweb/media-type";
import { TooManyPartsError } from "@/integrations/dicomweb/multipart";
import { spoolMultipart } from "@/integrations/dicomweb/multipart-spool";
import { stowResponseToDicomJson } from "@/integrations/dicomweb/responses";
import { instanceUrl } from "@/integrations/dicomweb/urls";
import type { RouteContext } from "@/server/api/route-guard";
import { formatBytes, imageStoreFromEnv, incomingFolder, maxUploadBytes } from "@/server/services/imaging/image-store";
import { importDicom, type ImportResult, type ImportSource } from "@/server/services/imaging/import-dicom";
import { dicomJson, HttpError } from "./http";

/** Multipart headers and boundaries around the files themselves. */
const ENVELOPE_BYTES = 1024 * 1024;
/** Parts per request: each costs work whatever its size, so 40,000 empty parts must not be 40,000 imports. */
export const MAX_STOW_PARTS = 10_000;

function partName(headers: Record<string, string>, index: number): string {
  const disposition = headers["content-disposition"]?.match(/filename\*?="?([^";]+)"?/i)?.[1];
  const location = headers["content-location"];
  const raw = disposition ?? location;
  if (!raw) return `file ${index + 1}`;
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // keep it as sent
  }
  return path.posix.basename(decoded.replaceAll("\\", "/")).slice(0, 200) || `file ${index + 1}`;
}

function status(result: ImportResult): number {
  const accepted = result.stored + result.duplicates + result.quarantined.length;
  if (accepted === 0) return 409;
  return result.rejected.length > 0 || result.quarantined.length > 0 ? 202 : 200;
}

function toDicomJson(result: ImportResult) {
  return stowResponseToDicomJson({
    referenced: result.files
      .filter((f) => f.status !== "rejected" && f.sopInstanceUid && f.sopClassUid)
      .map((f) => ({
        sopClassUid: f.sopClassUid!,
        sopInstanceUid: f.sopInstanceUid!,
        // Quarantined instances are held, not yet retrievable.
        ...(f.status !== "quarantined" ? { retrieveUrl: instanceUrl(f.studyInstanceUid!, f.seriesInstanceUid!, f.sopInstanceUid!) } : {}),
      })),
    failed: result.files
      .filter((f) => f.status === "rejected")
      .map((f) => ({ sopClassUid: f.sopClassUid, sopInstanceUid: f.sopInstanceUid, failureReason: f.failureReason ?? 0x0110 })),
  });
}

export async function storeInstances(ctx: RouteContext, request: Request): Promise<Response> {
  const contentType = parseMediaType(request.headers.get("content-type") ?? "");
  if (contentType.type !== "multipart/related") throw new HttpError(415, 'Send the files as multipart/related; type="application/dicom".');
  const partType = contentType.params.type?.toLowerCase();
  if (partType && partType !== "application/dicom") throw new HttpError(415, 'Only DICOM files can be stored here (multipart/related; type="application/dicom").');
  const boundary = contentType.params.boundary;
  if (!boundary) throw new HttpError(400, "The multipart request names no boundary.");

  const limit = maxUploadBytes();
  const tooLarge = () =>
    new HttpError(413, `The upload is larger than the limit of ${formatBytes(limit)} per request (CONCILIUM_MAX_UPLOAD_BYTES). Send fewer or smaller files at a time.`);
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit + ENVELOPE_BYTES) throw tooLarge();
  const store = imageStoreFromEnv();
  // The body goes to a spool file on disk part by part as it arrives; each file is read back when its turn comes.
  const spool = await spoolMultipart(request.body, boundary, { directory: incomingFolder(store), maxParts: MAX_STOW_PARTS, maxBytes: limit + ENVELOPE_BYTES, tooLarge }).catch(
    (error: unknown) => {
      throw error instanceof TooManyPartsError ? new HttpError(413, error.message) : error;
    },
  );
  let result: ImportResult;
  try {
    if (spool.parts.length === 0) throw new HttpError(400, "The upload contains no files.");
    const sources: ImportSource[] = spool.parts.map((part, i) => ({ name: partName(part.headers, i), size: part.size, read: part.read }));
    result = await importDicom(ctx.db, ctx.user, sources, { maxFileBytes: limit, store, sender: { boardIds: ctx.user.boardIds } });
  } finally {
    await spool.close();
  }

  const quarantined = result.quarantined.length;
  const headers: Record<string, string> = quarantined
    ? { Warning: `299 concilium "${quarantined} instance(s) held in quarantine for review"` }
    : {};
  const wantsAppJson = parseAccept(request.headers.get("accept"))[0]?.type === "application/json";
  if (wantsAppJson) {
    return Response.json(
      {
        stored: result.stored,
        duplicates: result.duplicates,
        quarantined: result.quarantined,
        rejected: result.rejected,
        files: result.files.map((f) => ({ name: f.name, status: f.status, ...(f.reason ? { reason: f.reason } : {}) })),
      },
      { status: status(result), headers: { ...headers, "Cache-Control": "private, no-store" } },
    );
  }
  return dicomJson(toDicomJson(result), { status: status(result), headers });
}
