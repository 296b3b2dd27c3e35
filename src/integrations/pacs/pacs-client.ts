import http from "node:http";
import https from "node:https";
import { Readable } from "node:stream";
import { keepAliveAsAnnounced } from "./keep-alive-agent";
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
 * Connections to the PACS, kept alive between requests. Not fetch: Orthanc answers "Keep-Alive: timeout=1", which
 * fetch (undici, with its 1 s safety margin) reads as "do not reuse", so every frame paid a new connection and
 * Orthanc's slow accept of it (a one-frame proxy round trip was 15-30 % slower than Orthanc direct). Node's own agent
 * has the same margin since Node 20; keepAliveAsAnnounced keeps the socket for the hinted second, less a quarter, and
 * a request that meets a socket the PACS has just closed is sent again.
 */
const agents = {
  "http:": keepAliveAsAnnounced(new http.Agent({ keepAlive: true, maxSockets: 64 })),
  "https:": keepAliveAsAnnounced(new https.Agent({ keepAlive: true, maxSockets: 64 })),
};

/** The PACS's answer as it arrives: status, headers (lower-case names) and the body as a Node stream. */
export type PacsAnswer = http.IncomingMessage & { statusCode: number };

function send(url: URL, headers: Record<string, string>, deadline: AbortSignal, retry: boolean): Promise<PacsAnswer> {
  const transport = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(url, { headers, agent: agents[url.protocol as keyof typeof agents], signal: deadline }, (response) => resolve(response as PacsAnswer));
    request.on("error", (error: NodeJS.ErrnoException) => {
      // A kept-alive socket closed by the PACS meanwhile: once more on a fresh one (GET is idempotent).
      if (retry && request.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE")) resolve(send(url, headers, deadline, false));
      else reject(error);
    });
    request.setNoDelay(true);
    request.end();
  });
}

/**
 * A GET against the PACS' DICOMweb root with the site's credentials and a deadline (for the answer's whole body).
 * The path is built by the caller from validated UIDs only; it is appended to the configured root and can never
 * leave it. Redirects are not followed.
 */
export async function pacsRequest(pacs: PacsConfig, path: string, init: { accept: string; search?: URLSearchParams; headers?: Record<string, string> }): Promise<PacsAnswer> {
  const url = new URL(`${pacs.baseUrl}/${path.replace(/^\/+/, "")}${init.search && [...init.search].length ? `?${init.search}` : ""}`);
  const headers: Record<string, string> = { ...init.headers, Accept: init.accept };
  if (pacs.authorization) headers.Authorization = pacs.authorization;
  const deadline = AbortSignal.timeout(pacs.timeoutMs);
  let response: PacsAnswer;
  try {
    response = await send(url, headers, deadline, true);
  } catch (error) {
    void error;
    throw deadline.aborted ? pacsTimedOut(pacs) : pacsUnreachable(pacs);
  }
  const refusal = pacsRefusal(pacs, response.statusCode);
  if (refusal) {
    response.resume();
    throw refusal;
  }
  return response;
}

/** The PACS did not answer within its deadline. */
export function pacsTimedOut(pacs: PacsConfig): PacsUnavailableError {
  const limit = pacs.timeoutMs < 1000 ? `${pacs.timeoutMs} ms` : `${Math.round(pacs.timeoutMs / 1000)} s`;
  return new PacsUnavailableError(`The PACS "${pacs.name}" did not answer within ${limit}.`);
}

/** No connection to the PACS (or a redirect, which is not followed). */
export const pacsUnreachable = (pacs: PacsConfig, status: number | null = null) => new PacsUnavailableError(`The PACS "${pacs.name}" cannot be reached; it may be down.`, status);

/** What an answer's status says against the PACS (credentials refused, a redirect, its own error); null when nothing. */
export function pacsRefusal(pacs: PacsConfig, status: number): PacsUnavailableError | null {
  if (status === 401 || status === 403) return new PacsUnavailableError(`The PACS "${pacs.name}" refused Concilium's credentials.`, status);
  if (status >= 300 && status < 400) return pacsUnreachable(pacs, status);
  if (status >= 500) return new PacsUnavailableError(`The PACS "${pacs.name}" answered with an error (HTTP ${status}).`, status);
  return null;
}

const NULL_BODY = new Set([204, 205, 304]);

/** pacsRequest's answer as a web Response, for callers that read JSON or pass a Response on. */
export async function pacsGet(pacs: PacsConfig, path: string, init: { accept: string; search?: URLSearchParams; headers?: Record<string, string> }): Promise<Response> {
  const answer = await pacsRequest(pacs, path, init);
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  if (NULL_BODY.has(answer.statusCode)) {
    answer.resume();
    return new Response(null, { status: answer.statusCode, headers });
  }
  return new Response(Readable.toWeb(answer) as ReadableStream<Uint8Array>, { status: answer.statusCode, headers });
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
