/**
 * The bodies of the document routes (agenda.pdf, agenda.ics, minutes.pdf, letter, FHIR). Each route.ts runs
 * guardRoute with the policy below and hands over; tests call these with a context of their own.
 */
import { z } from "zod";
import { CLINICAL_ROLES } from "@/domain/roles";
import { Prisma } from "@/generated/prisma/client";
import type { Actor, Db } from "../db-types";
import { ServiceError } from "../errors";
import { exportDecisionFhir } from "./fhir-export";
import { attachment } from "./filename";
import { letterPdf } from "./letters";
import { type DocumentFile, meetingAgendaPdf, meetingIcs, meetingMinutesPdf } from "./meeting-documents";

export interface DocumentRouteContext {
  db: Db;
  user: Actor;
}

/** Members of the meeting's board, in any clinical role. */
export const MEETING_DOCUMENT_POLICY = { roles: CLINICAL_ROLES, scope: { via: "meeting", field: "meetingId" } } as const;
/** Members of the case's board, in any clinical role. */
export const CASE_DOCUMENT_POLICY = { roles: CLINICAL_ROLES, scope: { via: "case", field: "caseId" } } as const;
export const DECISION_DOCUMENT_POLICY = { roles: CLINICAL_ROLES, scope: { via: "decision", field: "decisionId" } } as const;

const STATUS = { BAD_REQUEST: 400, NOT_FOUND: 404, CONFLICT: 409, SERVICE_UNAVAILABLE: 503 } as const;
const problem = (status: number, error: string) => Response.json({ error }, { status, headers: { "Cache-Control": "no-store" } });

async function respond(make: () => Promise<DocumentFile>): Promise<Response> {
  try {
    const file = await make();
    return new Response(new Uint8Array(file.bytes), {
      headers: {
        "Content-Type": file.contentType,
        "Content-Length": String(file.bytes.length),
        "Content-Disposition": attachment(file.filename),
        // Patient data: never kept by shared caches, nor by the browser after the download.
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    if (error instanceof ServiceError) return problem(STATUS[error.code], error.message);
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") return problem(404, "Not found.");
    throw error;
  }
}

/** GET /api/meetings/{meetingId}/agenda.pdf */
export const serveAgendaPdf = (ctx: DocumentRouteContext, meetingId: string) => respond(() => meetingAgendaPdf(ctx.db, ctx.user, meetingId));

/** GET /api/meetings/{meetingId}/minutes.pdf */
export const serveMinutesPdf = (ctx: DocumentRouteContext, meetingId: string) => respond(() => meetingMinutesPdf(ctx.db, ctx.user, meetingId));

/** GET /api/meetings/{meetingId}/agenda.ics: the meeting as a calendar event (no patient data). */
export function serveAgendaIcs(ctx: DocumentRouteContext, meetingId: string, request: Request) {
  const baseUrl = process.env.CONCILIUM_PUBLIC_URL?.trim() || new URL(request.url).origin;
  return respond(() => meetingIcs(ctx.db, meetingId, baseUrl));
}

const letterQuery = z.object({
  decisionId: z.string({ error: "Say which decision the letter is about (decisionId)." }).min(1, "Say which decision the letter is about (decisionId).").max(64),
  recipient: z.enum(["referrer", "gp"], { error: "recipient must be referrer or gp." }),
});

/** GET /api/cases/{caseId}/letter?decisionId=…&recipient=referrer|gp */
export function serveLetter(ctx: DocumentRouteContext, caseId: string, request: Request) {
  const parsed = letterQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Promise.resolve(problem(400, parsed.error.issues.map((i) => i.message).join(" ")));
  return respond(() => letterPdf(ctx.db, ctx.user, { caseId, ...parsed.data }));
}

/** GET /api/decisions/{decisionId}/fhir: an mCODE Bundle. */
export function serveDecisionFhir(ctx: DocumentRouteContext, decisionId: string) {
  return respond(async () => {
    const { bundle, filename } = await exportDecisionFhir(ctx.db, ctx.user, decisionId);
    return { bytes: new TextEncoder().encode(JSON.stringify(bundle, null, 2)), filename, contentType: "application/fhir+json; charset=utf-8" };
  });
}
