/**
 * The bodies of the case document routes, handlers for withGuard: POST a document (multipart form: file, kind,
 * description) and GET one back, inline.
 */
import { z } from "zod";
import { CASE_DOCUMENT_KINDS } from "@/domain/documents/case-document";
import { problem } from "@/server/http/problem";
import type { Guarded } from "@/server/http/with-guard";
import { attachCaseDocument, DocumentRefused, maxDocumentBytes, openCaseDocument, tooLargeMessage } from "@/server/services/cases/case-documents";

/** Room for the form's boundaries and its small text fields around the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

const uploadFields = z.object({
  kind: z.enum(CASE_DOCUMENT_KINDS, { error: "Say what kind of document this is." }),
  description: z.string({ error: "Describe the document." }).trim().min(1, "Describe the document (e.g. \"Biopsy report, right upper lobe\").").max(500, "Keep the description under 500 characters."),
});

/** The body, read no further than `limit` bytes: null when it is larger (a chunked body has no Content-Length). */
async function readBodyUpTo(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.length;
    if (received > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** POST /api/cases/{caseId}/documents: 201 with the stored document; 400 empty or incomplete, 413 too large, 415 not a PDF/image. */
export async function receiveCaseDocument({ db, user, request, params }: Guarded<{ caseId: string }>): Promise<Response> {
  const limit = maxDocumentBytes();
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > limit + FORM_OVERHEAD_BYTES) return problem(413, tooLargeMessage(limit));
  if (!request.headers.get("content-type")?.startsWith("multipart/form-data")) return problem(400, "Send the document as a form (multipart/form-data) with file, kind and description.");
  const body = await readBodyUpTo(request, limit + FORM_OVERHEAD_BYTES);
  if (!body) return problem(413, tooLargeMessage(limit));
  const form = await new Response(body, { headers: { "content-type": request.headers.get("content-type")! } }).formData().catch(() => null);
  if (!form) return problem(400, "The upload could not be read as a form.");
  const file = form.get("file");
  if (!(file instanceof File)) return problem(400, "Choose a document to attach.");
  const fields = uploadFields.safeParse({ kind: form.get("kind") ?? undefined, description: form.get("description") ?? undefined });
  if (!fields.success) return problem(400, fields.error.issues.map((i) => i.message).join(" "));
  try {
    const document = await attachCaseDocument(db, user, { caseId: params.caseId, ...fields.data, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    return Response.json(document, { status: 201 });
  } catch (error) {
    if (error instanceof DocumentRefused) return problem(error.status, error.message);
    throw error;
  }
}

/** `inline; filename="…"` with an ASCII fallback and the UTF-8 name (RFC 6266). */
function inlineDisposition(fileName: string): string {
  const ascii = fileName.normalize("NFKD").replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** GET /api/cases/{caseId}/documents/{documentId}: the file, opened inline in the browser; 404 for another case's. */
export async function serveCaseDocument({ db, user, params }: Guarded<{ caseId: string; documentId: string }>): Promise<Response> {
  const document = await openCaseDocument(db, user, params.caseId, params.documentId);
  return new Response(new Uint8Array(document.bytes), {
    headers: {
      "Content-Type": document.contentType,
      "Content-Length": String(document.bytes.length),
      "Content-Disposition": inlineDisposition(document.fileName),
      "X-Content-Type-Options": "nosniff",
    },
  });
}
