import type { PacsConfig } from "./pacs-config";

/** The PACS did not answer, refused, or answered with an error: the message says which, for the user. */
export class PacsUnavailableError extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = "PacsUnavailableError";
  }
}

/** DICOM JSON (PS3.18 F.2). */
export type DicomJson = Record<string, { vr: string; Value?: unknown[] }>;

/**
 * A GET against the PACS' DICOMweb root with the site's credentials and a deadline. The path is built by the caller
 * from validated UIDs only; it is appended to the configured root and can never leave it.
 */
export async function pacsGet(pacs: PacsConfig, path: string, init: { accept: string; search?: URLSearchParams; headers?: Record<string, string> }): Promise<Response> {
  const url = `${pacs.baseUrl}/${path.replace(/^\/+/, "")}${init.search && [...init.search].length ? `?${init.search}` : ""}`;
  // Node's fetch keeps connections to the PACS alive between requests (undici's pool per origin).
  const headers: Record<string, string> = { ...init.headers, Accept: init.accept };
  if (pacs.authorization) headers.Authorization = pacs.authorization;
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(pacs.timeoutMs), redirect: "error" });
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    if (name === "TimeoutError" || name === "AbortError") {
      const limit = pacs.timeoutMs < 1000 ? `${pacs.timeoutMs} ms` : `${Math.round(pacs.timeoutMs / 1000)} s`;
      throw new PacsUnavailableError(`The PACS "${pacs.name}" did not answer within ${limit}.`);
    }
    throw new PacsUnavailableError(`The PACS "${pacs.name}" cannot be reached; it may be down.`);
  }
  if (response.status === 401 || response.status === 403) {
    throw new PacsUnavailableError(`The PACS "${pacs.name}" refused Concilium's credentials.`, response.status);
  }
  if (response.status >= 500) throw new PacsUnavailableError(`The PACS "${pacs.name}" answered with an error (HTTP ${response.status}).`, response.status);
  return response;
}

/** QIDO-RS study search; an empty result is an empty list (some servers answer 204). */
export async function searchStudies(pacs: PacsConfig, query: Record<string, string>): Promise<DicomJson[]> {
  const response = await pacsGet(pacs, "studies", { accept: "application/dicom+json", search: new URLSearchParams(query) });
  if (response.status === 204) return [];
  if (!response.ok) throw new PacsUnavailableError(`The PACS "${pacs.name}" could not search studies (HTTP ${response.status}).`, response.status);
  return (await response.json()) as DicomJson[];
}

export const dicomJsonString = (json: DicomJson, tag: string): string => {
  const value = json[tag]?.Value?.[0];
  if (value === undefined || value === null) return "";
  if (typeof value === "object" && "Alphabetic" in (value as Record<string, unknown>)) return String((value as { Alphabetic: string }).Alphabetic ?? "");
  return String(value);
};
