/**
 * STOW-RS (POST /studies): a multipart/related body of DICOM files goes through the same import service as the
 * command line. The answer is DICOM JSON (Store Instances Response Module), or, for the app's own upload page
 * (Accept: application/json), the import result per file. 200 all stored, 202 some failed or held in quarantine,
 * 409 none accepted, 413 request too large.
 */
import path from "node:path";
import { parseAccept, parseMediaType } from "@/integrations/dicomweb/media-type";
import { parseMultipart } from "@/integrations/dicomweb/multipart";
import { stowResponseToDicomJson } from "@/integrations/dicomweb/responses";
import { instanceUrl } from "@/integrations/dicomweb/urls";
import type { RouteContext } from "@/server/api/route-guard";
import { formatBytes, maxUploadBytes } from "@/server/services/imaging/image-store";
import { bytesSource, importDicom, type ImportResult } from "@/server/services/imaging/import-dicom";
import { dicomJson, HttpError } from "./http";

/** Multipart headers and boundaries around the files themselves. */
const ENVELOPE_BYTES = 1024 * 1024;

async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () =>
    new HttpError(413, `The upload is larger than the limit of ${formatBytes(limit)} per request (CONCILIUM_MAX_UPLOAD_BYTES). Send fewer or smaller files at a time.`);
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit + ENVELOPE_BYTES) throw tooLarge();
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit + ENVELOPE_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const joined = Buffer.concat(chunks);
  return new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength);
}

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
  const parts = parseMultipart(await readBody(request, limit), boundary);
  if (parts.length === 0) throw new HttpError(400, "The upload contains no files.");
  const result = await importDicom(
    ctx.db,
    ctx.user,
    parts.map((part, i) => bytesSource(partName(part.headers, i), part.body)),
    { maxFileBytes: limit },
  );

  const quarantined = result.quarantined.length;
  const headers: Record<string, string> = quarantined
    ? { Warning: `299 concilium "${quarantined} instance(s) held in quarantine: the patient does not match; see Imaging > Quarantine"` }
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
