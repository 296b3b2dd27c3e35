import { attachment } from "@/server/services/documents/filename";

/** A generated document (PDF, ICS, FHIR JSON) as the service hands it over. */
export interface DownloadFile {
  bytes: Uint8Array;
  filename: string;
  contentType: string;
}

/** A document as a download; the edge marks it `no-store` (patient data stays out of every cache). */
export function download(file: DownloadFile): Response {
  return new Response(new Uint8Array(file.bytes), {
    headers: { "Content-Type": file.contentType, "Content-Length": String(file.bytes.length), "Content-Disposition": attachment(file.filename) },
  });
}
