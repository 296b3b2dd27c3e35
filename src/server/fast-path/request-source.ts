import { requestSourceOf } from "@/server/api/request-source";
import type { RequestSource } from "@/server/services/db-types";
import type { FastRequest } from "./fast-answer";

/** Where the request came from, as the full route records it (Next hands it the socket's address as X-Forwarded-For). */
export function sourceOf(request: FastRequest): RequestSource {
  return requestSourceOf({ get: (name: string) => request.header(name.toLowerCase()) ?? (name.toLowerCase() === "x-forwarded-for" ? (request.remoteAddress ?? null) : null) });
}
