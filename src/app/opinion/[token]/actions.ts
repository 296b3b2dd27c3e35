"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requestSourceOf } from "@/server/api/request-source";
import { getPrisma } from "@/server/db";
import { confirmCode, expertSession, sendCode } from "@/server/services/expert-opinion/expert-access";
import { submitOpinion } from "@/server/services/expert-opinion/expert-case";
import { deleteExpertAnnotation, keepExpertAnnotation } from "@/server/services/expert-opinion/expert-annotations";
import { EXPERT_COOKIE, expertCookieValue } from "@/server/services/expert-opinion/share-secrets";
import { REFUSALS } from "@/domain/expert-opinion/share-rules";
import type { CodeState } from "@/components/one-time-code/code-step";

export type OpinionState = { error: string | null };

const token = z.string().max(100);

/** The public half of a second-opinion link: the token in the address is the first credential, the code the second. */
export async function requestCode(_previous: CodeState, form: FormData): Promise<CodeState> {
  const parsed = token.safeParse(form.get("token"));
  if (!parsed.success) return { sent: false, error: REFUSALS.unknown, notice: null };
  const result = await sendCode(await getPrisma(), parsed.data, requestSourceOf(await headers()));
  return result.ok ? { sent: true, error: null, notice: "A code is on its way to your e-mail address." } : { sent: false, error: result.message, notice: null };
}

export async function confirmExpertCode(_previous: CodeState, form: FormData): Promise<CodeState> {
  const parsed = z.object({ token, code: z.string().max(20) }).safeParse({ token: form.get("token"), code: form.get("code") });
  if (!parsed.success) return { sent: true, error: REFUSALS.wrongCode, notice: null };
  const requestHeaders = await headers();
  const result = await confirmCode(await getPrisma(), parsed.data.token, parsed.data.code, requestSourceOf(requestHeaders));
  if (!result.ok) return { sent: true, error: result.message, notice: null };
  (await cookies()).set(EXPERT_COOKIE, result.session, {
    httpOnly: true,
    sameSite: "lax",
    secure: requestHeaders.get("x-forwarded-proto") === "https" || (process.env.CONCILIUM_PUBLIC_URL ?? "").startsWith("https:"),
    path: "/",
    expires: result.expiresAt,
  });
  redirect(`/opinion/${parsed.data.token}`);
}

const opinionInput = z.object({
  token,
  agreement: z.enum(["agree", "alternative"]),
  alternative: z.string().max(4000),
  reasons: z.string().max(8000),
  comment: z.string().max(8000),
});

export async function giveOpinion(_previous: OpinionState, form: FormData): Promise<OpinionState> {
  const parsed = opinionInput.safeParse({
    token: form.get("token"),
    agreement: form.get("agreement"),
    alternative: form.get("alternative") ?? "",
    reasons: form.get("reasons") ?? "",
    comment: form.get("comment") ?? "",
  });
  if (!parsed.success) return { error: "Say whether you agree with the board's plan." };
  const db = await getPrisma();
  const requestHeaders = await headers();
  const session = await expertSession(db, expertCookieValue(requestHeaders.get("cookie")), parsed.data.token);
  if (!session) return { error: REFUSALS.sessionEnded };
  const { agreement, alternative, reasons, comment } = parsed.data;
  const result = await submitOpinion(db, session, { agreesWithPlan: agreement === "agree", alternative, reasons, comment }, requestSourceOf(requestHeaders));
  if (!result.ok) return { error: result.message };
  redirect(`/opinion/${parsed.data.token}`);
}

const annotationInput = z.object({
  token,
  kind: z.string().min(1).max(64),
  studyInstanceUid: z.string().max(64),
  seriesInstanceUid: z.string().max(64),
  sopInstanceUid: z.string().max(64).nullable(),
  values: z.array(z.object({ name: z.string().max(100), value: z.number().finite(), unit: z.string().max(32) })).max(20),
  text: z.string().min(1).max(500),
  label: z.string().max(200),
  points: z.array(z.tuple([z.number().finite(), z.number().finite(), z.number().finite()])).max(8).optional(),
});

export type AnnotationState = { ok: boolean; error: string | null };

/** Keeps one of the expert's measurements in their own layer, which the board sees beside the opinion. */
export async function keepAnnotation(input: z.input<typeof annotationInput>): Promise<AnnotationState> {
  const parsed = annotationInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: "This measurement cannot be kept." };
  const requestHeaders = await headers();
  const { token: link, ...annotation } = parsed.data;
  const result = await keepExpertAnnotation(await getPrisma(), expertCookieValue(requestHeaders.get("cookie")), link, annotation, requestSourceOf(requestHeaders));
  return result.ok ? { ok: true, error: null } : { ok: false, error: result.message };
}

const deleteInput = z.object({ token, annotationId: z.string().min(1).max(100) });

/** Removes one of the expert's kept annotations from their layer (and so from the board's view of it). */
export async function deleteAnnotation(input: z.input<typeof deleteInput>): Promise<AnnotationState> {
  const parsed = deleteInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: "This annotation cannot be removed." };
  const requestHeaders = await headers();
  const result = await deleteExpertAnnotation(await getPrisma(), expertCookieValue(requestHeaders.get("cookie")), parsed.data.token, parsed.data.annotationId, requestSourceOf(requestHeaders));
  return result.ok ? { ok: true, error: null } : { ok: false, error: result.message };
}
